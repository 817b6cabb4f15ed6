import SynthCore
import SynthExport

/// A record's payload as one JSON line, for showing samples.
public enum SampleText {
    /// The record's fields (not its provenance) as compact JSON.
    public static func render(_ record: Record) -> String {
        JSONWriter.string(.object(record.fields))
    }
}
