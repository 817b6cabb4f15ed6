import Crypto
import Foundation
import SynthCore

/// A short-lived session for the web UI and for clients that log in with a password: a JWT
/// (HS256) naming the user, the organization and an expiry, signed with the server's secret.
public struct SessionToken: Sendable, Hashable {
    /// The user id (`sub`).
    public var userID: Int64
    /// The organization id (`org`).
    public var orgID: Int64
    /// When it stops being accepted, in seconds since 1970 (`exp`).
    public var expires: Int64

    public init(userID: Int64, orgID: Int64, expires: Int64) {
        self.userID = userID
        self.orgID = orgID
        self.expires = expires
    }

    /// The signed token.
    public func signed(with key: SymmetricKey) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims: Value = .object(["sub": .string(String(userID)), "org": .int(Int(orgID)), "exp": .int(Int(expires))])
        let payload = Self.base64URL(Data(JSONWriter.string(claims).utf8))
        let input = header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return input + "." + Self.base64URL(Data(signature))
    }

    /// The session `token` carries, or nil when it is malformed, signed with another key, not
    /// HS256, or expired at `now` (seconds since 1970).
    public static func verify(_ token: String, with key: SymmetricKey, now: Int64) -> SessionToken? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = data(base64URL: String(parts[2])) else { return nil }
        let input = Data((parts[0] + "." + parts[1]).utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: key),
            let headerData = data(base64URL: String(parts[0])),
            case .object(let header)? = try? JSONParser.parse(Array(headerData)), header["alg"]?.stringValue == "HS256",
            let payloadData = data(base64URL: String(parts[1])),
            case .object(let claims)? = try? JSONParser.parse(Array(payloadData)),
            let sub = claims["sub"]?.stringValue.flatMap({ Int64($0) }),
            case .int(let org)? = claims["org"], case .int(let exp)? = claims["exp"]
        else { return nil }
        guard Int64(exp) > now else { return nil }
        return SessionToken(userID: sub, orgID: Int64(org), expires: Int64(exp))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
