/// A line-by-line diff of two texts, as unified-diff hunks: the longest common subsequence of
/// lines is kept, everything else is removed or added.
public enum LineDiff {
    /// One line of a diff.
    public enum Line: Sendable, Hashable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    /// Every line of both texts, in order, marked kept, removed or added.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = split(old)
        let b = split(new)
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                out.append(.kept(a[i]))
                i += 1
                j += 1
            } else if i < a.count && (j == b.count || lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.append(.removed(a[i]))
                i += 1
            } else {
                out.append(.added(b[j]))
                j += 1
            }
        }
        return out
    }

    /// The diff as unified-diff text with `context` unchanged lines around each change, under
    /// `--- fromName` and `+++ toName` headers; empty when the texts are the same.
    public static func unified(from old: String, to new: String, fromName: String, toName: String, context: Int = 3) -> String {
        let all = lines(from: old, to: new)
        let changed = all.indices.filter { if case .kept = all[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        // Group changes whose context would touch into hunks.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(all.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        var text = "--- \(fromName)\n+++ \(toName)\n"
        for hunk in hunks {
            // Line numbers (1-based) where the hunk starts in each text.
            var oldLine = 1
            var newLine = 1
            for line in all[..<hunk.lowerBound] {
                switch line {
                case .kept:
                    oldLine += 1
                    newLine += 1
                case .removed: oldLine += 1
                case .added: newLine += 1
                }
            }
            var oldCount = 0
            var newCount = 0
            var body = ""
            for line in all[hunk] {
                switch line {
                case .kept(let s):
                    body += " \(s)\n"
                    oldCount += 1
                    newCount += 1
                case .removed(let s):
                    body += "-\(s)\n"
                    oldCount += 1
                case .added(let s):
                    body += "+\(s)\n"
                    newCount += 1
                }
            }
            text +=
                "@@ -\(oldCount == 0 ? oldLine - 1 : oldLine),\(oldCount) +\(newCount == 0 ? newLine - 1 : newLine),\(newCount) @@\n" + body
        }
        return text
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
