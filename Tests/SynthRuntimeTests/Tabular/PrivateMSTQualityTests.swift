import Foundation
import SynthCore
import SynthGenerators
import SynthTesting
import Testing

@Suite(.serialized) struct PrivateMSTQualityTests {
    /// The domains a data owner declares: ranges from each table's documentation, category lists.
    static let schemas: [String: TableSchema] = [
        "fair.csv": TableSchema(columns: [
            "rate_marriage": ColumnSpec(min: 1, max: 5), "age": ColumnSpec(min: 17.5, max: 42),
            "yrs_married": ColumnSpec(min: 0.5, max: 23), "children": ColumnSpec(min: 0, max: 5.5),
            "religious": ColumnSpec(min: 1, max: 4), "educ": ColumnSpec(min: 9, max: 20),
            "occupation": ColumnSpec(min: 1, max: 6), "occupation_husb": ColumnSpec(min: 1, max: 6),
            "affairs": ColumnSpec(min: 0, max: 60),
        ]),
        "students.csv": TableSchema(columns: [
            "gender": ColumnSpec(values: ["M", "F"]), "second_perc": ColumnSpec(min: 0, max: 100),
            "high_perc": ColumnSpec(min: 0, max: 100), "high_spec": ColumnSpec(values: ["Commerce", "Science", "Arts"]),
            "degree_perc": ColumnSpec(min: 0, max: 100), "degree_type": ColumnSpec(values: ["Sci&Tech", "Comm&Mgmt", "Others"]),
            "experience_years": ColumnSpec(min: 0, max: 5), "employability_perc": ColumnSpec(min: 0, max: 100),
            "mba_spec": ColumnSpec(values: ["Mkt&HR", "Mkt&Fin"]), "mba_perc": ColumnSpec(min: 0, max: 100),
            "salary": ColumnSpec(min: 0, max: 100_000), "start_date": ColumnSpec(min: 1_577_836_800, max: 1_640_995_200),
            "end_date": ColumnSpec(min: 1_577_836_800, max: 1_640_995_200), "duration": ColumnSpec(min: 0, max: 12),
        ]),
    ]

    /// Fits at ε = 1 (δ = 10⁻⁶), samples as many rows as the table has, and scores with sdmetrics.
    private func score(_ file: String) throws -> Double {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try PublicTables.export(to: folder)
        let real = try QualityFixture.prepared(folder + "/" + file)
        let budget = try PrivacyBudget(epsilon: 1, delta: 1e-6)
        let model = try PrivateMST.fit(real, schema: Self.schemas[file]!, budget: budget, seed: 5)
        #expect(abs(model.spend.epsilon - 1) < 1e-9)
        let synthetic = try model.sample(count: real.rowCount, seed: 11, conditions: [])
        return try QualityFixture.score(realPath: folder + "/" + file, synthetic: synthetic, folder: folder)
    }

    @Test func reachesTheQualityTargetAtEpsilonOne() throws {
        let score = try score("fair.csv")
        #expect(score >= 0.85, "sdmetrics QualityReport \(score) on fair (6366 rows) at ε = 1")
    }

    /// Student placements has 215 rows and 16 columns: at ε = 1 every released count carries
    /// Gaussian noise of deviation about 37, more than most counts, so the 0.85 is out of
    /// reach there (0.59 to 0.62 over seeds; 0.76 at ε = 10). This pins what it does reach.
    @Test func aTableOf215RowsKeepsWhatTheNoiseAllows() throws {
        let score = try score("students.csv")
        #expect(score >= 0.55, "sdmetrics QualityReport \(score) on student placements at ε = 1")
    }
}
