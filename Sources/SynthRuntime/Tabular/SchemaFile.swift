import Foundation
import SynthCore
import SynthGenerators
import Yams

extension TableSchema {
    /// Reads a table schema from YAML at `path`.
    ///
    /// ```yaml
    /// columns:
    ///   age: {type: integer, min: 18, max: 99}
    ///   start_date: {type: datetime, min: 2020-01-01}
    ///   region: {type: categorical, values: [north, south]}
    ///   email: {type: text, pii: email}
    /// constraints:
    ///   - inequality: {low: start_date, high: end_date}
    ///   - fixed_combinations: [city, country]
    ///   - range: {column: age, min: 18, max: 99}
    ///   - unique: student_id
    ///   - positive: salary
    /// quasi_identifiers: [age, zip]
    /// ```
    /// Unknown keys are errors; every error names the file, line and field.
    public static func load(path: String) throws(SynthError) -> TableSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynthError(.io, "cannot read schema '\(path)': no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SynthError(.invalidSpec, "\(path): not UTF-8 text") }
        return try parse(text, file: path)
    }

    /// Parses schema YAML; errors name `file`, the line and the field.
    public static func parse(_ text: String, file: String) throws(SynthError) -> TableSchema {
        let document = try YAMLDocument(text: text, file: file)
        let reader = SchemaReader(document: document)
        var schema = TableSchema()
        for (keyNode, value) in try reader.mapping(document.root, what: "a schema") {
            let key = keyNode.string ?? ""
            switch key {
            case "columns":
                for (nameNode, spec) in try reader.mapping(value, what: "'columns'") {
                    schema.columns[nameNode.string ?? ""] = try reader.column(spec, name: nameNode.string ?? "")
                }
            case "constraints":
                guard let items = value.sequence else { throw reader.fail(value, "'constraints' must be a list") }
                for item in items { schema.constraints.append(try reader.constraint(item)) }
            case "quasi_identifiers":
                schema.quasiIdentifiers = try reader.names(value, field: "quasi_identifiers")
            default:
                throw reader.fail(keyNode, "unknown key '\(key)'; a schema has columns, constraints and quasi_identifiers")
            }
        }
        return schema
    }
}

/// Reads the parts of a schema document, with errors at the node's line.
private struct SchemaReader {
    let document: YAMLDocument

    func fail(_ node: Node, _ message: String) -> SynthError {
        SynthError(.invalidSpec, "\(document.at(node)): \(message)")
    }

    func mapping(_ node: Node, what: String) throws(SynthError) -> [(Node, Node)] {
        guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping of key: value") }
        return mapping.map { ($0.key, $0.value) }
    }

    func column(_ node: Node, name: String) throws(SynthError) -> ColumnSpec {
        var spec = ColumnSpec()
        var minNode: Node?
        var maxNode: Node?
        for (keyNode, value) in try mapping(node, what: "column '\(name)'") {
            let key = keyNode.string ?? ""
            switch key {
            case "type":
                let text = value.string ?? ""
                guard let kind = ColumnKind(rawValue: text) else {
                    throw fail(
                        value,
                        "column '\(name)': unknown type '\(text)'; types are \(ColumnKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                spec.kind = kind
            case "min": minNode = value
            case "max": maxNode = value
            case "values": spec.values = try names(value, field: "\(name).values")
            case "pii": spec.pii = value.string
            default:
                throw fail(keyNode, "column '\(name)': unknown key '\(key)'; a column has type, min, max, values and pii")
            }
        }
        if let minNode { spec.min = try number(minNode, field: "\(name).min") }
        if let maxNode { spec.max = try number(maxNode, field: "\(name).max") }
        if let lo = spec.min, let hi = spec.max, lo > hi { throw fail(node, "column '\(name)': min is greater than max") }
        return spec
    }

    /// A number, or an ISO date or date-time as seconds since 1970.
    func number(_ node: Node, field: String) throws(SynthError) -> Double {
        let text = node.string ?? ""
        if let x = Double(text), x.isFinite { return x }
        if let date = DateLayout.parse(Substring(text)) { return date.seconds }
        throw fail(node, "'\(field)' must be a number or an ISO date such as 2024-03-01, got '\(text)'")
    }

    func names(_ node: Node, field: String) throws(SynthError) -> [String] {
        guard let items = node.sequence else { throw fail(node, "'\(field)' must be a list such as [a, b]") }
        return items.map { $0.string ?? "" }
    }

    func constraint(_ node: Node) throws(SynthError) -> TableConstraint {
        let kinds = "range, inequality, fixed_combinations, unique, positive"
        guard let entries = node.mapping, entries.count == 1, let (keyNode, value) = entries.first.map({ ($0.key, $0.value) }) else {
            throw fail(node, "each constraint is one of \(kinds), such as '- positive: salary'")
        }
        let key = keyNode.string ?? ""
        func fields(_ allowed: [String]) throws(SynthError) -> [String: Node] {
            var out: [String: Node] = [:]
            for (k, v) in try mapping(value, what: "'\(key)'") {
                let name = k.string ?? ""
                guard allowed.contains(name) else {
                    throw fail(k, "'\(key)': unknown key '\(name)'; it takes \(allowed.joined(separator: ", "))")
                }
                out[name] = v
            }
            return out
        }
        func column(_ node: Node?, _ field: String) throws(SynthError) -> String {
            guard let name = node?.string, !name.isEmpty else { throw fail(value, "'\(key)' needs '\(field): COLUMN'") }
            return name
        }
        switch key {
        case "range":
            let f = try fields(["column", "min", "max"])
            return .range(
                column: try column(f["column"], "column"),
                min: try f["min"].map { n throws(SynthError) in try number(n, field: "range.min") },
                max: try f["max"].map { n throws(SynthError) in try number(n, field: "range.max") })
        case "inequality":
            let f = try fields(["low", "high"])
            return .inequality(low: try column(f["low"], "low"), high: try column(f["high"], "high"))
        case "fixed_combinations":
            let members = try names(value, field: "fixed_combinations")
            guard members.count >= 2 else { throw fail(value, "'fixed_combinations' needs at least two columns") }
            return .fixedCombinations(members)
        case "unique":
            guard let name = value.string, !name.isEmpty else { throw fail(value, "'unique' takes a column name") }
            return .unique(name)
        case "positive":
            guard let name = value.string, !name.isEmpty else { throw fail(value, "'positive' takes a column name") }
            return .positive(name)
        default:
            throw fail(keyNode, "unknown constraint '\(key)'; constraints are \(kinds)")
        }
    }
}
