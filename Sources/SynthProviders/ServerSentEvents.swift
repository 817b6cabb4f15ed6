/// Splits a server-sent event stream into the data of each event, whatever the chunk boundaries.
///
/// Only `data:` lines matter to model APIs; `event:`, `id:` and comment lines are skipped.
/// An event's data lines are joined with newlines, and a blank line ends the event.
struct ServerSentEvents {
    private var line: [UInt8] = []
    private var data: [String] = []

    /// Feeds bytes and returns the data of every event they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// The last event, when the stream ends without a blank line after it.
    mutating func finish() -> [String] {
        var events: [String] = []
        if !line.isEmpty, let event = endLine() { events.append(event) }
        if !data.isEmpty { events.append(data.joined(separator: "\n")) }
        data = []
        return events
    }

    private mutating func endLine() -> String? {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !data.isEmpty else { return nil }
            defer { data = [] }
            return data.joined(separator: "\n")
        }
        let prefix = Array("data:".utf8)
        guard line.starts(with: prefix) else { return nil }
        var payload = line.dropFirst(prefix.count)
        if payload.first == UInt8(ascii: " ") { payload = payload.dropFirst() }
        data.append(String(decoding: payload, as: UTF8.self))
        return nil
    }
}
