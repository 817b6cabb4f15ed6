import Foundation
import SynthCore

/// Reads a CSV or JSONL file into a ``Table``, inferring each column's kind unless a schema declares it.
public enum TableReader {
    /// A table read from a file, with notes on choices the reader made (shown to the user).
    public struct Result: Sendable {
        /// The table.
        public var table: Table
        /// Choices worth knowing, each naming the column (and line) they concern.
        public var notes: [String]
    }

    /// Cells read as missing values, besides the empty cell.
    public static let missingTokens: Set<Substring> = ["NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none"]

    /// Reads `path` (`.csv`, `.jsonl` or `.json` lines), declaring kinds from `schema` where it has them.
    public static func read(path: String, schema: TableSchema = TableSchema()) throws(SynthError) -> Result {
        let lower = path.lowercased()
        if lower.hasSuffix(".parquet") || lower.hasSuffix(".xlsx") {
            throw SynthError(
                .invalidArgument,
                "\(path): tables are read from CSV or JSONL; SynthForge writes Parquet and XLSX but does not read them yet")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SynthError(.io, "cannot read '\(path)': \((error as NSError).localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SynthError(.invalidArgument, "\(path): the file is not UTF-8 text")
        }
        let cells: CSVParser.Parsed
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") {
            cells = try jsonLines(text, source: path)
        } else {
            cells = try CSVParser.parse(text, source: path)
        }
        return try table(header: cells.header, rows: cells.rows, lines: cells.lines, schema: schema, source: path)
    }

    /// Builds a table from text cells (header and rows), inferring kinds as ``read(path:schema:)`` does.
    public static func table(
        header: [String], rows: [[Substring]], lines: [Int]? = nil, schema: TableSchema = TableSchema(), source: String = "table"
    ) throws(SynthError) -> Result {
        for name in schema.columns.keys where !header.contains(name) {
            throw SynthError(
                .invalidSpec,
                "the schema declares column '\(name)', which \(source) does not have (it has \(header.joined(separator: ", ")))")
        }
        var notes: [String] = []
        var columns: [Column] = []
        for (c, name) in header.enumerated() {
            let raw = rows.map { row -> Substring? in
                let cell = row[c]
                return cell.isEmpty || missingTokens.contains(cell) ? nil : cell
            }
            let spec = schema.columns[name] ?? ColumnSpec()
            let kind = spec.kind ?? infer(name: name, raw: raw)
            if raw.allSatisfy({ $0 == nil }), !rows.isEmpty {
                notes.append("column '\(name)' is empty in every row; it is kept as a \(kind.rawValue) column of missing values")
            }
            var column = try column(name: name, kind: kind, raw: raw, lines: lines, source: source, notes: &notes)
            if kind == .text { column.pii = spec.pii ?? PersonalData.kind(name: name, cells: raw) }
            columns.append(column)
        }
        return Result(table: Table(columns: columns), notes: notes)
    }

    static func column(
        name: String, kind: ColumnKind, raw: [Substring?], lines: [Int]?, source: String, notes: inout [String]
    ) throws(SynthError) -> Column {
        func fail(_ row: Int, _ cell: Substring) -> SynthError {
            let line = lines.map { $0[row] } ?? row + 2
            return SynthError(.invalidArgument, "\(source):\(line): column '\(name)' is \(kind.rawValue) but holds '\(cell)'")
        }
        switch kind {
        case .integer, .float:
            var numbers = [Double](repeating: .nan, count: raw.count)
            var decimals = 0
            for (row, cell) in raw.enumerated() {
                guard let cell else { continue }
                guard let x = Double(cell), x.isFinite else { throw fail(row, cell) }
                numbers[row] = x
                if let dot = cell.firstIndex(of: "."), !cell.utf8.contains(where: { $0 == 0x65 || $0 == 0x45 }) {
                    decimals = max(decimals, cell.distance(from: dot, to: cell.endIndex) - 1)
                }
            }
            return Column(name: name, kind: kind, numbers: numbers, format: ColumnFormat(decimals: kind == .float ? decimals : nil))
        case .boolean:
            var numbers = [Double](repeating: .nan, count: raw.count)
            for (row, cell) in raw.enumerated() {
                guard let cell else { continue }
                guard let b = boolean(cell) else { throw fail(row, cell) }
                numbers[row] = b ? 1 : 0
            }
            return Column(name: name, kind: kind, numbers: numbers)
        case .datetime:
            var numbers = [Double](repeating: .nan, count: raw.count)
            var layout: DateLayout?
            for (row, cell) in raw.enumerated() {
                guard let cell else { continue }
                guard let parsed = DateLayout.parse(cell) else { throw fail(row, cell) }
                numbers[row] = parsed.seconds
                if layout == nil || parsed.layout != .date { layout = parsed.layout }
            }
            return Column(name: name, kind: kind, numbers: numbers, format: ColumnFormat(dateLayout: layout ?? .date))
        case .categorical, .identifier, .text:
            return Column(name: name, kind: kind, strings: raw.map { $0.map(String.init) })
        }
    }

    /// The kind a column's cells suggest; `raw` has nil for missing cells.
    public static func infer(name: String, raw: [Substring?]) -> ColumnKind {
        let present = raw.compactMap { $0 }
        guard !present.isEmpty else { return .categorical }
        let looksLikeKey = isKeyName(name)
        if present.allSatisfy({ Int($0) != nil }) {
            if looksLikeKey && Set(present).count == present.count { return .identifier }
            return .integer
        }
        if present.allSatisfy({ Double($0)?.isFinite == true }) { return .float }
        if present.allSatisfy({ boolean($0) != nil }) { return .boolean }
        if present.allSatisfy({ DateLayout.parse($0) != nil }) { return .datetime }
        let distinct = Set(present).count
        if distinct == present.count && present.count > 1 && (looksLikeKey || present.allSatisfy { !$0.contains(" ") && !$0.contains("@") })
        {
            return .identifier
        }
        if PersonalData.kind(name: name, cells: raw) != nil && Double(distinct) > 0.5 * Double(present.count) {
            return .text
        }
        // Many distinct long values read as prose, not labels.
        let averageLength = Double(present.reduce(0) { $0 + $1.count }) / Double(present.count)
        if distinct > 20 && Double(distinct) > 0.5 * Double(present.count) && averageLength > 20 { return .text }
        return .categorical
    }

    /// `true`/`false` as cells spell them, or nil.
    public static func boolean(_ cell: Substring) -> Bool? {
        switch cell {
        case "true", "True", "TRUE", "yes", "Yes", "YES": return true
        case "false", "False", "FALSE", "no", "No", "NO": return false
        default: return nil
        }
    }

    private static func isKeyName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "id" || lower.hasSuffix("_id") || lower.hasSuffix("-id") || lower.hasSuffix(" id") || name.hasSuffix("Id")
            || name.hasSuffix("ID") || lower == "key" || lower == "uuid"
    }

    private static func jsonLines(_ text: String, source: String) throws(SynthError) -> CSVParser.Parsed {
        var header: [String] = []
        var index: [String: Int] = [:]
        var objects: [[(Int, Substring)]] = []
        var lines: [Int] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) { continue }
            let value: Value
            do {
                value = try JSONParser.parse(Array(line.utf8))
            } catch {
                throw SynthError(.invalidArgument, "\(source):\(lineNumber): not valid JSON (\(error))")
            }
            guard let fields = value.objectValue else {
                throw SynthError(.invalidArgument, "\(source):\(lineNumber): each line must be a JSON object, one row")
            }
            var row: [(Int, Substring)] = []
            for (key, field) in fields.pairs {
                let c: Int
                if let known = index[key] {
                    c = known
                } else {
                    c = header.count
                    index[key] = c
                    header.append(key)
                }
                switch field {
                case .null: continue
                case .array, .object:
                    throw SynthError(
                        .invalidArgument, "\(source):\(lineNumber): field '\(key)' is nested; a table row holds only plain values")
                case .bool(let b): row.append((c, b ? "true" : "false"))
                default: row.append((c, Substring(field.text)))
                }
            }
            objects.append(row)
            lines.append(lineNumber)
        }
        guard !header.isEmpty else { throw SynthError(.invalidArgument, "\(source): the file holds no rows") }
        let rows = objects.map { pairs -> [Substring] in
            var row = [Substring](repeating: "", count: header.count)
            for (c, cell) in pairs { row[c] = cell }
            return row
        }
        return CSVParser.Parsed(header: header, rows: rows, lines: lines)
    }
}
