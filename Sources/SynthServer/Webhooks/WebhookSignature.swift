import Crypto
import Foundation

/// How a webhook request proves it came from this server: an HMAC-SHA256, keyed with the
/// webhook's secret, of the timestamp header's value, a dot, and the raw body.
///
/// Signing the timestamp with the body lets a receiver refuse old requests replayed later.
public enum WebhookSignature {
    /// The header with the signature, `sha256=<hex>`.
    public static let header = "X-SynthForge-Signature"
    /// The header with the Unix time in seconds when the attempt was signed.
    public static let timestampHeader = "X-SynthForge-Timestamp"

    /// The `X-SynthForge-Signature` value for `body` sent at `timestamp` (Unix seconds).
    public static func sign(body: [UInt8], timestamp: Int64, secret: String) -> String {
        var message = Array("\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
