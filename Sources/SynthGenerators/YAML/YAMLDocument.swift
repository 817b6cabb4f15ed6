import SynthCore
import Yams

/// A parsed YAML file that keeps line numbers, so errors can name the file, line and field.
public struct YAMLDocument {
    /// The file's name as shown in errors.
    public let file: String
    /// The root node.
    public let root: Node

    /// Parses `text`; a syntax error names the file, line and column.
    public init(text: String, file: String) throws(SynthError) {
        self.file = file
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SynthError(.invalidSpec, "\(file): the file is empty")
            }
            root = node
        } catch let error as SynthError {
            throw error
        } catch let error as YamlError {
            throw SynthError(.invalidSpec, "\(file): \(Self.describe(error))")
        } catch {
            throw SynthError(.invalidSpec, "\(file): not valid YAML (\(error))")
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys \(duplicates.joined(separator: ", "))"
        default:
            return "not valid YAML (\(error))"
        }
    }

    /// "file:line" for `node`, for error messages.
    public func at(_ node: Node) -> String {
        if let mark = node.mark { return "\(file):\(mark.line)" }
        return file
    }
}

extension Node {
    /// The mapping's entries as (key string, value) pairs, in file order.
    var entries: [(key: String, value: Node)]? {
        guard let mapping else { return nil }
        return mapping.map { ($0.key.string ?? "\($0.key)", $0.value) }
    }

    /// The scalar as a core `Value`, keeping YAML's int/float/bool/null typing for plain scalars.
    var value: SynthCore.Value {
        switch self {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let i = self.int { return .int(i) }
                if let d = self.float { return .double(d) }
                if let b = self.bool { return .bool(b) }
                if self.null != nil { return .null }
            }
            return .string(scalar.string)
        case .sequence(let sequence): return .array(sequence.map(\.value))
        case .mapping(let mapping): return .object(Fields(mapping.map { ($0.key.string ?? "", $0.value.value) }))
        case .alias: return .null
        }
    }
}
