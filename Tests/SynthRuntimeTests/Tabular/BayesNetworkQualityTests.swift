import Foundation
import SynthCore
import SynthExport
import SynthGenerators
import SynthTesting
import Testing

/// The public tables prepared as a graphical model sees them, and their sdmetrics QualityReport.
enum QualityFixture {
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
        return try PublicTables.qualityScore(real: realPath, synthetic: path, metadata: metadata)
    }
}

@Suite(.serialized) struct BayesNetworkQualityTests {
    @Test(arguments: ["fair.csv", "students.csv"])
    func reachesTheQualityTargetOnPublicTables(_ file: String) throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try PublicTables.export(to: folder)
        let real = try QualityFixture.prepared(folder + "/" + file)
        let model = try BayesNetwork.fit(real)
        let synthetic = try model.sample(count: real.rowCount, seed: 11, conditions: [])
        let score = try QualityFixture.score(realPath: folder + "/" + file, synthetic: synthetic, folder: folder)
        #expect(score >= 0.90, "sdmetrics QualityReport \(score) on \(file)")
    }
}
