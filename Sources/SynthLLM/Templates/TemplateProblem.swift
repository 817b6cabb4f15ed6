/// One thing wrong with a template file: where it is, which field, and what to fix.
public struct TemplateProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The 1-based line, when the problem sits on one.
    public var line: Int?
    /// The field at fault, as a path such as `variables.issue` or `few_shot[0].output.messages`.
    public var field: String
    /// What is wrong and, where it helps, how to fix it.
    public var message: String

    /// Makes a problem.
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`.
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(message)" }
}
