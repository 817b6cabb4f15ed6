import Foundation
import Mustache
import SynthCore

/// A mustache text of a template (its system or user prompt), rendered as plain text.
///
/// Mustache HTML-escapes `{{x}}` by default; a prompt is not HTML, so every text is parsed with
/// the `TEXT` content type and a quote or `<` reaches the model as written.
struct PromptText: Sendable, Hashable {
    /// A variable reference in the text.
    struct Use: Sendable, Hashable {
        /// The variable: the first part of a dotted name.
        var variable: String
        /// The 1-based line within the text.
        var line: Int
    }

    /// A syntax error, with its 1-based line within the text.
    struct SyntaxError: Error, Sendable {
        var line: Int
        var message: String
    }

    /// The text as written.
    let source: String
    /// The parsed template.
    let template: MustacheTemplate
    /// The variables the text refers to outside sections, in order of appearance.
    let uses: [Use]

    static func == (a: PromptText, b: PromptText) -> Bool { a.source == b.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Parses `source`; errors carry the line within it.
    init(_ source: String) throws(SyntaxError) {
        self.source = source
        // The scan first, since it knows where an unclosed section opened; mustache only sees the text end.
        uses = try Self.scan(source)
        do {
            // The pragma stands on a line of its own, which mustache removes, so the text renders as written.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + source)
        } catch let error as MustacheTemplate.ParserError {
            throw SyntaxError(line: max(1, error.context.lineNumber - 1), message: Self.describe(error.error))
        } catch {
            throw SyntaxError(line: 1, message: "not valid mustache (\(error))")
        }
    }

    /// Renders the text with `values`.
    func render(_ values: Fields) -> String {
        template.render(Self.mustacheObject(.object(values)))
    }

    /// Finds the variables the text refers to, and tags that are not closed or sections that are
    /// closed wrongly; partials and delimiter changes are refused, since a template is one self-contained file.
    ///
    /// Names inside a section are not collected: there they may name fields of the section's items.
    private static func scan(_ source: String) throws(SyntaxError) -> [Use] {
        var uses: [Use] = []
        var sections: [(name: String, line: Int)] = []
        for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    throw SyntaxError(line: offset + 1, message: "a tag is not closed with }}")
                }
                var tag = rest[open.upperBound..<close.lowerBound]
                rest = rest[close.upperBound...]
                if tag.first == "{" {
                    tag = tag.dropFirst()
                    if rest.first == "}" { rest = rest.dropFirst() }
                }
                let kind = tag.first
                switch kind {
                case "!", "%": continue
                case ">", "<", "$", "=":
                    throw SyntaxError(
                        line: offset + 1, message: "'{{\(tag)}}': partials, blocks and delimiter changes are not supported in templates")
                case "#", "^", "&": tag = tag.dropFirst()
                case "/":
                    let name = String(tag.dropFirst()).trimmingWhitespace
                    guard let opened = sections.popLast(), opened.name == name else {
                        throw SyntaxError(line: offset + 1, message: "a section is closed with a name other than the one it opened with")
                    }
                    continue
                default: break
                }
                let name = String(tag).trimmingWhitespace
                let variable = variableName(name)
                if sections.isEmpty, !variable.isEmpty, variable != "." { uses.append(Use(variable: variable, line: offset + 1)) }
                if kind == "#" || kind == "^" { sections.append((name, offset + 1)) }
            }
        }
        if let unclosed = sections.last {
            throw SyntaxError(
                line: unclosed.line, message: "section '\(unclosed.name)' is opened but never closed with {{/\(unclosed.name)}}")
        }
        return uses
    }

    /// The variable a tag's name refers to: `a.b` → `a`, `uppercased(a.b)` → `a`.
    private static func variableName(_ tag: String) -> String {
        var name = tag
        while let open = name.lastIndex(of: "("), let close = name.firstIndex(of: ")"), open < close {
            name = String(name[name.index(after: open)..<close]).trimmingWhitespace
        }
        return String(name.split(separator: ".", maxSplits: 1).first ?? "")
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name other than the one it opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened but never closed with {{/name}}"
        case .invalidSetDelimiter: return "a delimiter change is malformed"
        default: return "not valid mustache (\(error))"
        }
    }

    /// A value as mustache reads it: strings, numbers, flags, lists and dictionaries.
    static func mustacheObject(_ value: Value) -> Any {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double: return value.text
        case .string(let text): return text
        case .array(let items): return items.map(mustacheObject)
        case .object(let fields):
            var dictionary: [String: Any] = [:]
            for (key, item) in fields { dictionary[key] = mustacheObject(item) }
            return dictionary
        }
    }
}
