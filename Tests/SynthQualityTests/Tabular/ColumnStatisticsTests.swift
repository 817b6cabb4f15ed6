import Foundation
import SynthQuality
import SynthTesting
import Testing

@Suite struct ColumnStatisticsTests {
    @Test func ksComplementAndBinsMatchScipyAndNumpy() throws {
        let a: [Double] = [1, 2, 2, 3, 5, 8, .nan, 13, 21, 2, 3]
        let b: [Double] = [2, 2, 4, 4, 6, 9, 13, .nan, .nan, 30]
        let output = try Processes.python(
            """
            import numpy as np
            from scipy.stats import ks_2samp
            a = np.array([1, 2, 2, 3, 5, 8, np.nan, 13, 21, 2, 3]); b = np.array([2, 2, 4, 4, 6, 9, 13, np.nan, np.nan, 30])
            print(1 - ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)]).statistic)
            print(" ".join(str(x) for x in np.digitize(a, np.histogram_bin_edges(a[~np.isnan(a)]))))
            """)
        let lines = output.split(separator: "\n")
        #expect(abs(ColumnStatistics.ksComplement(a, b) - Double(lines[0])!) < 1e-12)
        #expect(ColumnStatistics.bins(a).map(String.init).joined(separator: " ") == lines[1])
    }

    @Test func cramersVMatchesScipy() throws {
        let x = [0, 0, 1, 1, 2, 2, 0, 1, 2, 2, -1, 0]
        let y = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
        let output = try Processes.python(
            """
            import numpy as np
            from scipy.stats.contingency import association, crosstab
            x = [0, 0, 1, 1, 2, 2, 0, 1, 2, 2, -1, 0]; y = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
            print(association(crosstab(x, y).count, method="cramer"))
            """)
        #expect(abs(ColumnStatistics.cramersV(x, y) - Double(output.trimmingCharacters(in: .whitespacesAndNewlines))!) < 1e-12)
    }
}
