import SynthCore

/// A format records can be exported to: what it is called, what it writes, which task shapes it
/// takes, and how to write it.
///
/// Every format is one entry in ``ExportFormat/all``; docs/exports.md says which fields go where.
public struct ExportFormat: Sendable {
    /// What a format writes.
    public enum Layout: Sendable, Equatable {
        /// One file (one per split), with this extension.
        case file(extension: String)
        /// A folder holding every split.
        case folder
    }

    /// The name given to `--format`.
    public let name: String
    /// One line on what the format is for.
    public let summary: String
    /// A file or a folder.
    public let layout: Layout
    /// The shapes the format can hold, in `TaskShape` order.
    public let shapes: [TaskShape]
    /// How many records are written when no limit is given (nil: all).
    public let defaultLimit: Int?
    /// Whether every record of one file must have the same shape (tables: the columns come from the shape).
    public let oneShapePerFile: Bool
    /// Whether a record's line is its SynthForge JSON, so records kept as such (a version in the
    /// store) are copied as they are.
    public private(set) var copiesStoredJSON = false
    private let problem: @Sendable (Record) -> String?
    private let open: @Sendable (_ out: String, _ splits: [String]?) throws(SynthError) -> any ExportWriter

    /// A format that writes `open`'s writer to `out` (all splits in one writer, nil without splits).
    ///
    /// - Parameter problem: why a record of an accepted shape still cannot be written (a conversation
    ///   without an assistant reply), or nil; such records are skipped and reported.
    public init(
        name: String, summary: String, layout: Layout, shapes: [TaskShape], defaultLimit: Int? = nil,
        oneShapePerFile: Bool = false, problem: @escaping @Sendable (Record) -> String? = { _ in nil },
        open: @escaping @Sendable (_ out: String, _ splits: [String]?) throws(SynthError) -> any ExportWriter
    ) {
        self.name = name
        self.summary = summary
        self.layout = layout
        self.shapes = TaskShape.allCases.filter(shapes.contains)
        self.defaultLimit = defaultLimit
        self.oneShapePerFile = oneShapePerFile
        self.problem = problem
        self.open = open
    }

    /// A file format: one file at `out`, or with splits one file per split in the folder `out`
    /// (`out/train.jsonl`, …), each opened by `sink`.
    public static func file(
        name: String, summary: String, extension fileExtension: String, shapes: [TaskShape], defaultLimit: Int? = nil,
        oneShapePerFile: Bool = false, problem: @escaping @Sendable (Record) -> String? = { _ in nil },
        sink: @escaping @Sendable (_ path: String) throws(SynthError) -> any ExportFileSink
    ) -> ExportFormat {
        ExportFormat(
            name: name, summary: summary, layout: .file(extension: fileExtension), shapes: shapes, defaultLimit: defaultLimit,
            oneShapePerFile: oneShapePerFile, problem: problem
        ) { (out, splits) throws(SynthError) in
            try SplitFiles(out: out, splits: splits, fileExtension: fileExtension, open: sink)
        }
    }

    /// A file format that streams `encoder`'s bytes through a ``FileSink``.
    static func encoded(
        name: String, summary: String, extension fileExtension: String, shapes: [TaskShape], defaultLimit: Int? = nil,
        oneShapePerFile: Bool = false, problem: @escaping @Sendable (Record) -> String? = { _ in nil },
        encoder: any RecordEncoder
    ) -> ExportFormat {
        file(
            name: name, summary: summary, extension: fileExtension, shapes: shapes, defaultLimit: defaultLimit,
            oneShapePerFile: oneShapePerFile, problem: problem
        ) { (path) throws(SynthError) in try FileSink(target: path, encoder: encoder) }
    }

    /// This format, marked as writing each record as its SynthForge JSON line.
    func copyingStoredJSON() -> ExportFormat {
        var format = self
        format.copiesStoredJSON = true
        return format
    }

    /// Opens a writer for `out`; `splits` are the split names, or nil for one output.
    public func open(out: String, splits: [String]?) throws(SynthError) -> any ExportWriter {
        try open(out, splits)
    }

    /// Throws when `shape` has no form in this format, naming both and what the format takes.
    public func check(_ shape: TaskShape) throws(SynthError) {
        guard !shapes.contains(shape) else { return }
        throw SynthError(
            .invalidArgument,
            "the \(shape.rawValue) shape has no \(name) form: \(name) takes \(Self.list(shapes.map(\.rawValue))) records")
    }

    /// Why `record` (of an accepted shape) cannot be written in this format, or nil.
    public func problem(with record: Record) -> String? { problem(record) }

    /// The format called `name`, or an error listing the formats.
    public static func named(_ name: String) throws(SynthError) -> ExportFormat {
        guard let format = all.first(where: { $0.name == name.lowercased() }) else {
            throw SynthError(
                .invalidArgument, "unknown export format '\(name)'; formats are: \(all.map(\.name).joined(separator: ", "))")
        }
        return format
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

extension ExportFormat {
    /// Every format, in the order `synthforge export --formats` lists them.
    public static let all: [ExportFormat] =
        [
            .encoded(
                name: "jsonl", summary: "SynthForge's own JSONL, as generate writes it (id, fields, provenance); reads back losslessly.",
                extension: "jsonl", shapes: TaskShape.allCases, encoder: JSONLEncoder()
            ).copyingStoredJSON(),
            .encoded(
                name: "csv", summary: "A table for spreadsheets and pandas: id, the shape's fields (nested ones as JSON), provenance.",
                extension: "csv", shapes: TaskShape.allCases, oneShapePerFile: true, encoder: CSVEncoder()),
            .file(
                name: "xlsx", summary: "An Excel workbook with the same columns as csv, header row frozen.", extension: "xlsx",
                shapes: TaskShape.allCases, oneShapePerFile: true
            ) { (path) throws(SynthError) in try XLSXSink(target: path) },
            .encoded(
                name: "markdown", summary: "A readable sample document: a heading per record, fields as sections (first 100 by default).",
                extension: "md", shapes: TaskShape.allCases, defaultLimit: 100, encoder: MarkdownEncoder()),
            .encoded(
                name: "openai-chat", summary: "OpenAI chat fine-tuning JSONL: {\"messages\": [{role, content}, …]} per line.",
                extension: "jsonl", shapes: TrainingForm.chatShapes, problem: TrainingForm.chatProblem, encoder: OpenAIChatEncoder()),
            .encoded(
                name: "openai-completion", summary: "Prompt/completion JSONL: {\"prompt\", \"completion\"} per line.",
                extension: "jsonl", shapes: TrainingForm.chatShapes, problem: TrainingForm.replyProblem,
                encoder: OpenAICompletionEncoder()),
            .encoded(
                name: "alpaca", summary: "Alpaca instruction tuning: one JSON array of {instruction, input, output}.",
                extension: "json", shapes: TrainingForm.alpacaShapes, problem: TrainingForm.replyProblem, encoder: AlpacaEncoder()),
            .encoded(
                name: "sharegpt", summary: "ShareGPT: one JSON array of {\"conversations\": [{from: system|human|gpt, value}, …]}.",
                extension: "json", shapes: TrainingForm.chatShapes, problem: TrainingForm.chatProblem, encoder: ShareGPTEncoder()),
            .encoded(
                name: "dpo", summary: "Preference pairs for DPO/RLHF trainers: {prompt, chosen, rejected} per line.",
                extension: "jsonl", shapes: [.preference], encoder: DPOEncoder()),
            .encoded(
                name: "langchain", summary: "LangChain documents JSONL: {page_content, metadata} per line, for loaders and vector stores.",
                extension: "jsonl", shapes: TaskShape.allCases, encoder: LangChainEncoder()),
        ] + columnar
}
