import Foundation
import SynthCore
import SynthLLM

/// A passage of a document that `qa` asks about.
public struct DocumentChunk: Sendable, Hashable {
    /// The document's file name.
    public var file: String
    /// The chunk's position in its document (0, 1, …).
    public var index: Int
    /// The passage: whole paragraphs, separated by blank lines.
    public var text: String
}

/// Cuts documents into chunks of whole paragraphs.
public enum DocumentChunker {
    /// The chunks of every `.txt` and `.md` file in `folder` (not its subfolders), files in name order.
    public static func chunks(folder: String, characters: Int, overlap: Int) throws(SynthError) -> [DocumentChunk] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw SynthError(.io, "cannot list documents folder '\(folder)': no such folder or not readable")
        }
        let files = names.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }.sorted()
        var chunks: [DocumentChunk] = []
        for name in files {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SynthError(.io, "cannot read document '\(path)' as UTF-8 text")
            }
            for (index, chunk) in split(text, characters: characters, overlap: overlap).enumerated() {
                chunks.append(DocumentChunk(file: name, index: index, text: chunk))
            }
        }
        if chunks.isEmpty { throw SynthError(.invalidArgument, "documents folder '\(folder)' holds no non-empty .txt or .md file") }
        return chunks
    }

    /// `text` cut at blank lines into paragraphs, then packed into chunks of at most `characters`
    /// characters (a longer paragraph is a chunk of its own); each chunk after the first starts with
    /// the trailing paragraphs of the chunk before it that fit in `overlap` characters.
    public static func split(_ text: String, characters: Int, overlap: Int) -> [String] {
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .split { $0.allSatisfy(\.isWhitespace) }
            .map { $0.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        var chunks: [String] = []
        var current: [String] = []
        var fresh = 0  // paragraphs of `current` not carried over from the chunk before
        func length(_ parts: [String]) -> Int { parts.reduce(0) { $0 + $1.count } + max(0, parts.count - 1) * 2 }
        for paragraph in paragraphs {
            if fresh > 0 && length(current + [paragraph]) > characters {
                chunks.append(current.joined(separator: "\n\n"))
                var carried: [String] = []
                for previous in current.reversed() {
                    guard length([previous] + carried) <= overlap else { break }
                    carried.insert(previous, at: 0)
                }
                // A carried paragraph that leaves no room for the next one would only repeat itself.
                current = length(carried + [paragraph]) <= characters ? carried : []
                fresh = 0
            }
            current.append(paragraph)
            fresh += 1
        }
        if fresh > 0 { chunks.append(current.joined(separator: "\n\n")) }
        return chunks
    }
}

/// Finds a model's answer in its passage, so that a QA answer is always a verbatim span.
public enum AnswerSpan {
    /// The span of `context` that reads as `answer` ignoring case and runs of white space, taken
    /// verbatim from `context`, with its start in Unicode scalars; nil when there is none (or the
    /// answer is blank). The first occurrence wins.
    public static func locate(_ answer: String, in context: String) -> (text: String, start: Int)? {
        let scalars = Array(context.unicodeScalars)
        let haystack = normalized(scalars)
        let needle = normalized(Array(answer.unicodeScalars)).map(\.scalar)
        let trimmed = Array(needle.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !trimmed.isEmpty, trimmed.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - trimmed.count) where haystack[i].scalar == trimmed[0] {
            guard (0..<trimmed.count).allSatisfy({ haystack[i + $0].scalar == trimmed[$0] }) else { continue }
            let start = haystack[i].source
            let end = haystack[i + trimmed.count - 1].source + 1
            var span = String.UnicodeScalarView()
            span.append(contentsOf: scalars[start..<end])
            return (String(span), start)
        }
        return nil
    }

    /// `scalars` lower-cased, each run of white space as one space, each with the offset of the scalar it came from.
    private static func normalized(_ scalars: [Unicode.Scalar]) -> [(scalar: Unicode.Scalar, source: Int)] {
        var out: [(scalar: Unicode.Scalar, source: Int)] = []
        for (offset, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace {
                if out.last?.scalar != " " { out.append((" ", offset)) }
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append((lower, offset)) }
            }
        }
        return out
    }
}

/// QA from documents: each chunk gets `perChunk` questions, each its own request (the sampling
/// seed differs); the answer must be a span of the chunk (`AnswerSpan`), else the record is dropped
/// with "answer not in chunk". The chunk is the record's context; the sentence the model quoted as
/// evidence goes to `metadata.evidence`.
///
/// Record k asks about chunk (k / perChunk) mod the number of chunks, so a run longer than the
/// documents goes round them again with new seeds.
struct DocumentQASource: RecordSource {
    let stamp: RecipeStamp
    let call: TemplateCall
    let chunks: [DocumentChunk]
    let perChunk: Int

    func records(for shard: Shard) async throws -> [Record] {
        try await RecipeStamp.records(of: shard) { offset, random in
            var random = random
            let chunk = chunks[(shard.position(of: offset) / max(1, perChunk)) % chunks.count]
            var metadata: Fields = ["file": .string(chunk.file), "chunk": .int(chunk.index)]
            var log = CallLog()
            let answer = try await call.ask(["chunk": .string(chunk.text)], seed: random.next(), log: &log)
            var fields: Fields = ["context": .string(chunk.text)]
            guard let answer, let question = answer["question"]?.stringValue, let given = answer["answer"]?.stringValue else {
                fields["metadata"] = .object(metadata)
                return stamp.record(
                    .qa, fields, shard: shard, offset: offset, log: log, drop: "no parseable answer from \(call.template.id)")
            }
            if let evidence = answer["context"]?.stringValue { metadata["evidence"] = .string(evidence) }
            fields["question"] = .string(question)
            guard let span = AnswerSpan.locate(given, in: chunk.text) else {
                fields["answer"] = .string(given)
                fields["metadata"] = .object(metadata)
                return stamp.record(.qa, fields, shard: shard, offset: offset, log: log, drop: "answer not in chunk")
            }
            fields["answer"] = .string(span.text)
            fields["answer_start"] = .int(span.start)
            fields["metadata"] = .object(metadata)
            return stamp.record(.qa, fields, shard: shard, offset: offset, log: log)
        }
    }
}
