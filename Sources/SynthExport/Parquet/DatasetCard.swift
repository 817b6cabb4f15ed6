import SynthCore

/// What a Hugging Face dataset card says about a dataset beyond its files: title, license and how
/// the records were made.
public struct DatasetCard: Sendable, Hashable {
    /// The card's heading and `pretty_name`.
    public var title: String
    /// A paragraph saying what the data is; a default naming the domain and task when nil.
    public var summary: String?
    /// The license identifier the Hub knows (`mit`, `cc-by-4.0`…), `other` by default.
    public var license: String
    /// The source kind that made the records, such as `builtin`.
    public var source: String
    /// The domain the records belong to.
    public var domain: String
    /// The task within the domain.
    public var task: String
    /// The version of the generator definition.
    public var generatorVersion: String
    /// The spec's seed.
    public var seed: UInt64

    /// Makes a card.
    public init(
        title: String, summary: String? = nil, license: String = "other", source: String = "builtin", domain: String,
        task: String, generatorVersion: String, seed: UInt64
    ) {
        self.title = title
        self.summary = summary
        self.license = license
        self.source = source
        self.domain = domain
        self.task = task
        self.generatorVersion = generatorVersion
        self.seed = seed
    }

    /// The Hub's task category for records of `shape`.
    public static func taskCategory(for shape: TaskShape) -> String {
        switch shape {
        case .document, .instruction, .conversation, .preference: return "text-generation"
        case .classification: return "text-classification"
        case .ner: return "token-classification"
        case .qa: return "question-answering"
        }
    }

    /// The README.md text: YAML metadata (configs, features, splits, license, tags), then a
    /// Markdown description. `splits` pairs each split's name with its record count.
    public func readme(shape: TaskShape, splits: [(name: String, count: Int)]) -> String {
        let columns = ParquetRecordWriter.columns(for: shape)
        let total = splits.reduce(0) { $0 + $1.count }
        var y = "---\n"
        y += "license: \(Self.quoted(license))\n"
        y += "pretty_name: \(Self.quoted(title))\n"
        y += "task_categories:\n- \(Self.taskCategory(for: shape))\n"
        y += "tags:\n- synthetic\n- synthforge\n"
        y += "size_categories:\n- \(Self.sizeCategory(total))\n"
        y += "configs:\n- config_name: default\n  data_files:\n"
        for split in splits { y += "  - split: \(split.name)\n    path: data/\(split.name)-*\n" }
        y += "dataset_info:\n  features:\n"
        for column in columns {
            y += "  - name: \(column.name)\n"
            if case .list(let members) = column.kind {
                y += "    list:\n"
                for member in members { y += "    - name: \(member.name)\n      dtype: \(Self.dtype(member))\n" }
            } else {
                y += "    dtype: \(Self.dtype(column))\n"
            }
        }
        y += "  splits:\n"
        for split in splits { y += "  - name: \(split.name)\n    num_examples: \(split.count)\n" }
        y += "---\n\n"

        var m = "# \(title)\n\n"
        m += (summary ?? "Synthetic \(shape.rawValue) records for the task \(task) in the domain \(domain), made by SynthForge.") + "\n\n"
        m += "## How it was made\n\n| | |\n|---|---|\n"
        m += "| generator | SynthForge, source `\(source)` |\n| domain | \(domain) |\n| task | \(task) (\(shape.rawValue) records) |\n"
        m += "| generator version | \(generatorVersion) |\n| seed | \(seed) |\n"
        for split in splits { m += "| \(split.name) | \(split.count) records |\n" }
        m += "\nThe same spec and seed give the same records. Each record's `provenance` column holds the full details as JSON.\n\n"
        m += "## Columns\n\n| column | type | holds |\n|---|---|---|\n"
        for column in columns { m += "| `\(column.name)` | \(Self.typeName(column)) | \(Self.meaning(column.name)) |\n" }
        return y + m
    }

    private static func dtype(_ column: ParquetColumn) -> String {
        switch column.kind {
        case .string: return "string"
        case .int64: return "int64"
        case .double: return "float64"
        case .boolean: return "bool"
        case .list: return "list"
        }
    }

    private static func typeName(_ column: ParquetColumn) -> String {
        guard case .list(let members) = column.kind else { return dtype(column) }
        return "list of {" + members.map { "\($0.name): \(dtype($0))" }.joined(separator: ", ") + "}"
    }

    private static func meaning(_ name: String) -> String {
        switch name {
        case "id": return "stable record id"
        case "metadata": return "the record's metadata, as JSON text"
        case "provenance": return "source, domain, task, generator version, seed, shard, index and scores, as JSON text"
        case "messages": return "the chat, one `{role, content}` per turn"
        case "entities": return "entity spans in Unicode scalar offsets of `text`"
        case "answer_start": return "where `answer` starts in `context`, in Unicode scalars"
        default: return "`\(name)` text"
        }
    }

    private static func sizeCategory(_ n: Int) -> String {
        switch n {
        case ..<1000: return "n<1K"
        case ..<10_000: return "1K<n<10K"
        case ..<100_000: return "10K<n<100K"
        case ..<1_000_000: return "100K<n<1M"
        case ..<10_000_000: return "1M<n<10M"
        default: return "10M<n<100M"
        }
    }

    /// `s` as a YAML double-quoted scalar (JSON string syntax is valid YAML).
    private static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
