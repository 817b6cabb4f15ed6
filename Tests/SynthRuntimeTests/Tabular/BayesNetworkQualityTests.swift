import Foundation
import SynthCore
import SynthExport
import SynthGenerators
import SynthTesting
import Testing

/// Public tables exported by the reference Python, and sdmetrics' QualityReport run on them.
enum QualityFixture {
    /// Writes statsmodels' `fair` and sdmetrics' student placements as CSV into `folder`.
    static func export(to folder: String) throws {
        _ = try Processes.python(
            """
            import os, shutil, sys, sdmetrics, statsmodels.api as sm
            sm.datasets.fair.load_pandas().data.to_csv(os.path.join(sys.argv[1], 'fair.csv'), index=False)
            demo = os.path.join(os.path.dirname(sdmetrics.__file__), 'demos', 'single_table', 'student_placements_real.csv')
            shutil.copy(demo, os.path.join(sys.argv[1], 'placements.csv'))
            """, [folder])
    }

    /// The table at `path` with identifier and text columns dropped, as the preparation step leaves it.
    static func prepared(_ path: String) throws -> Table {
        let table = try TableReader.read(path: path).table
        return Table(columns: table.columns.filter { $0.kind != .identifier && $0.kind != .text })
    }

    /// sdmetrics' QualityReport score of `synthetic` against the CSV at `realPath`, over `synthetic`'s columns.
    static func score(realPath: String, synthetic: Table, folder: String) throws -> Double {
        let path = folder + "/synthetic-\(UUID().uuidString).csv"
        try TableWriter.write(synthetic, to: path)
        var columns: [String: Any] = [:]
        for column in synthetic.columns {
            switch column.kind {
            case .integer, .float: columns[column.name] = ["sdtype": "numerical"]
            case .boolean: columns[column.name] = ["sdtype": "boolean"]
            case .datetime: columns[column.name] = ["sdtype": "datetime", "datetime_format": "%Y-%m-%d"]
            case .categorical, .identifier, .text: columns[column.name] = ["sdtype": "categorical"]
            }
        }
        let metadata = String(decoding: try JSONSerialization.data(withJSONObject: ["columns": columns]), as: UTF8.self)
        let out = try Processes.python(
            """
            import json, sys, pandas as pd
            from sdmetrics.reports.single_table import QualityReport
            meta = json.loads(sys.argv[3])
            cols = list(meta['columns'])
            real, synth = pd.read_csv(sys.argv[1])[cols], pd.read_csv(sys.argv[2])[cols]
            for c, m in meta['columns'].items():
                if m['sdtype'] == 'datetime':
                    real[c], synth[c] = pd.to_datetime(real[c]), pd.to_datetime(synth[c])
            report = QualityReport()
            report.generate(real, synth, meta, verbose=False)
            print(report.get_score())
            """, [realPath, path, metadata])
        return Double(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
    }
}

@Suite(.serialized) struct BayesNetworkQualityTests {
    @Test(arguments: ["fair.csv", "placements.csv"])
    func reachesTheQualityTargetOnPublicTables(_ file: String) throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try QualityFixture.export(to: folder)
        let real = try QualityFixture.prepared(folder + "/" + file)
        let model = try BayesNetwork.fit(real)
        let synthetic = try model.sample(count: real.rowCount, seed: 11, conditions: [])
        let score = try QualityFixture.score(realPath: folder + "/" + file, synthetic: synthetic, folder: folder)
        #expect(score >= 0.90, "sdmetrics QualityReport \(score) on \(file)")
    }
}
