import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthCore

/// A request's JSON body, read with the project's own parser, with accessors whose errors name
/// the field at fault and a check that refuses fields the route does not know.
public struct JSONBody: Sendable {
    /// The top-level object.
    public let fields: Fields

    public init(fields: Fields) { self.fields = fields }

    /// Parses `bytes`: a 400 naming the column when it is not JSON, or not an object.
    public init(bytes: [UInt8]) throws(APIError) {
        if bytes.isEmpty {
            self.init(fields: Fields())
            return
        }
        let value: Value
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw APIError(.badRequest, "malformed-json", "the body is not valid JSON: \(error)")
        }
        guard case .object(let fields) = value else {
            throw APIError(.badRequest, "malformed-json", "the body must be a JSON object")
        }
        self.init(fields: fields)
    }

    /// Refuses any field not in `known`, naming it.
    public func allowOnly(_ known: Set<String>) throws(APIError) {
        for key in fields.keys where !known.contains(key) {
            throw APIError(
                .badRequest, "unknown-field", "unknown field '\(key)'; this request takes: \(known.sorted().joined(separator: ", "))",
                field: key)
        }
    }

    /// The field's value, or nil when absent or null.
    public subscript(name: String) -> Value? {
        guard let value = fields[name], !value.isNull else { return nil }
        return value
    }

    public func string(_ name: String) throws(APIError) -> String? {
        guard let value = self[name] else { return nil }
        guard case .string(let s) = value else { throw APIError.invalid(name, "'\(name)' must be a string") }
        return s
    }

    public func requiredString(_ name: String) throws(APIError) -> String {
        guard let s = try string(name) else { throw APIError.invalid(name, "'\(name)' is required") }
        guard !s.isEmpty else { throw APIError.invalid(name, "'\(name)' must not be empty") }
        return s
    }

    public func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(APIError) -> Int? {
        guard let value = self[name] else { return nil }
        let n: Int
        switch value {
        case .int(let i): n = i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: n = Int(d)
        default: throw APIError.invalid(name, "'\(name)' must be an integer")
        }
        if let range, !range.contains(n) {
            throw APIError.invalid(name, "'\(name)' must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return n
    }

    public func double(_ name: String) throws(APIError) -> Double? {
        guard let value = self[name] else { return nil }
        guard let d = value.doubleValue else { throw APIError.invalid(name, "'\(name)' must be a number") }
        return d
    }

    public func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = self[name] else { return nil }
        guard case .bool(let b) = value else { throw APIError.invalid(name, "'\(name)' must be true or false") }
        return b
    }

    public func strings(_ name: String) throws(APIError) -> [String]? {
        guard let value = self[name] else { return nil }
        guard case .array(let items) = value else { throw APIError.invalid(name, "'\(name)' must be an array of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw APIError.invalid(name, "'\(name)' must be an array of strings") }
            out.append(s)
        }
        return out
    }

    public func object(_ name: String) throws(APIError) -> Fields? {
        guard let value = self[name] else { return nil }
        guard case .object(let o) = value else { throw APIError.invalid(name, "'\(name)' must be an object") }
        return o
    }

    /// A JSON response of `value`.
    public static func response(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        var out: [UInt8] = []
        JSONWriter.append(value, to: &out)
        return response(bytes: out, status: status)
    }

    /// A JSON response of `bytes`, JSON written already.
    public static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var out = bytes
        out.append(0x0a)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: out)))
    }
}
