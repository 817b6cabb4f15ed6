import Crypto
import Foundation
import HummingbirdBcrypt

/// Making and checking the server's secrets: API keys, passwords and session tokens.
public enum Secrets {
    /// A new API key: `sf_` and 40 random base-62 characters. Only its hash is stored.
    public static func newAPIKey() -> String { "sf_" + randomToken(40) }

    /// A new refresh token for a session.
    public static func newRefreshToken() -> String { "sfr_" + randomToken(48) }

    /// The stored form of an API key or refresh token: hex SHA-256. These are long random
    /// strings, so a fast hash is safe; passwords get bcrypt.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The first characters of a key, kept to tell keys apart in lists.
    public static func keyPrefix(_ key: String) -> String { String(key.prefix(10)) }

    /// A bcrypt hash of `password`.
    public static func hashPassword(_ password: String, cost: UInt8 = 10) -> String { Bcrypt.hash(password, cost: cost) }

    /// True when `password` matches the bcrypt `hash`.
    public static func verifyPassword(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// `count` characters drawn uniformly from letters and digits by the system's random source.
    public static func randomToken(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
