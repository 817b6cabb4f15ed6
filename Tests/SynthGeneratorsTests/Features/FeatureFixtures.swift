import Foundation
import SynthCore
import SynthTesting

@testable import SynthGenerators

/// Helpers shared by the feature and series tests.
enum FeatureFixtures {
    /// The repository's examples/features folder.
    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/features").path
    }

    /// All rows of `schema` as one table, drawn batch by batch as the CLI streams them.
    static func generate(_ schema: FeatureSchema, count: Int, seed: UInt64) throws -> Table {
        let generator = try FeatureGenerator(schema: schema, count: count, seed: seed)
        var columns: [Column] = []
        for index in 0..<generator.batchCount {
            let batch = try generator.batch(index)
            if columns.isEmpty {
                columns = batch.columns
            } else {
                for c in columns.indices {
                    columns[c].numbers += batch.columns[c].numbers
                    columns[c].codes += batch.columns[c].codes
                }
            }
        }
        return Table(columns: columns)
    }

    /// The whole series of `schema` as one table.
    static func series(_ schema: SeriesSchema, seed: UInt64) -> Table {
        let generator = SeriesGenerator(schema: schema, entities: schema.entities, seed: seed)
        var columns: [Column] = []
        for index in 0..<generator.batchCount {
            let batch = generator.batch(index)
            if columns.isEmpty {
                columns = batch.columns
            } else {
                for c in columns.indices {
                    let offset = Int32(columns[c].levels.count)
                    columns[c].numbers += batch.columns[c].numbers
                    columns[c].codes += batch.columns[c].codes.map { $0 + offset }
                    columns[c].levels += batch.columns[c].levels
                }
            }
        }
        return Table(columns: columns)
    }

    /// `table` as CSV text (header, then one line per row).
    static func csv(_ table: Table) -> String {
        var lines = [table.names.joined(separator: ",")]
        for row in 0..<table.rowCount { lines.append(table.columns.map { $0.text(at: row) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `table` as CSV to a new temporary file and returns its path.
    static func write(_ table: Table) throws -> String {
        let path = try Processes.temporaryFolder() + "/data.csv"
        try csv(table).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Parses `yaml`, failing the test with the parser's message if it is rejected.
    static func schema(_ yaml: String) throws -> FeatureSchema {
        try FeatureSchema.parse(text: yaml, file: "test.yaml")
    }
}
