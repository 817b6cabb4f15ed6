import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthGenerators

@Suite struct SeriesTests {
    static func schema(_ yaml: String) throws -> SeriesSchema {
        try FeatureFixtures.schema(yaml).series!
    }

    /// statsmodels' AutoReg recovers the declared AR(2) coefficients.
    @Test func statsmodelsRecoversTheARCoefficients() throws {
        let series = try Self.schema(
            """
            series:
              start: 2024-01-01
              length: 20000
              values:
                - {name: v, level: 5, ar: [0.6, -0.3], noise: 1}
            """)
        let path = try FeatureFixtures.write(FeatureFixtures.series(series, seed: 9))
        let output = try Processes.python(
            """
            import sys
            import pandas as pd
            from statsmodels.tsa.ar_model import AutoReg
            d = pd.read_csv(sys.argv[1])
            fit = AutoReg(d.v.values, lags=2, trend="c").fit()
            print(" ".join(f"{x:.4f}" for x in fit.params[1:]), f"{d.v.mean():.4f}", f"{fit.resid.std():.4f}")
            """, [path])
        let figures = output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(figures[0] - 0.6) < 0.03 && abs(figures[1] + 0.3) < 0.03, "fitted \(figures)")
        #expect(abs(figures[2] - 5) < 0.1)
        #expect(abs(figures[3] - 1) < 0.03)
    }

    /// scipy's periodogram finds the declared periods.
    @Test func thePeriodogramFindsTheSeasons() throws {
        let series = try Self.schema(
            """
            series:
              start: 2024-01-01 00:00
              frequency: hour
              length: 4704  # a whole number of both periods, so each falls on a frequency bin
              values:
                - name: v
                  seasonality:
                    - {period: 24, amplitude: 4}
                    - {period: 7, amplitude: 2, phase: 3}
                  ar: [0.3]
                  noise: 1
            """)
        let table = FeatureFixtures.series(series, seed: 2)
        #expect(table["timestamp"]!.text(at: 25) == "2024-01-02 01:00:00")
        let output = try Processes.python(
            """
            import sys
            import numpy as np, pandas as pd
            from scipy.signal import periodogram
            d = pd.read_csv(sys.argv[1])
            f, p = periodogram(d.v.values - d.v.mean())
            top = f[np.argsort(p)[-2:][::-1]]
            print(" ".join(f"{1 / x:.3f}" for x in top))
            """, [try FeatureFixtures.write(table)])
        #expect(output == "24.000 7.000\n")
    }

    /// Per-entity trends and levels, fitted by numpy, match the declared trend and level spread.
    @Test func numpyFindsTheTrendAndTheLevelSpread() throws {
        let series = try Self.schema(
            """
            series:
              entities: 400
              entity: store
              start: 2024-01-01
              length: 60
              frequency: week
              values:
                - {name: sales, level: 50, level_sd: 10, trend: 0.5, noise: 1, ar: [0.2]}
            """)
        let table = FeatureFixtures.series(series, seed: 4)
        #expect(table.rowCount == 24_000)
        #expect(table["store"]!.text(at: 0) == "store-001" && table["store"]!.text(at: 60) == "store-002")
        #expect(table["timestamp"]!.text(at: 1) == "2024-01-08")
        let output = try Processes.python(
            """
            import sys
            import numpy as np, pandas as pd
            d = pd.read_csv(sys.argv[1])
            fits = np.array([np.polyfit(np.arange(len(g)), g.sales.values, 1) for _, g in d.groupby("store")])
            print(f"{fits[:, 0].mean():.4f} {fits[:, 1].mean():.4f} {fits[:, 1].std():.4f}")
            """, [try FeatureFixtures.write(table)])
        let figures = output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(figures[0] - 0.5) < 0.01, "mean slope \(figures[0])")
        #expect(abs(figures[1] - 50) < 1.5, "mean level \(figures[1])")
        #expect(abs(figures[2] - 10) < 1.5, "level sd \(figures[2])")
    }

    @Test func monthsStepByCalendarDate() {
        let start = DateLayout.parse("2024-01-31")!.seconds
        let months = (0..<4).map { DateLayout.date.text(seconds: SeriesGenerator.time(step: $0, start: start, frequency: .month)) }
        #expect(months == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
    }

    @Test func anEndDateSetsTheLength() throws {
        let series = try Self.schema("series:\n  start: 2024-01-01\n  end: 2024-12-31\n  values:\n    - {name: v}\n")
        #expect(series.length == 366)
    }

    @Test(arguments: [([0.5], true), ([1.0], false), ([-0.99], true), ([0.5, 0.6], false), ([1.2, -0.5], true), ([0.3, -1.1], false)])
    func stationarityFollowsTheARTriangle(ar: [Double], stationary: Bool) {
        #expect(SeriesSchema.isStationary(ar) == stationary)
    }
}
