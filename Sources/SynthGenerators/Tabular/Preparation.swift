import SynthCore

/// The reversible step between a read table and the table a model learns: shared by every model.
///
/// Identifier columns leave the modelled table and come back as fresh unique keys in the input's
/// style; text and personal-data columns come back as fakes, never copied values. The high column
/// of an inequality is modelled as its gap above the low one (so `high > low` holds by
/// construction); the columns of a fixed combination are modelled as one joint label (so only seen
/// combinations occur); declared ranges and positivity bound the restored values.
public struct Preparation: Sendable, Equatable, Codable {
    /// The read table's columns in order, each with what preparation does with it.
    public var columns: [Source]
    /// Bounds each modelled numeric column is held to when restored, by modelled column name.
    public var bounds: [String: Bounds]
    /// Salts the hashes in fake exclusion lists.
    public var salt: UInt64

    /// One column of the read table.
    public struct Source: Sendable, Equatable, Codable {
        /// The column's name.
        public var name: String
        /// Its kind.
        public var kind: ColumnKind
        /// How it is written.
        public var format: ColumnFormat
        /// The personal data it holds, if any.
        public var pii: String?
        /// What preparation does with it.
        public var role: Role
    }

    /// What becomes of a column.
    public enum Role: Sendable, Equatable, Codable {
        /// Modelled as read.
        case modelled
        /// Dropped and regenerated as unique keys.
        case identifier(style: KeyStyle)
        /// Dropped and refilled with fakes.
        case fake(style: FakeStyle)
        /// Modelled as its positive gap above `low`, in steps of `unit`.
        case gap(low: String, unit: Double)
        /// Modelled jointly with the other columns of `group` as one label.
        case combined(group: [String])
    }

    /// Inclusive bounds on a modelled number.
    public struct Bounds: Sendable, Equatable, Codable {
        /// The least value, if bounded below.
        public var min: Double?
        /// The greatest value, if bounded above.
        public var max: Double?
    }

    /// Joint labels separate member values with the unit separator, which data cells do not hold.
    static let separator = "\u{1F}"

    /// Learns the preparation of `table` under `schema`'s constraints and returns it with the modelled table.
    ///
    /// For a private model (`isPrivate`) the preparation learns nothing from the data's values:
    /// keys restart at 1, fakes take default styles with no exclusion hashes, and the salt is 0,
    /// because a salt derived from the seed would reveal the seed, and the seed unmasks the noise.
    /// Fails when the data already breaks a declared constraint, naming the constraint and a row.
    public static func fit(_ table: Table, schema: TableSchema, seed: UInt64, isPrivate: Bool = false) throws(SynthError) -> (
        Preparation, Table
    ) {
        let salt = isPrivate ? 0 : SplitMix64.derive(seed, 0x7361_6C74)
        func keyStyle(_ c: Column) -> KeyStyle { isPrivate ? .sequence(start: 1, step: 1) : KeyStyle.learn(c) }
        func fakeStyle(_ c: Column, unique: Bool) -> FakeStyle {
            var source = c
            if isPrivate {
                source = Column(name: c.name, kind: .text, strings: [])
                source.pii = c.pii
            }
            return FakeStyle.learn(source, salt: salt, unique: unique)
        }
        var roles: [String: Role] = [:]
        var bounds: [String: Bounds] = [:]
        func column(_ name: String, in constraint: String) throws(SynthError) -> Column {
            guard let column = table[name] else {
                throw SynthError(
                    .invalidSpec,
                    "the \(constraint) constraint names column '\(name)', which the data does not have (it has \(table.names.joined(separator: ", ")))"
                )
            }
            return column
        }
        func claim(_ name: String, _ role: Role, _ constraint: String) throws(SynthError) {
            if let existing = roles[name], existing != role {
                throw SynthError(
                    .invalidSpec, "column '\(name)' is reshaped by two constraints (the \(constraint) one and another); keep one")
            }
            roles[name] = role
        }
        func bound(_ name: String, min: Double?, max: Double?) {
            var b = bounds[name] ?? Bounds()
            if let min { b.min = Swift.max(b.min ?? min, min) }
            if let max { b.max = Swift.min(b.max ?? max, max) }
            bounds[name] = b
        }
        for (name, spec) in schema.columns where spec.min != nil || spec.max != nil {
            bound(name, min: spec.min, max: spec.max)
        }
        for constraint in schema.constraints {
            switch constraint {
            case .range(let name, let min, let max):
                _ = try column(name, in: "range")
                bound(name, min: min, max: max)
            case .positive(let name):
                let c = try column(name, in: "positive")
                guard c.kind.isNumeric else {
                    throw SynthError(.invalidSpec, "the positive constraint needs a numeric column; '\(name)' is \(c.kind.rawValue)")
                }
                let r = Marginal.resolution(kind: c.kind, format: c.format)
                bound(name, min: r > 0 ? r : Double.leastNormalMagnitude, max: nil)
            case .unique(let name):
                let c = try column(name, in: "unique")
                switch c.kind {
                case .identifier, .integer, .categorical: try claim(name, .identifier(style: keyStyle(c)), "unique")
                case .text: roles[name] = .fake(style: fakeStyle(c, unique: true))
                default:
                    throw SynthError(
                        .invalidSpec,
                        "the unique constraint applies to identifier, integer, label and text columns; '\(name)' is \(c.kind.rawValue)")
                }
            case .inequality(let low, let high):
                let lo = try column(low, in: "inequality")
                let hi = try column(high, in: "inequality")
                guard lo.kind.isNumeric, hi.kind.isNumeric, lo.kind != .boolean, hi.kind != .boolean,
                    (lo.kind == .datetime) == (hi.kind == .datetime)
                else {
                    throw SynthError(
                        .invalidSpec,
                        "the inequality '\(high) > \(low)' needs two numeric or two datetime columns; they are \(hi.kind.rawValue) and \(lo.kind.rawValue)"
                    )
                }
                let unit = Swift.max(
                    Marginal.resolution(kind: hi.kind, format: hi.format), Marginal.resolution(kind: lo.kind, format: lo.format))
                for row in 0..<table.rowCount where !(hi.numbers[row] > lo.numbers[row]) && !hi.numbers[row].isNaN && !lo.numbers[row].isNaN
                {
                    throw SynthError(
                        .invalidArgument,
                        "the data breaks '\(high) > \(low)' in row \(row + 1): \(hi.text(at: row)) is not after \(lo.text(at: row))")
                }
                try claim(high, .gap(low: low, unit: unit), "inequality")
            case .fixedCombinations(let names):
                guard names.count >= 2 else {
                    throw SynthError(.invalidSpec, "fixed_combinations needs at least two columns, got \(names)")
                }
                for name in names {
                    let c = try column(name, in: "fixed_combinations")
                    guard c.kind != .identifier && c.kind != .text else {
                        throw SynthError(.invalidSpec, "fixed_combinations cannot hold '\(name)', a \(c.kind.rawValue) column")
                    }
                    try claim(name, .combined(group: names), "fixed_combinations")
                }
            }
        }
        for (name, role) in roles {
            if case .gap(let low, _) = role, roles[low] != nil {
                throw SynthError(
                    .invalidSpec, "'\(low)', the low side of an inequality, must be a plain modelled column; another constraint reshapes it"
                )
            }
            if case .gap = role, bounds[name] != nil {
                throw SynthError(.invalidSpec, "'\(name)' is the high side of an inequality, so it takes no range of its own")
            }
        }
        var sources: [Source] = []
        for c in table.columns {
            var role = roles[c.name] ?? .modelled
            if roles[c.name] == nil {
                if c.kind == .identifier { role = .identifier(style: keyStyle(c)) }
                if c.kind == .text { role = .fake(style: fakeStyle(c, unique: false)) }
            }
            sources.append(Source(name: c.name, kind: c.kind, format: c.format, pii: c.pii, role: role))
        }
        for (name, b) in bounds {
            guard let c = table[name], c.kind.isNumeric else {
                throw SynthError(.invalidSpec, "column '\(name)' has a range but is not numeric")
            }
            for (row, x) in c.numbers.enumerated() where !x.isNaN && (x < (b.min ?? -.infinity) || x > (b.max ?? .infinity)) {
                throw SynthError(
                    .invalidArgument, "the data breaks the bounds declared for '\(name)' in row \(row + 1): \(c.text(at: row))")
            }
        }
        // A gap is at least one step (or above zero when unstepped): the inequality by construction.
        for source in sources {
            if case .gap(_, let unit) = source.role { bounds[source.name] = Bounds(min: unit > 0 ? 1 : Double.leastNormalMagnitude) }
        }
        let preparation = Preparation(columns: sources, bounds: bounds, salt: salt)
        let modelled = preparation.modelled(table)
        return (preparation, modelled)
    }

    /// The modelled table of `table` (which has the read columns).
    func modelled(_ table: Table) -> Table {
        var out: [Column] = []
        var grouped: Set<[String]> = []
        for source in columns {
            guard let column = table[source.name] else { continue }
            switch source.role {
            case .modelled:
                out.append(column)
            case .identifier, .fake:
                continue
            case .gap(let low, let unit):
                let lows = table[low]?.numbers ?? []
                let gaps = zip(column.numbers, lows).map { high, low in ((high - low) / unit) }
                out.append(
                    Column(
                        name: source.name, kind: unit == 0 ? .float : .integer, numbers: gaps,
                        format: unit == 0 ? column.format : ColumnFormat()))
            case .combined(let group):
                guard grouped.insert(group).inserted else { continue }
                let members = group.compactMap { table[$0] }
                let strings = (0..<table.rowCount).map { row -> String? in
                    members.allSatisfy { $0.isMissing(row) } ? nil : members.map { $0.text(at: row) }.joined(separator: Self.separator)
                }
                out.append(Column(name: group.joined(separator: "+"), kind: .categorical, strings: strings))
            }
        }
        return Table(columns: out)
    }
}
