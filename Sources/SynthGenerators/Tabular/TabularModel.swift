import SynthCore

/// A fitted model of a table that samples new rows: the copula, the Bayesian network, the private MST.
///
/// Models see a table already prepared for modelling (identifier and personal-data columns
/// removed, constraints turned into modelled columns) and return rows in the same columns.
/// A model is a value: fitting returns one, the model file stores it, sampling never changes it.
public protocol TabularModel: Sendable, Codable {
    /// The name the model has on the command line and in model files (`copula`, `bayesnet`, `dp-mst`).
    static var name: String { get }

    /// `count` new rows with the fitted columns; every row satisfies every condition.
    ///
    /// The same `seed` gives the same rows. A condition the model cannot meet (a label it never
    /// saw, a range outside the column's support) is an error that says so, never a loop.
    func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table
}
