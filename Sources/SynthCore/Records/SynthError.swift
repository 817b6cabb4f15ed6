/// An error a user can act on: a code for scripts and a message that names what is wrong.
///
/// Messages name the file, line, field or record at fault and never carry secrets.
public struct SynthError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case invalidArgument = "invalid-argument"
        case invalidSpec = "invalid-spec"
        case invalidPack = "invalid-pack"
        case unknownDomain = "unknown-domain"
        case unknownTask = "unknown-task"
        case io = "io"
        case exhausted = "exhausted"
        case cancelled = "cancelled"
        case store = "store"
        case notFound = "not-found"
        case conflict = "conflict"
        /// A spend limit (`--max-cost`, `--max-tokens`) was reached.
        case budget = "budget"
        /// A model provider failed in a way retrying could not fix.
        case provider = "provider"
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong and, where it helps, how to fix it.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
