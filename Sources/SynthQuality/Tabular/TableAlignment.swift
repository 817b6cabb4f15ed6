import SynthCore

/// Puts tables that describe the same data side by side: the same column order, and the codes of
/// coded columns pointing into one shared list of levels, so a code means the same label in each.
public enum TableAlignment {
    /// `others` reordered to `reference`'s columns, every table's coded columns recoded onto shared
    /// levels (the reference's first, then labels only the others have, in the order first seen).
    ///
    /// Throws when a table lacks a column of the reference, has one the reference lacks, or holds a
    /// column of another kind; `labels` name the tables in messages (`real`, `synthetic`, ...).
    public static func align(_ reference: Table, _ others: [Table], labels: [String]) throws(SynthError) -> [Table] {
        var aligned: [Table] = [reference]
        for (t, other) in others.enumerated() {
            let label = t + 1 < labels.count ? labels[t + 1] : "table \(t + 2)"
            for name in other.names where reference.index(of: name) == nil {
                throw SynthError(.invalidArgument, "\(label) has column '\(name)', which \(labels.first ?? "the reference") does not have")
            }
            var columns: [Column] = []
            for column in reference.columns {
                guard let match = other[column.name] else {
                    throw SynthError(.invalidArgument, "\(label) lacks column '\(column.name)'")
                }
                guard compatible(match.kind, column.kind) else {
                    throw SynthError(
                        .invalidArgument,
                        "column '\(column.name)' is \(column.kind.rawValue) in \(labels.first ?? "the reference") but \(match.kind.rawValue) in \(label)"
                    )
                }
                var copy = match
                copy.kind = column.kind
                columns.append(copy)
            }
            aligned.append(Table(columns: columns))
        }
        for c in reference.columns.indices where !reference.columns[c].kind.isNumeric {
            var index: [String: Int32] = [:]
            var levels: [String] = []
            for table in aligned {
                for level in table.columns[c].levels where index[level] == nil {
                    index[level] = Int32(levels.count)
                    levels.append(level)
                }
            }
            for t in aligned.indices {
                let column = aligned[t].columns[c]
                let map = column.levels.map { index[$0]! }
                aligned[t].columns[c].codes = column.codes.map { $0 < 0 ? -1 : map[Int($0)] }
                aligned[t].columns[c].levels = levels
            }
        }
        return aligned
    }

    /// Same kinds, or kinds whose values are plain numbers (integer, float, boolean 0/1).
    private static func compatible(_ a: ColumnKind, _ b: ColumnKind) -> Bool {
        a == b || [a, b].allSatisfy { $0 == .integer || $0 == .float || $0 == .boolean }
    }
}
