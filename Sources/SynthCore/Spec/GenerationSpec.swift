/// What to make: the one spec type that CLI flags, YAML spec files and the API all build.
public struct GenerationSpec: Sendable, Equatable {
    /// The domain, such as `medical`.
    public var domain: String
    /// The task within the domain, such as `clinical-notes`.
    public var task: String
    /// How many records to write.
    public var count: Int
    /// The seed; the same spec and seed give byte-identical output.
    public var seed: UInt64
    /// The output file format.
    public var format: OutputFormat
    /// Where to write: a file path, or `-` for standard output.
    public var out: String
    /// Records per shard: the unit of parallel and distributed work. Records do not depend on it;
    /// only the `shard` number in their provenance does.
    public var shardSize: Int
    /// Drop records whose normalised text was already written.
    public var dedup: Bool
    /// Extra domain-pack folders to load besides the built-in packs.
    public var packs: [String]
    /// Privacy, near-duplicate, toxicity, quality and contamination checks.
    public var checks: QualityChecks
    /// A JSONL file to write dropped records to, each with its reason; nil to not keep them.
    public var rejects: String?
    /// A quality report of the output to write after the run: HTML, or JSON when the path ends
    /// in `.json`; nil for none.
    public var report: String?
    /// The language model to generate with; nil for the built-in engine.
    public var llm: LLMSettings?

    /// The default seed, used when none is given, so runs are reproducible by default.
    public static let defaultSeed: UInt64 = 42
    /// The default number of records per shard.
    public static let defaultShardSize = 1000

    /// Makes a spec; only domain and task have no default.
    public init(
        domain: String, task: String, count: Int = 100, seed: UInt64 = GenerationSpec.defaultSeed,
        format: OutputFormat = .jsonl, out: String = "-", shardSize: Int = GenerationSpec.defaultShardSize,
        dedup: Bool = true, packs: [String] = [], checks: QualityChecks = QualityChecks(), rejects: String? = nil,
        report: String? = nil, llm: LLMSettings? = nil
    ) {
        self.domain = domain
        self.task = task
        self.count = count
        self.seed = seed
        self.format = format
        self.out = out
        self.shardSize = shardSize
        self.dedup = dedup
        self.packs = packs
        self.checks = checks
        self.rejects = rejects
        self.report = report
        self.llm = llm
    }

    /// Checks the values a spec can hold but a run cannot use.
    public func validate() throws(SynthError) {
        if domain.isEmpty { throw SynthError(.invalidSpec, "domain is required (see `synthforge domains`)") }
        if task.isEmpty { throw SynthError(.invalidSpec, "task is required (see `synthforge domains \(domain)`)") }
        if count <= 0 { throw SynthError(.invalidSpec, "count must be a positive whole number, got \(count)") }
        if shardSize <= 0 { throw SynthError(.invalidSpec, "shard-size must be a positive whole number, got \(shardSize)") }
        if out.isEmpty { throw SynthError(.invalidSpec, "out must be a file path or '-' for standard output") }
        if let rejects, rejects == out { throw SynthError(.invalidSpec, "rejects must be a different file from out ('\(out)')") }
        if report != nil && out == "-" {
            throw SynthError(.invalidSpec, "report checks the output file after the run: give out a file path, not standard output")
        }
        try checks.validate()
        try llm?.validate()
    }
}

/// A file format for generated records.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    /// One JSON object per line.
    case jsonl
    /// Comma-separated values with a header row; nested values are JSON text.
    case csv
}
