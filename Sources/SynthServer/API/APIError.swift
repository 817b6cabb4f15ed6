import Foundation
import HTTPTypes
import Hummingbird
import SynthCore

/// An error a client gets as JSON: `{"error": {"status", "code", "message", "field"?}}`, with the
/// HTTP status that fits it. Client mistakes are always 4xx and name what is wrong.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, such as `not-found` or `invalid-field`.
    public var code: String
    public var message: String
    /// The request field at fault, when one is.
    public var field: String?
    /// Extra response headers, such as `Retry-After`.
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "not-found", "\(what) was not found") }
    public static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, "invalid-field", message, field: field)
    }
    public static let unauthorized = APIError(
        .unauthorized, "unauthorized", "sign in: send 'Authorization: Bearer <API key or session token>'")
    public static func forbidden(_ role: Role, needs permission: Permission) -> APIError {
        APIError(
            .forbidden, "forbidden",
            "your role '\(role.rawValue)' cannot do this; it needs '\(permission.minimumRole?.rawValue ?? "none")' or above")
    }

    /// The error a store or engine failure becomes: its code picks the status.
    public static func from(_ error: SynthError) -> APIError {
        let status: HTTPResponse.Status =
            switch error.code {
            case .notFound: .notFound
            case .conflict: .conflict
            case .invalidArgument, .invalidSpec, .invalidPack, .unknownDomain, .unknownTask: .unprocessableContent
            case .budget: .init(code: 402, reasonPhrase: "Payment Required")
            case .exhausted, .cancelled: .conflict
            default: .internalServerError
            }
        return APIError(status, error.code.rawValue, error.message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields: Fields = ["status": .int(status.code), "code": .string(code), "message": .string(message)]
        if let field { fields["field"] = .string(field) }
        var response = JSONBody.response(.object(["error": .object(fields)]), status: status)
        for header in headers { response.headers.append(header) }
        return response
    }
}
