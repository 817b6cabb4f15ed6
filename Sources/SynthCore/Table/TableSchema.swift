/// What a user declares about a table, overriding what is inferred from the data.
///
/// Declared bounds and category domains matter for differential privacy: a domain read from
/// the data leaks it, so private models use these or spend budget to learn them.
public struct TableSchema: Sendable, Equatable, Codable {
    /// Per-column declarations, by column name.
    public var columns: [String: ColumnSpec]
    /// Rules every sampled row must satisfy.
    public var constraints: [TableConstraint]
    /// Columns that together could re-identify a person (for k-anonymity).
    public var quasiIdentifiers: [String]

    /// A schema.
    public init(columns: [String: ColumnSpec] = [:], constraints: [TableConstraint] = [], quasiIdentifiers: [String] = []) {
        self.columns = columns
        self.constraints = constraints
        self.quasiIdentifiers = quasiIdentifiers
    }
}

/// What is declared about one column; nil fields are inferred.
public struct ColumnSpec: Sendable, Equatable, Codable {
    /// The column's kind.
    public var kind: ColumnKind?
    /// The smallest possible value (numbers; datetimes as text in the column's layout are parsed by the reader).
    public var min: Double?
    /// The largest possible value.
    public var max: Double?
    /// Every possible label of a categorical column.
    public var values: [String]?
    /// What personal data a text column holds (`name`, `email`, `phone`, `address`, ...), for fakes.
    public var pii: String?

    /// A column declaration.
    public init(kind: ColumnKind? = nil, min: Double? = nil, max: Double? = nil, values: [String]? = nil, pii: String? = nil) {
        self.kind = kind
        self.min = min
        self.max = max
        self.values = values
        self.pii = pii
    }
}

/// A rule sampled rows satisfy by construction.
public enum TableConstraint: Sendable, Equatable, Codable {
    /// `column` stays within `min...max`.
    case range(column: String, min: Double?, max: Double?)
    /// `high` is strictly greater than `low` (for example `end_date > start_date`).
    case inequality(low: String, high: String)
    /// Only combinations of these columns seen in the data occur (city ↔ country).
    case fixedCombinations([String])
    /// No value repeats in `column`.
    case unique(String)
    /// `column` is greater than zero.
    case positive(String)
}

/// A condition on one column, as `--where` gives them: rows sampled under it all satisfy it.
public struct ColumnCondition: Sendable, Equatable, Codable {
    /// The column it constrains.
    public var column: String
    /// What the column must hold.
    public var allowed: Allowed

    /// What a condition allows.
    public enum Allowed: Sendable, Equatable, Codable {
        /// A number (or datetime seconds) within bounds; a nil bound is open.
        case range(min: Double?, max: Double?, minInclusive: Bool, maxInclusive: Bool)
        /// One of these labels (categorical, boolean as "true"/"false").
        case values([String])
    }

    /// A condition.
    public init(column: String, allowed: Allowed) {
        self.column = column
        self.allowed = allowed
    }

    /// True when the number `x` is allowed (labels never are).
    public func allows(_ x: Double) -> Bool {
        guard case .range(let lo, let hi, let loIn, let hiIn) = allowed, !x.isNaN else { return false }
        if let lo, loIn ? x < lo : x <= lo { return false }
        if let hi, hiIn ? x > hi : x >= hi { return false }
        return true
    }

    /// True when the label `label` is allowed.
    public func allows(_ label: String) -> Bool {
        if case .values(let labels) = allowed { return labels.contains(label) }
        return false
    }
}
