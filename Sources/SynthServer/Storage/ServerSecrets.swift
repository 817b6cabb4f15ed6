import Crypto
import Foundation
import SynthCore
import SynthStore

/// The server's own signing key, made at random on first start and kept in the store.
enum ServerSecrets {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "secrets-1") { _ in "CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)" }
    ]

    /// The key that signs session tokens.
    static func sessionKey(in db: any SQLDatabase) throws(SynthError) -> SymmetricKey {
        if let row = try db.first("SELECT value FROM server_secrets WHERE name = 'session'"), let data = Data(base64Encoded: row.text(0)) {
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() }
        try db.execute("INSERT INTO server_secrets (name, value) VALUES ('session', ?)", [.text(text)])
        return key
    }
}
