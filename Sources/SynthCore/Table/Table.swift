/// A table held by column: what tabular models fit on, sample into, and what evaluation reads.
///
/// Numeric, boolean and datetime columns keep `Double`s (NaN is missing); categorical,
/// identifier and text columns keep codes into a list of distinct values (-1 is missing).
/// Column storage keeps a million rows of ten columns in about 80 MB.
public struct Table: Sendable, Equatable {
    /// The columns, in file order.
    public var columns: [Column]

    /// A table of `columns`, which must all have the same number of rows.
    public init(columns: [Column]) {
        self.columns = columns
    }

    /// The number of rows (0 for a table without columns).
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The column names, in order.
    public var names: [String] { columns.map(\.name) }

    /// The column called `name`, if there is one.
    public subscript(name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The index of the column called `name`, if there is one.
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The rows in `range`, as a new table with the same columns.
    public func rows(_ range: Range<Int>) -> Table {
        Table(columns: columns.map { $0.rows(range) })
    }
}

/// What a column holds, which decides how models treat it.
public enum ColumnKind: String, Sendable, Codable, CaseIterable {
    /// Whole numbers.
    case integer
    /// Real numbers.
    case float
    /// `true`/`false` (also read from yes/no).
    case boolean
    /// Dates or date-times, kept as seconds since 1970-01-01T00:00:00Z.
    case datetime
    /// A few repeated labels.
    case categorical
    /// A key unique per row: regenerated, never modelled or copied.
    case identifier
    /// Free text or personal data (names, emails, phones): replaced with fakes, never copied.
    case text

    /// True for kinds kept as numbers (`Column.numbers`).
    public var isNumeric: Bool {
        switch self {
        case .integer, .float, .boolean, .datetime: return true
        case .categorical, .identifier, .text: return false
        }
    }
}

/// One column of a ``Table``.
public struct Column: Sendable, Equatable {
    /// The header name.
    public var name: String
    /// What the column holds.
    public var kind: ColumnKind
    /// Values of numeric kinds (`integer`, `float`, `boolean` as 0/1, `datetime` as seconds); NaN is missing.
    public var numbers: [Double]
    /// Codes into `levels` for the other kinds; -1 is missing.
    public var codes: [Int32]
    /// The distinct values of a coded column, in the order first seen.
    public var levels: [String]
    /// How values are written back: decimals for floats, the date layout for datetimes.
    public var format: ColumnFormat
    /// What personal data a text column holds (`email`, `phone`, `name`, ...), so fakes can match it.
    public var pii: String?

    /// A numeric column (`integer`, `float`, `boolean`, `datetime`).
    public init(name: String, kind: ColumnKind, numbers: [Double], format: ColumnFormat = ColumnFormat()) {
        precondition(kind.isNumeric, "\(kind) columns hold codes, not numbers")
        self.name = name
        self.kind = kind
        self.numbers = numbers
        self.codes = []
        self.levels = []
        self.format = format
    }

    /// A coded column (`categorical`, `identifier`, `text`).
    public init(name: String, kind: ColumnKind, codes: [Int32], levels: [String], format: ColumnFormat = ColumnFormat()) {
        precondition(!kind.isNumeric, "\(kind) columns hold numbers, not codes")
        self.name = name
        self.kind = kind
        self.numbers = []
        self.codes = codes
        self.levels = levels
        self.format = format
    }

    /// A coded column from strings (nil is missing); levels in the order first seen.
    public init(name: String, kind: ColumnKind, strings: [String?]) {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(strings.count)
        for s in strings {
            guard let s else {
                codes.append(-1)
                continue
            }
            if let code = index[s] {
                codes.append(code)
            } else {
                let code = Int32(levels.count)
                index[s] = code
                levels.append(s)
                codes.append(code)
            }
        }
        self.init(name: name, kind: kind, codes: codes, levels: levels)
    }

    /// The number of rows.
    public var count: Int { kind.isNumeric ? numbers.count : codes.count }

    /// True when row `row` has no value.
    public func isMissing(_ row: Int) -> Bool {
        kind.isNumeric ? numbers[row].isNaN : codes[row] < 0
    }

    /// The share of rows with no value (0 for an empty column).
    public var missingShare: Double {
        let n = count
        guard n > 0 else { return 0 }
        var missing = 0
        for row in 0..<n where isMissing(row) { missing += 1 }
        return Double(missing) / Double(n)
    }

    /// Row `row` as it reads in a CSV cell ("" when missing).
    public func text(at row: Int) -> String {
        if kind.isNumeric {
            let x = numbers[row]
            if x.isNaN { return "" }
            switch kind {
            case .integer: return NumberFormat.shortest(x.rounded())
            case .boolean: return x != 0 ? "true" : "false"
            case .datetime: return format.dateLayout.text(seconds: x)
            default:
                if let decimals = format.decimals { return NumberFormat.trimmed(x, decimals: decimals) }
                return NumberFormat.shortest(x)
            }
        }
        let code = codes[row]
        return code < 0 ? "" : levels[Int(code)]
    }

    /// Row `row` as a JSON value (null when missing).
    public func value(at row: Int) -> Value {
        if isMissing(row) { return .null }
        switch kind {
        case .integer: return .int(Int(numbers[row].rounded()))
        case .float: return .double(Double(text(at: row)) ?? numbers[row])
        case .boolean: return .bool(numbers[row] != 0)
        case .datetime, .categorical, .identifier, .text: return .string(text(at: row))
        }
    }

    /// The rows in `range`, as a new column.
    public func rows(_ range: Range<Int>) -> Column {
        var copy = self
        if kind.isNumeric { copy.numbers = Array(numbers[range]) } else { copy.codes = Array(codes[range]) }
        return copy
    }
}

/// How a column's values are written back, learned from the input so output reads like it.
public struct ColumnFormat: Sendable, Equatable, Codable {
    /// Decimal places of a float column (the most seen in the input), if known.
    public var decimals: Int?
    /// The layout of a datetime column.
    public var dateLayout: DateLayout

    /// A format.
    public init(decimals: Int? = nil, dateLayout: DateLayout = .date) {
        self.decimals = decimals
        self.dateLayout = dateLayout
    }
}
