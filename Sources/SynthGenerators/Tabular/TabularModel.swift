import SynthCore

/// A fitted model of a table that samples new rows: the copula, the Bayesian network, the private MST.
///
/// Models see a table already prepared for modelling (identifier and personal-data columns
/// removed, constraints turned into modelled columns) and return rows in the same columns.
/// A model is a value: fitting returns one, the model file stores it, sampling never changes it.
public protocol TabularModel: Sendable, Codable {
    /// The name the model has on the command line and in model files (`copula`, `bayesnet`, `dp-mst`).
    static var name: String { get }

    /// Fits the model on a prepared table.
    ///
    /// The same table and options (including the seed) give the same model, byte for byte once encoded.
    static func fit(_ table: Table, options: FitOptions) throws(SynthError) -> Self

    /// `count` new rows with the fitted columns; every row satisfies every condition.
    ///
    /// The same `seed` gives the same rows. A condition the model cannot meet (a label it never
    /// saw, a range outside the column's support) is an error that says so, never a loop.
    /// Several conditions on one column must all hold. For numeric columns `.values` lists
    /// allowed numbers as text (`"3"`, `"1"` for a true boolean).
    func sample(count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table

    /// What fitting spent of the privacy budget, mechanism by mechanism, or nil for a model that is not private.
    var privacy: PrivacySpend? { get }

    /// True for models whose fit spends a privacy budget (and so needs a secret seed).
    static var isPrivate: Bool { get }

    /// Every value `column` can take, as text, when the model can list them (labels, and numbers
    /// of columns with few distinct values), so `--where` can negate (`region != 'north'`); else nil.
    func values(of column: String) -> [String]?
}

extension TabularModel {
    /// Models are not private unless they say so.
    public var privacy: PrivacySpend? { nil }

    /// True for models whose fit spends a privacy budget (and so needs a secret seed).
    public static var isPrivate: Bool { false }

    /// Models list no values unless they say so.
    public func values(of column: String) -> [String]? { nil }
}

/// What fitting is told besides the table.
public struct FitOptions: Sendable {
    /// Seeds every random choice fitting makes.
    public var seed: UInt64
    /// The privacy budget for private models (`--epsilon`); nil when not given.
    public var epsilon: Double?
    /// The δ of (ε, δ)-differential privacy (`--delta`); nil when not given.
    public var delta: Double?
    /// The user's declarations (bounds and domains a private model must use instead of the data's).
    public var schema: TableSchema

    /// Fit options.
    public init(seed: UInt64 = 0, epsilon: Double? = nil, delta: Double? = nil, schema: TableSchema = TableSchema()) {
        self.seed = seed
        self.epsilon = epsilon
        self.delta = delta
        self.schema = schema
    }
}

/// Every model `fit --model` knows, by name: the one place a new model is registered.
public enum TabularModels {
    /// The model types, in the order help lists them.
    public static let all: [any TabularModel.Type] = [
        GaussianCopula.self, BayesNetwork.self, PrivateMST.self,
    ]

    /// The names of the known models.
    public static var names: [String] { all.map { $0.name } }

    /// The model type called `name`, or an error listing the known ones.
    public static func type(named name: String) throws(SynthError) -> any TabularModel.Type {
        guard let type = all.first(where: { $0.name == name }) else {
            throw SynthError(.invalidArgument, "unknown model '\(name)'; models are: \(names.joined(separator: ", "))")
        }
        return type
    }
}
