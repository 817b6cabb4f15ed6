import SynthCore
import SynthExport
import SynthQuality

/// Builds n-gram overlap indexes from JSONL files: the real data for the memorization check, or
/// an evaluation set for decontamination.
enum OverlapCorpus {
    /// The index of every record's text in `path` (found as `validate` finds text), or an error
    /// naming the file when it has no records. `role` names the file in errors ("reference").
    static func index(path: String, role: String, reader: TextRecordReader = TextRecordReader(), n: Int = 13)
        throws(SynthError) -> NGramOverlapIndex
    {
        var lines = try JSONLReader(path: path)
        var index = NGramOverlapIndex(n: n)
        while let (line, object) = lines.next() {
            guard case .success(let record) = reader.record(from: object, line: line) else { continue }
            index.add(record.readableText)
        }
        guard index.textCount > 0 else {
            throw SynthError(.invalidArgument, "\(role) '\(path)' has no records with text to compare with")
        }
        return index
    }
}
