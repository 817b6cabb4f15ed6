import SynthCore
import SynthExport

/// A readable per-field comparison of two versions of one record.
public enum FieldDiff {
    /// One field that differs: its path (`text`, `metadata.age`, `messages[2].content`) and its
    /// value before and after (nil where the field does not exist).
    public struct Change: Sendable, Hashable {
        public var path: String
        public var from: Value?
        public var to: Value?
    }

    /// The fields that differ between two records' JSON, in the order they appear.
    public static func changes(from old: String, to new: String) -> [Change] {
        let a = (try? JSONParser.parse(Array(old.utf8))) ?? .string(old)
        let b = (try? JSONParser.parse(Array(new.utf8))) ?? .string(new)
        var out: [Change] = []
        compare(a, b, path: "", into: &out)
        return out
    }

    private static func compare(_ a: Value?, _ b: Value?, path: String, into out: inout [Change]) {
        if a == b { return }
        switch (a, b) {
        case (.object(let x)?, .object(let y)?):
            for (key, value) in x { compare(value, y[key], path: join(path, key), into: &out) }
            for (key, value) in y where x[key] == nil { compare(nil, value, path: join(path, key), into: &out) }
        case (.array(let x)?, .array(let y)?):
            for i in 0..<max(x.count, y.count) {
                compare(i < x.count ? x[i] : nil, i < y.count ? y[i] : nil, path: "\(path)[\(i)]", into: &out)
            }
        default:
            out.append(Change(path: path.isEmpty ? "(record)" : path, from: a, to: b))
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// A one-line rendering of a change: short values in full, long texts as the stretch that
    /// differs with a little context, `[-removed-]{+added+}`.
    public static func describe(_ change: Change, width: Int = 60) -> String {
        guard case .string(let x)? = change.from, case .string(let y)? = change.to, x.count + y.count > 2 * width else {
            return "\(change.path): \(show(change.from, width)) → \(show(change.to, width))"
        }
        let a = Array(x)
        let b = Array(y)
        var prefix = 0
        while prefix < min(a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let context = 20
        let lead = String(a[max(0, prefix - context)..<prefix])
        let trail = String(a[(a.count - suffix)..<min(a.count, a.count - suffix + context)])
        let removed = clip(String(a[prefix..<(a.count - suffix)]), width)
        let added = clip(String(b[prefix..<(b.count - suffix)]), width)
        let head = prefix > context ? "…" : ""
        let tail = suffix > context ? "…" : ""
        return "\(change.path): \"\(head)\(lead)[-\(removed)-]{+\(added)+}\(trail)\(tail)\"".replacingNewlines()
    }

    private static func show(_ value: Value?, _ width: Int) -> String {
        guard let value else { return "(none)" }
        return clip(JSONWriter.string(value), width).replacingNewlines()
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        var out = ""
        for c in self { out += c == "\n" ? "⏎" : String(c) }
        return out
    }
}
