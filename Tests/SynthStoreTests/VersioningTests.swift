import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthStore

@Suite struct VersioningTests {
    @Test func sha256MatchesPythonsHashlib() throws {
        // Lengths around the 55/56/64-byte padding edges, and multi-block texts with non-ASCII.
        var rng = SeededRandom(seed: 3)
        var texts = ["", "abc", "é✓ 👩‍⚕️ dose: 5 mg"]
        for length in [55, 56, 57, 63, 64, 65, 119, 120, 1_000, 100_003] {
            texts.append(String((0..<length).map { _ in Character(UnicodeScalar(UInt8(32 + rng.below(95)))) }))
        }
        let folder = try Processes.temporaryFolder()
        let path = folder + "/texts.json"
        try Data(JSONSerialization.data(withJSONObject: texts)).write(to: URL(fileURLWithPath: path))
        let expected = try Processes.python(
            "import hashlib, json, sys\nfor t in json.load(open(sys.argv[1])): print(hashlib.sha256(t.encode()).hexdigest())", [path])
        #expect(texts.map { SHA256.hex($0) + "\n" }.joined() == expected)
        #expect(texts.map { SHA256.portableHex(Array($0.utf8)) + "\n" }.joined() == expected)
        #if os(Linux)
            // The digests above came from libcrypto where it loads; on Debian it always does.
            #expect(SystemSHA256.function != nil)
        #endif
        // Fed in pieces, the digest is the same as in one go.
        var pieces = SHA256()
        for part in texts.last!.utf8.split(separator: UInt8(ascii: "a"), omittingEmptySubsequences: false).enumerated() {
            if part.offset > 0 { pieces.update([UInt8(ascii: "a")]) }
            pieces.update(Array(part.element))
        }
        #expect(pieces.hexDigest() == SHA256.hex(texts.last!))
    }

    @Test func manifestChunksRoundTripAndShiftOnlyWhereRecordsChange() throws {
        var entries = (0..<30_000).map { ManifestEntry(id: "rec-\($0)", hash: SHA256.hex("body \($0)"), seq: Int64($0 + 1)) }
        entries[17] = ManifestEntry(id: "odd\nid\\with\rescapes", hash: SHA256.hex("odd"), seq: 99_999)
        let chunks = Manifest.chunks(of: entries)
        #expect(chunks.count > 10 && chunks.count < 80)
        #expect(try chunks.flatMap { try Manifest.entries(of: $0.text) } == entries)
        #expect(chunks.allSatisfy { SHA256.hex($0.text) == $0.hash })
        // Inserting one record changes one chunk; the rest are shared.
        var inserted = entries
        inserted.insert(ManifestEntry(id: "new-one", hash: SHA256.hex("new"), seq: 100_000), at: 20_000)
        let after = Manifest.chunks(of: inserted)
        #expect(Set(after.map(\.hash)).subtracting(chunks.map(\.hash)).count <= 2)
        #expect(throws: SynthError.self) { try Manifest.entries(of: "not a manifest line\n") }
        #expect(throws: SynthError.self) { try Manifest.entries(of: SHA256.hex("x") + " 12x id\n") }
    }

    @Test func lineDiffIsMinimalLikeGNUDiff() throws {
        let folder = try Processes.temporaryFolder()
        var rng = SeededRandom(seed: 8)
        for round in 0..<20 {
            let words = ["system:", "user:", "{{topic}}", "be brief", "- example", "schema:", "  type: object", ""]
            let old = (0..<(5 + rng.below(40))).map { _ in words[rng.below(words.count)] }
            var new = old
            for _ in 0..<(1 + rng.below(6)) {
                switch rng.below(3) {
                case 0 where !new.isEmpty: new.remove(at: rng.below(new.count))
                case 1: new.insert(words[rng.below(words.count)] + " v2", at: rng.below(new.count + 1))
                default: if !new.isEmpty { new[rng.below(new.count)] = "changed \(round)" }
                }
            }
            let a = old.joined(separator: "\n") + "\n"
            let b = new.joined(separator: "\n") + "\n"
            let lines = LineDiff.lines(from: a, to: b)
            // Kept and removed lines give the old text back; kept and added give the new.
            let back = lines.compactMap { if case .kept(let s) = $0 { s } else if case .removed(let s) = $0 { s } else { nil } }
            let forward = lines.compactMap { if case .kept(let s) = $0 { s } else if case .added(let s) = $0 { s } else { nil } }
            #expect(back == old && forward == new)
            // As few changed lines as GNU diff's minimal diff.
            try Data(a.utf8).write(to: URL(fileURLWithPath: folder + "/a"))
            try Data(b.utf8).write(to: URL(fileURLWithPath: folder + "/b"))
            let gnu = try Processes.run("diff", ["--minimal", "-U0", folder + "/a", folder + "/b"]).stdout
            let gnuChanges = gnu.split(separator: "\n").filter {
                ($0.hasPrefix("+") && !$0.hasPrefix("+++")) || ($0.hasPrefix("-") && !$0.hasPrefix("---"))
            }.count
            let ours = lines.filter { if case .kept = $0 { false } else { true } }.count
            #expect(ours == gnuChanges, "round \(round)")
        }
        let text = LineDiff.unified(from: "a\nb\nc\n", to: "a\nB\nc\n", fromName: "t@1", toName: "t@2")
        #expect(text == "--- t@1\n+++ t@2\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
        #expect(LineDiff.unified(from: "same\n", to: "same\n", fromName: "x", toName: "y").isEmpty)
    }
}
