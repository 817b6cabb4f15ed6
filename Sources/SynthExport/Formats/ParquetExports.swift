import SynthCore

/// One Parquet file of an export. The columns come from the task shape, so the writer opens on the
/// first record (csv-like formats take one shape per file); an export with no records writes an
/// empty file with the document shape's columns.
struct ParquetSink: ExportFileSink {
    let path: String
    private var writer: ParquetRecordWriter?

    init(path: String) { self.path = path }

    var notes: [String] { [] }

    mutating func write(_ record: Record) throws {
        if writer == nil { writer = try ParquetRecordWriter(path: path, shape: record.shape) }
        try writer!.write(record)
    }

    mutating func commit() throws {
        if writer == nil { writer = try ParquetRecordWriter(path: path, shape: .document) }
        try writer!.finish()
    }

    mutating func discard() { writer?.discard() }
}

/// A Hugging Face dataset folder (Parquet shards per split and a README card), opened on the
/// first record, whose shape and provenance the card describes.
struct HuggingFaceExport: ExportWriter {
    let folder: String
    let splits: [String]
    private var writer: HuggingFaceFolderWriter?

    init(folder: String, splits: [String]?) {
        self.folder = folder
        self.splits = splits ?? ["train"]
    }

    mutating func write(_ record: Record, split: Int) throws {
        if writer == nil {
            let p = record.provenance
            let card = DatasetCard(
                title: p.domain.isEmpty ? "Synthetic dataset" : "\(p.domain)/\(p.task) (synthetic)", source: p.source,
                domain: p.domain, task: p.task, generatorVersion: p.generatorVersion, seed: p.seed)
            writer = try HuggingFaceFolderWriter(folder: folder, shape: record.shape, splits: splits, card: card)
        }
        try writer!.write(record, split: splits[split])
    }

    mutating func commit() throws -> [String] {
        guard writer != nil else { throw SynthError(.invalidArgument, "no records to export: a dataset folder needs at least one") }
        try writer!.finish()
        return []
    }

    mutating func discard() { writer?.discard() }
}

extension ExportFormat {
    /// The Parquet and Hugging Face folder formats.
    static let columnar: [ExportFormat] = [
        .file(
            name: "parquet", summary: "Apache Parquet: id, the shape's fields (messages and entities as lists of structs), provenance.",
            extension: "parquet", shapes: TaskShape.allCases, oneShapePerFile: true
        ) { (path) throws(SynthError) in ParquetSink(path: path) },
        ExportFormat(
            name: "hf",
            summary: "A Hugging Face dataset folder: data/<split>-*.parquet and a README card; load with datasets.load_dataset(folder).",
            layout: .folder, shapes: TaskShape.allCases, oneShapePerFile: true
        ) { (out, splits) throws(SynthError) in HuggingFaceExport(folder: out, splits: splits) },
    ]
}
