import ArgumentParser
import Foundation
import SynthCore
import SynthStore

/// Where the store is: `--db`, else `SYNTHFORGE_DB`, else the SQLite file in the user's data folder.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The store: an SQLite file, or a postgres:// URL (default: $SYNTHFORGE_DB, else ~/.local/share/synthforge/store.db).",
            valueName: "path-or-url"))
    var db: String?

    /// Opens the store.
    func open() throws(SynthError) -> Store { try Store.open(db) }
}

/// A store timestamp as `2026-11-22 14:03` in UTC.
func storeTime(_ millis: Int64) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
}

/// Splits `NAME@REF` into the dataset and the reference (nil without `@`).
func datasetReference(_ text: String) -> (dataset: String, reference: String?) {
    guard let at = text.firstIndex(of: "@") else { return (text, nil) }
    return (String(text[..<at]), String(text[text.index(after: at)...]))
}

/// Lays rows out in columns two spaces apart, the last column unpadded.
func columns(_ rows: [[String]]) -> String {
    guard let width = rows.map(\.count).max(), width > 0 else { return "" }
    let widths = (0..<width).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0) }
            .joined()
    }.joined(separator: "\n")
}
