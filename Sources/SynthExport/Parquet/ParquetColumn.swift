/// One top-level column of a Parquet file: a primitive, or a list of structs of primitives.
public struct ParquetColumn: Sendable, Hashable {
    /// What a column holds.
    public indirect enum Kind: Sendable, Hashable {
        /// UTF-8 text: BYTE_ARRAY with the STRING logical type.
        case string
        /// A signed 64-bit integer.
        case int64
        /// A 64-bit float.
        case double
        /// A boolean.
        case boolean
        /// A list of structs whose members are primitive columns (the standard 3-level LIST).
        case list(of: [ParquetColumn])
    }

    /// The column's name.
    public var name: String
    /// What the column holds.
    public var kind: Kind
    /// Whether a row may leave the column null (a missing or `.null` value).
    public var isOptional: Bool

    /// Makes a column.
    public init(_ name: String, _ kind: Kind, optional: Bool = false) {
        self.name = name
        self.kind = kind
        self.isOptional = optional
    }

    /// The physical type code of a primitive column (Parquet's `Type` enum).
    var physicalType: Int {
        switch kind {
        case .boolean: return 0
        case .int64: return 2
        case .double: return 5
        case .string: return 6
        case .list: preconditionFailure("a list column has no physical type")
        }
    }

    /// What a value of this kind is called in error messages.
    var kindName: String {
        switch kind {
        case .string: return "a string"
        case .int64: return "an integer"
        case .double: return "a number"
        case .boolean: return "a boolean"
        case .list: return "a list of objects"
        }
    }
}
