import Foundation
import SynthCore
import SynthExport
import SynthQuality

/// A check `synthforge validate` can run.
public enum QualityMetric: String, Sendable, CaseIterable {
    case similarity, diversity, duplicates, pii, toxicity, bias, quality, privacy

    /// Whether the metric compares with real data (`--reference`).
    public var needsReference: Bool { self == .similarity || self == .privacy }
}

/// What to validate and how.
public struct ValidationOptions: Sendable {
    /// The JSONL file to check.
    public var synthetic: String
    /// A JSONL file of real data to compare against, if any.
    public var reference: String?
    /// The checks to run.
    public var metrics: [QualityMetric]
    /// Fields to read as text; empty to detect them from each record's shape.
    public var fields: [String]
    /// The quality score records are held against: the report counts those below it.
    public var qualityThreshold: Double?
    /// An evaluation set (JSONL) to check the records for contamination with.
    public var decontaminate: String?
    /// How near duplicates are found.
    public var near: NearDuplicateSettings

    /// Options for checking `synthetic` with `metrics`.
    public init(
        synthetic: String, reference: String? = nil, metrics: [QualityMetric] = QualityMetric.allCases, fields: [String] = [],
        qualityThreshold: Double? = nil, decontaminate: String? = nil, near: NearDuplicateSettings = NearDuplicateSettings()
    ) {
        self.synthetic = synthetic
        self.reference = reference
        self.metrics = metrics
        self.fields = fields
        self.qualityThreshold = qualityThreshold
        self.decontaminate = decontaminate
        self.near = near
    }
}

/// A validation's findings: a JSON document for machines, a paragraph and an HTML page for people.
public struct ValidationReport: Sendable {
    /// The whole report, in a fixed key order.
    public var json: Value
    /// A few lines for the terminal.
    public var summary: String
    /// The report as a document with tables and charts.
    public var document: ReportDocument
}

/// Checks a JSONL dataset — SynthForge's or anyone's — with the same stages generation uses.
public enum Validation {
    /// Text compressed for the compression ratio: enough to be representative, bounded in time.
    static let compressionBytes = 16 << 20

    /// Reads `options.synthetic` (and the reference, if any) and measures it, calling `progress`
    /// after each batch of lines with the records checked, the bytes read and the file's size.
    public static func run(
        _ options: ValidationOptions, progress: (_ records: Int, _ bytesRead: Int, _ totalBytes: Int?) -> Void = { _, _, _ in }
    ) async throws(SynthError) -> ValidationReport {
        if options.reference == nil, let metric = options.metrics.first(where: \.needsReference) {
            throw SynthError(
                .invalidArgument,
                "metric '\(metric.rawValue)' compares with real data: pass --reference FILE (or leave '\(metric.rawValue)' out)")
        }
        let textReader = TextRecordReader(fields: options.fields)
        var reader = try JSONLReader(path: options.synthetic)
        var diversity = DiversitySummary()
        var clusters = ExactClusters()
        var lines: [Int] = []
        var noText: [(line: Int, reason: String)] = []
        var shapes: [String: Int] = [:]
        var lengths: [Int] = []
        var previews: [String] = []
        var words = WordCounts()
        var toxic = ToxicityTally()
        var pii = PIITally()
        var texts: [String] = []
        try options.near.validate()
        let nearFinder = Generation.nearFinder(options.near)
        let shingles = "\(options.near.shingleWords)-word shingles"
        let nearThreshold = NumberFormat.fixed(options.near.threshold, decimals: 2)
        var signatures: [MinHashSignature?] = []
        var labels: [String] = []
        var entropy = VocabularyEntropy()
        var bias = BiasSummary()
        var quality = QualityTally(threshold: options.qualityThreshold)
        let memorizationIndex = try options.reference.flatMap { (path: String) throws(SynthError) -> NGramOverlapIndex? in
            options.metrics.contains(.privacy) ? try OverlapCorpus.index(path: path, role: "reference", reader: textReader) : nil
        }
        var memorization = memorizationIndex.map { MemorizationFindings(index: $0, reference: options.reference ?? "") }
        let evaluationIndex = try options.decontaminate.map { (path: String) throws(SynthError) in
            try OverlapCorpus.index(path: path, role: "evaluation set", reader: textReader)
        }
        var contamination = evaluationIndex.map { ContaminationFindings(n: $0.n, evaluation: options.decontaminate ?? "") }
        var selfBLEU = SelfBLEU()
        let compression = options.metrics.contains(.diversity) ? try CompressionRatio() : nil
        var compressed = 0
        var count = 0
        // Lines are read in batches. Each batch is parsed and checked record by record on all cores
        // while the batch before it is tallied here in line order, by the checks that need order.
        func tally(_ batch: BatchAnalysis) {
            bias.merge(batch.bias)
            diversity.merge(batch.diversity)
            entropy.merge(batch.entropy)
            words.merge(batch.words)
            for item in batch.items {
                guard case .record(let line, let record) = item else {
                    if case .skipped(let line, let reason) = item { noText.append((line, reason)) }
                    continue
                }
                count += 1
                shapes[record.shape, default: 0] += 1
                lengths.append(record.characters)
                if options.metrics.contains(.similarity) { texts.append(record.text) }
                if let label = record.label { labels.append(label) }
                if options.metrics.contains(.toxicity) { toxic.add(record.toxicity, line: line) }
                if options.metrics.contains(.pii) { pii.add(record.pii, line: line) }
                if let score = record.quality { quality.add(score, line: line, text: record.text) }
                if let overlap = record.memorization { memorization?.add(overlap, line: line) }
                if let overlap = record.contamination { contamination?.add(overlap, line: line) }
                if options.metrics.contains(.diversity) {
                    selfBLEU.add(record.text)
                    if let compression, compression.originalBytes < Self.compressionBytes {
                        compression.add(record.text)
                        compressed += 1
                    }
                }
                if options.metrics.contains(.duplicates) {
                    clusters.add(fingerprint: record.fingerprint, at: lines.count)
                    lines.append(line)
                    previews.append(record.preview)
                    signatures.append(record.signature)
                }
            }
        }
        var pending = reader.nextLines(Self.batchSize)
        var analysed: BatchAnalysis? = nil
        while !pending.isEmpty {
            let batch = pending
            async let next = Self.analyse(
                batch, reader: textReader, metrics: Set(options.metrics), hasher: nearFinder.hasher,
                overlaps: (memorizationIndex, evaluationIndex))
            if let analysed {
                tally(analysed)
                progress(count, reader.bytesRead, reader.size)
            }
            pending = reader.nextLines(Self.batchSize)
            analysed = await next
        }
        if let analysed {
            tally(analysed)
            progress(count, reader.bytesRead, reader.size)
        }
        if count == 0 && reader.skipped.isEmpty && noText.isEmpty {
            throw SynthError(.invalidArgument, "'\(options.synthetic)' is empty: there are no records to validate")
        }

        var sections = Fields()
        var summary: [String] = []
        let skipped = reader.skipped.map { (line: $0.line, reason: $0.reason) } + noText
        summary.append(
            "Read \(NumberFormat.grouped(count)) records from \(options.synthetic)"
                + (skipped.isEmpty
                    ? "."
                    : "; skipped \(NumberFormat.grouped(skipped.count)) lines (first: line \(skipped.sorted { $0.line < $1.line }[0].line)).")
        )
        if options.metrics.contains(.diversity) {
            let report = diversity.report()
            var figures = Fields(report.figures.map { ($0.name, Value.double($0.value)) })
            figures["self_bleu"] = selfBLEU.score().map(Value.double) ?? .null
            figures["self_bleu_sample"] = .int(selfBLEU.sample.count)
            figures["compression_ratio"] = .double(compression?.finish() ?? 0)
            figures["compression_records"] = .int(compressed)
            figures["vocabulary_entropy_bits"] = .double(entropy.bits)
            figures["vocabulary_size"] = .int(entropy.vocabularySize)
            sections["diversity"] = .object(figures)
            summary.append(
                "Diversity: distinct-1 \(NumberFormat.fixed(diversity.distinct1, decimals: 4)), distinct-2 \(NumberFormat.fixed(diversity.distinct2, decimals: 4)), self-BLEU \(selfBLEU.score().map { NumberFormat.fixed($0, decimals: 1) } ?? "n/a"), compression ratio \(NumberFormat.fixed(compression?.finish() ?? 0, decimals: 2)), mean length \(NumberFormat.fixed(report["mean-chars"] ?? 0, decimals: 0)) characters."
            )
        }
        var near: NearDuplicateReport? = nil
        if options.metrics.contains(.duplicates) {
            let found = clusters.clusters
            let nearReport = nearFinder.find(signatures: signatures)
            near = nearReport
            sections["duplicates"] = .object([
                "exact_duplicates": .int(clusters.duplicateCount),
                "exact_clusters": .int(found.count),
                "clusters": .array(found.prefix(100).map { .array($0.map { .int(lines[$0]) }) }),
                "near_duplicates": .int(nearReport.dropped),
                "near_threshold": .double(options.near.threshold), "shingle_words": .int(options.near.shingleWords),
                "permutations": .int(options.near.permutations),
                "near_clusters": .array(nearReport.clusters.prefix(100).map { .array($0.map { .int(lines[$0]) }) }),
            ])

            summary.append(
                "Duplicates: \(NumberFormat.grouped(clusters.duplicateCount)) exact duplicates in \(NumberFormat.grouped(found.count)) clusters"
                    + (found.isEmpty ? "." : " (first: lines \(found[0].prefix(5).map { String(lines[$0]) }.joined(separator: ", "))).")
            )
            summary.append(
                "Near duplicates (estimated Jaccard of \(shingles) ≥ \(nearThreshold)): \(NumberFormat.grouped(nearReport.dropped)) in \(NumberFormat.grouped(nearReport.clusters.count)) clusters."
            )
        }
        var similarity: SimilarityFindings? = nil
        if options.metrics.contains(.similarity), let referencePath = options.reference {
            let found = try Self.similarity(synthetic: texts, syntheticLabels: labels, referencePath: referencePath, reader: textReader)
            similarity = found
            sections["similarity"] = found.json
            summary.append(found.summary)
        }
        if options.metrics.contains(.pii) {
            sections["pii"] = pii.json
            summary.append(
                "PII: \(NumberFormat.grouped(pii.records)) records contain personal data"
                    + (pii.byType.isEmpty
                        ? "."
                        : ": "
                            + pii.byType.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                                "\(NumberFormat.grouped($0.value)) \($0.key.rawValue)"
                            }.joined(
                                separator: ", ") + "."))
        }
        if options.metrics.contains(.toxicity) {
            sections["toxicity"] = toxic.json
            summary.append(
                "Toxicity: \(NumberFormat.grouped(toxic.flagged)) records with toxic language (\(NumberFormat.grouped(toxic.above)) scoring 0.5 or more)"
                    + (toxic.byCategory.isEmpty
                        ? "."
                        : ": "
                            + toxic.byCategory.sorted { $0.key < $1.key }.map { "\(NumberFormat.grouped($0.value)) \($0.key.rawValue)" }
                            .joined(separator: ", ")
                            + "."))
        }
        if options.metrics.contains(.bias) {
            sections["bias"] = .object(
                Fields(
                    bias.dimensions.map { dimension in
                        (
                            dimension,
                            Value.object([
                                "balance": bias.balance(of: dimension).map(Value.double) ?? .null,
                                "groups": .object(
                                    Fields(
                                        bias.groups.filter { $0.dimension == dimension }.map {
                                            (
                                                $0.group,
                                                Value.object([
                                                    "mentions": .int($0.mentions), "positive": .int($0.positive),
                                                    "negative": .int($0.negative),
                                                ])
                                            )
                                        })),
                            ])
                        )
                    }))
            summary.append(
                "Bias: balance "
                    + bias.dimensions.map { d in "\(d) \(bias.balance(of: d).map { NumberFormat.fixed($0, decimals: 2) } ?? "n/a")" }
                    .joined(separator: ", ")
                    + " (1 = every group mentioned equally).")
        }
        if options.metrics.contains(.quality) {
            sections["quality"] = quality.json
            summary.append(quality.summary)
        }
        if let memorization {
            sections["privacy"] = memorization.json
            summary.append(memorization.line)
        }
        if let contamination {
            sections["contamination"] = contamination.json
            summary.append(contamination.line)
        }
        let json: Value = .object([
            "synthetic": .object([
                "path": .string(options.synthetic), "records": .int(count),
                "shapes": .object(Fields(shapes.sorted { $0.key < $1.key }.map { ($0.key, Value.int($0.value)) })),
                "skipped_lines": .int(skipped.count),
                "skipped": .array(
                    skipped.sorted { $0.line < $1.line }.prefix(1000).map {
                        .object(["line": .int($0.line), "reason": .string($0.reason)])
                    }),
            ]),
            "metrics": .object(sections),
        ])
        let diversityExtras: [[String]] = [
            [
                "self-BLEU (sample of \(NumberFormat.grouped(selfBLEU.sample.count)))",
                selfBLEU.score().map { NumberFormat.fixed($0, decimals: 2) } ?? "n/a",
            ],
            [
                "compression ratio (first \(NumberFormat.grouped(compressed)) records)",
                NumberFormat.fixed(compression?.finish() ?? 0, decimals: 3),
            ],
            ["vocabulary entropy (bits)", NumberFormat.fixed(entropy.bits, decimals: 3)],
        ]
        var document = Self.document(
            options: options, count: count, skipped: skipped, shapes: shapes, lengths: lengths,
            diversity: options.metrics.contains(.diversity) ? diversity.report() : nil, diversityExtras: diversityExtras,
            topWords: options.metrics.contains(.diversity) ? words.top(20) : [],
            clusters: options.metrics.contains(.duplicates) ? clusters : nil, lines: lines, previews: previews,
            toxic: options.metrics.contains(.toxicity) ? toxic : nil, bias: options.metrics.contains(.bias) ? bias : nil,
            near: near, similarity: similarity, pii: options.metrics.contains(.pii) ? pii : nil,
            quality: options.metrics.contains(.quality) ? quality : nil)
        if let memorization { document.sections.append(memorization.section) }
        if let contamination { document.sections.append(contamination.section) }
        return ValidationReport(json: json, summary: summary.joined(separator: "\n"), document: document)
    }

    private static func document(
        options: ValidationOptions, count: Int, skipped: [(line: Int, reason: String)], shapes: [String: Int], lengths: [Int],
        diversity: StageReport?, diversityExtras: [[String]], topWords: [(String, Int)], clusters: ExactClusters?, lines: [Int],
        previews: [String],
        toxic: ToxicityTally?, bias: BiasSummary?, near: NearDuplicateReport?, similarity: SimilarityFindings?, pii: PIITally?,
        quality: QualityTally?
    ) -> ReportDocument {
        var figures: [(label: String, value: String)] = [("records", NumberFormat.grouped(count))]
        if !skipped.isEmpty { figures.append(("lines skipped", NumberFormat.grouped(skipped.count))) }
        var sections: [ReportDocument.Section] = []
        sections.append(
            .init(
                title: "Records", note: "Each line of \(options.synthetic) read as a record; its text found from its shape.",
                blocks: [
                    .table(
                        header: ["shape", "records"],
                        rows: shapes.sorted { $0.key < $1.key }.map { [$0.key, NumberFormat.grouped($0.value)] }),
                    .bars(title: "Text length (characters)", bars: Histogram.bins(lengths, count: 12)),
                ]))
        if let quality {
            figures.append(("quality score", NumberFormat.fixed(quality.mean, decimals: 3)))
            sections.append(quality.section)
        }
        if let diversity {
            figures.append(("distinct-2", NumberFormat.fixed(diversity["distinct-2"] ?? 0, decimals: 4)))
            sections.append(
                .init(
                    title: "Diversity",
                    note:
                        "Distinct-n is the share of n-grams (lower-cased word tokens, not crossing records) that are distinct. Self-BLEU (0–100) scores each sampled text against the others; the compression ratio is text bytes over gzip bytes. Higher self-BLEU or compression ratio means more repetitive text.",
                    blocks: [
                        .table(
                            header: ["measure", "value"],
                            rows: diversity.figures.filter { $0.name != "exact" }.map { figure in
                                let whole =
                                    figure.value == figure.value.rounded() && figure.name != "distinct-1" && figure.name != "distinct-2"
                                return [
                                    figure.name,
                                    whole ? NumberFormat.grouped(Int(figure.value)) : NumberFormat.fixed(figure.value, decimals: 4),
                                ]
                            } + diversityExtras),
                        .bars(title: "Most frequent words", bars: topWords.map { ($0.0, Double($0.1)) }),
                    ]))
        }
        /// A section listing the first clusters: how many records, their lines, the kept text.
        func clusterSection(_ title: String, note: String, _ found: [[Int]], none: String) -> ReportDocument.Section {
            let rows = found.prefix(20).map { members in
                [
                    NumberFormat.grouped(members.count), members.prefix(8).map { String(lines[$0]) }.joined(separator: ", "),
                    previews[members[0]],
                ]
            }
            return .init(
                title: title, note: note,
                blocks: [.table(header: ["records", "lines", "text"], rows: rows.isEmpty ? [["0", "", none]] : rows)])
        }
        if let clusters {
            figures.append(("exact duplicates", NumberFormat.grouped(clusters.duplicateCount)))
            sections.append(
                clusterSection(
                    "Duplicates",
                    note:
                        "Records whose text is identical after lower-casing and removing punctuation and extra spaces. The first line of each cluster is the one to keep.",
                    clusters.clusters, none: "no exact duplicates"))
        }
        if let near {
            figures.append(("near duplicates", NumberFormat.grouped(near.dropped)))
            sections.append(
                clusterSection(
                    "Near duplicates",
                    note:
                        "Records whose \(options.near.shingleWords)-word shingle sets have an estimated Jaccard index of \(NumberFormat.fixed(options.near.threshold, decimals: 2)) or more (MinHash with \(options.near.permutations) permutations, LSH banding). The first line of each cluster is the one to keep.",
                    near.clusters, none: "no near duplicates"))
        }
        if let similarity {
            figures.append(("BLEU vs reference", NumberFormat.fixed(similarity.bleu.score, decimals: 2)))
            sections.append(
                .init(
                    title: "Similarity to the reference",
                    note:
                        "Synthetic record i is compared with reference record i (\(NumberFormat.grouped(similarity.pairs)) pairs). BLEU as sacrebleu computes it (13a tokens, exponential smoothing); ROUGE F-measures as rouge-score computes them; length distributions in words.",
                    blocks: [.table(header: ["measure", "value"], rows: similarity.rows)]))
        }
        if let pii {
            figures.append(("records with PII", NumberFormat.grouped(pii.records)))
            sections.append(
                .init(
                    title: "Personal data (PII)",
                    note:
                        "Values found by the PII detectors (checksums for cards and IBANs, context words for dates of birth, record numbers and IDs, name lists for people). See docs/quality.md for what they cannot catch.",
                    blocks: [
                        .bars(title: "Values found by type", bars: PIIType.allCases.map { ($0.rawValue, Double(pii.byType[$0] ?? 0)) }),
                        .table(
                            header: ["line", "type", "value"],
                            rows: pii.examples.isEmpty
                                ? [["", "", "no personal data found"]] : pii.examples.map { [String($0.line), $0.type.rawValue, $0.text] }),
                    ]))
        }
        if let toxic {
            figures.append(("toxic records", NumberFormat.grouped(toxic.flagged)))
            sections.append(
                .init(
                    title: "Toxicity",
                    note:
                        "A category lexicon matched on whole words after undoing disguises (look-alike digits, stretched or spelled-out letters). It cannot judge sarcasm or context.",
                    blocks: [
                        .bars(
                            title: "Records by category",
                            bars: ToxicityCategory.allCases.map { ($0.rawValue, Double(toxic.byCategory[$0] ?? 0)) }),
                        .table(
                            header: ["line", "score", "found"],
                            rows: toxic.worst.isEmpty
                                ? [["", "", "no toxic language found"]]
                                : toxic.worst.map { [String($0.line), NumberFormat.fixed($0.score, decimals: 2), $0.terms] }),
                    ]))
        }
        if let bias {
            sections.append(
                .init(
                    title: "Bias",
                    note:
                        "Mentions of identity groups and how often they appear within five words of positive or negative words. Balance is the normalised entropy of mentions across a dimension's groups (1 = equal).",
                    blocks: [
                        .table(
                            header: ["dimension", "group", "mentions", "near positive", "near negative"],
                            rows: bias.groups.map {
                                [
                                    $0.dimension, $0.group, NumberFormat.grouped($0.mentions), NumberFormat.grouped($0.positive),
                                    NumberFormat.grouped($0.negative),
                                ]
                            }),
                        .table(
                            header: ["dimension", "balance"],
                            rows: bias.dimensions.map { d in
                                [d, bias.balance(of: d).map { NumberFormat.fixed($0, decimals: 3) } ?? "no mentions"]
                            }),
                    ]))
        }
        if !skipped.isEmpty {
            sections.append(
                .init(
                    title: "Skipped lines", note: "Lines that could not be read as records, with the reason.",
                    blocks: [
                        .table(
                            header: ["line", "reason"],
                            rows: skipped.sorted { $0.line < $1.line }.prefix(50).map { [String($0.line), $0.reason] })
                    ]))
        }
        return ReportDocument(
            title: "Quality report", subtitle: options.synthetic + (options.reference.map { " compared with " + $0 } ?? ""),
            figures: figures, sections: sections)
    }

    /// Lines per batch: enough to keep every core busy, few enough that two batches in flight stay small.
    private static let batchSize = 4096

    /// Parses `lines` and runs the per-record checks on each record, on all cores, in line order.
    private static func analyse(
        _ lines: [JSONLReader.Line], reader: TextRecordReader, metrics: Set<QualityMetric>, hasher: MinHasher,
        overlaps: Overlaps
    ) async -> BatchAnalysis {
        // Many more chunks than cores, so a chunk of long records does not leave a core idle at the end.
        let size = max(64, (lines.count + 15) / 16)
        let parts = await withTaskGroup(of: (Int, BatchAnalysis).self) { group in
            for (n, start) in stride(from: 0, to: lines.count, by: size).enumerated() {
                let chunk = lines[start..<min(lines.count, start + size)]
                group.addTask { (n, analyse(chunk, reader: reader, metrics: metrics, hasher: hasher, overlaps: overlaps)) }
            }
            var parts: [(Int, BatchAnalysis)] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var merged = BatchAnalysis()
        for part in parts {
            merged.items += part.items
            merged.bias.merge(part.bias)
            merged.diversity.merge(part.diversity)
            merged.entropy.merge(part.entropy)
            merged.words.merge(part.words)
        }
        return merged
    }

    private static func analyse(
        _ lines: ArraySlice<JSONLReader.Line>, reader: TextRecordReader, metrics: Set<QualityMetric>, hasher: MinHasher,
        overlaps: Overlaps
    ) -> BatchAnalysis {
        var batch = BatchAnalysis()
        for line in lines {
            let object: Fields
            switch JSONLReader.parse(line) {
            case .success(let parsed): object = parsed
            case .failure(let skip):
                batch.items.append(.skipped(line: line.number, reason: skip.reason))
                continue
            }
            let record: Record
            switch reader.record(from: object, line: line.number) {
            case .success(let read): record = read
            case .failure(let problem):
                batch.items.append(.skipped(line: line.number, reason: problem.reason))
                continue
            }
            var text = record.readableText
            // Unicode scalars, counted as the UTF-8 bytes that start one (faster than walking the scalars).
            let characters = text.withUTF8 { $0.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }
            var checked = CheckedRecord(
                shape: record.shape.rawValue, label: record.fields["label"]?.stringValue, text: text, characters: characters)
            if metrics.contains(.diversity) {
                batch.diversity.add(text)
                batch.entropy.add(text)
                batch.words.add(text)
            }
            // The quality score uses the toxicity score.
            let scansToxicity = metrics.contains(.toxicity) || metrics.contains(.quality)
            if scansToxicity || metrics.contains(.bias) {
                let words = LexiconWords(text)
                if scansToxicity { checked.toxicity = ToxicityScanner.scan(words) }
                if metrics.contains(.bias) { batch.bias.add(words) }
            }
            if metrics.contains(.quality) {
                checked.quality = QualityScore(of: record, toxicity: ToxicityScanner.score(checked.toxicity))
            }
            checked.memorization = overlaps.memorization?.overlap(of: text)
            checked.contamination = overlaps.contamination?.overlap(of: text)
            if metrics.contains(.pii) { checked.pii = PIIScanner.scan(text) }
            if metrics.contains(.duplicates) {
                checked.fingerprint = TextFingerprint.of(text)
                checked.preview = preview(text)
                checked.signature = hasher.signature(of: text)
            }
            batch.items.append(.record(line: line.number, checked))
        }
        return batch
    }

    /// The first 90 characters of `text` on one line, for the report's cluster tables.
    static func preview(_ text: String) -> String {
        let head = String(text.prefix(90))
        // Most heads are ASCII without carriage returns, where each newline is one byte: no need for Foundation.
        guard head.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return head.replacingOccurrences(of: "\n", with: " ") }
        return String(decoding: head.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }

    private static func similarity(
        synthetic: [String], syntheticLabels: [String], referencePath: String, reader textReader: TextRecordReader
    ) throws(SynthError) -> SimilarityFindings {
        var reader = try JSONLReader(path: referencePath)
        var references: [String] = []
        var referenceLabels: [String] = []
        while let (line, object) = reader.next() {
            guard case .success(let record) = textReader.record(from: object, line: line) else { continue }
            references.append(record.readableText)
            if let label = record.fields["label"]?.stringValue { referenceLabels.append(label) }
        }
        guard !references.isEmpty else { throw SynthError(.invalidArgument, "'\(referencePath)' has no records to compare with") }
        let pairs = min(synthetic.count, references.count)
        let hypotheses = Array(synthetic.prefix(pairs))
        let targets = Array(references.prefix(pairs))
        let bleu = BLEU().corpusScore(hypotheses: hypotheses, references: [targets])
        let rouge = Rouge().corpusScores(targets: targets, predictions: hypotheses)
        let syntheticLengths = LengthStatistics(wordCountsOf: synthetic).sorted
        let referenceLengths = LengthStatistics(wordCountsOf: references).sorted
        let tvd =
            syntheticLabels.isEmpty || referenceLabels.isEmpty
            ? nil : DistributionDistance.totalVariation(syntheticLabels, referenceLabels)
        return SimilarityFindings(
            pairs: pairs, references: references.count, bleu: bleu, rouge: rouge,
            lengthKS: DistributionDistance.kolmogorovSmirnov(syntheticLengths, referenceLengths),
            lengthWasserstein: DistributionDistance.wasserstein(syntheticLengths, referenceLengths), labelTVD: tvd)
    }

    /// Writes `report` as a self-contained HTML page to `path` atomically.
    public static func writeHTML(_ report: ValidationReport, to path: String) throws(SynthError) {
        try write(Data(HTMLReport.render(report.document).utf8), to: path)
    }

    /// Writes `report`'s JSON to `path` atomically.
    public static func writeJSON(_ report: ValidationReport, to path: String) throws(SynthError) {
        var bytes: [UInt8] = []
        JSONWriter.append(report.json, to: &bytes)
        bytes.append(0x0A)
        try write(Data(bytes), to: path)
    }

    private static func write(_ data: Data, to path: String) throws(SynthError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynthError(.io, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

/// Toxicity findings over a file: counts by category and the worst records.
struct ToxicityTally: Sendable {
    var flagged = 0
    var above = 0
    var byCategory: [ToxicityCategory: Int] = [:]
    var worst: [(line: Int, score: Double, terms: String)] = []

    mutating func add(_ findings: [ToxicityFinding], line: Int) {
        guard !findings.isEmpty else { return }
        flagged += 1
        let score = ToxicityScanner.score(findings)
        if score >= 0.5 { above += 1 }
        for category in Set(findings.map(\.category)) { byCategory[category, default: 0] += 1 }
        worst.append((line, score, findings.prefix(5).map { "\($0.category.rawValue): \($0.term)" }.joined(separator: "; ")))
        worst.sort { $0.score != $1.score ? $0.score > $1.score : $0.line < $1.line }
        if worst.count > 20 { worst.removeLast() }
    }

    var json: Value {
        .object([
            "flagged_records": .int(flagged), "records_scoring_0_5_or_more": .int(above),
            "by_category": .object(Fields(ToxicityCategory.allCases.map { ($0.rawValue, Value.int(byCategory[$0] ?? 0)) })),
            "worst": .array(worst.map { .object(["line": .int($0.line), "score": .double($0.score), "found": .string($0.terms)]) }),
        ])
    }
}

/// How close synthetic texts are to a reference set.
struct SimilarityFindings: Sendable {
    var pairs: Int
    var references: Int
    var bleu: BLEUScore
    var rouge: RougeCorpusScores
    var lengthKS: Double
    var lengthWasserstein: Double
    var labelTVD: Double?

    var json: Value {
        .object([
            "pairs": .int(pairs), "reference_records": .int(references),
            "bleu": .double(bleu.score), "bleu_precisions": .array(bleu.precisions.map(Value.double)),
            "bleu_brevity_penalty": .double(bleu.brevityPenalty),
            "rouge1_f": .double(rouge.meanRouge1F), "rouge2_f": .double(rouge.meanRouge2F), "rougeL_f": .double(rouge.meanRougeLF),
            "length_ks": .double(lengthKS), "length_wasserstein": .double(lengthWasserstein),
            "label_tvd": labelTVD.map(Value.double) ?? .null,
        ])
    }

    var rows: [[String]] {
        var rows = [
            ["pairs compared", NumberFormat.grouped(pairs)], ["BLEU", NumberFormat.fixed(bleu.score, decimals: 2)],
            ["ROUGE-1 F", NumberFormat.fixed(rouge.meanRouge1F, decimals: 4)],
            ["ROUGE-2 F", NumberFormat.fixed(rouge.meanRouge2F, decimals: 4)],
            ["ROUGE-L F", NumberFormat.fixed(rouge.meanRougeLF, decimals: 4)],
            ["length KS statistic", NumberFormat.fixed(lengthKS, decimals: 4)],
            ["length Wasserstein distance (words)", NumberFormat.fixed(lengthWasserstein, decimals: 2)],
        ]
        if let labelTVD { rows.append(["label total variation distance", NumberFormat.fixed(labelTVD, decimals: 4)]) }
        return rows
    }

    var summary: String {
        "Similarity to the reference (\(NumberFormat.grouped(pairs)) pairs): BLEU \(NumberFormat.fixed(bleu.score, decimals: 2)), "
            + "ROUGE-L F \(NumberFormat.fixed(rouge.meanRougeLF, decimals: 4)), length KS \(NumberFormat.fixed(lengthKS, decimals: 4))"
            + (labelTVD.map { ", label TVD \(NumberFormat.fixed($0, decimals: 4))" } ?? "") + "."
    }
}

/// PII findings over a file: values by type and the first examples.
struct PIITally: Sendable {
    var records = 0
    var byType: [PIIType: Int] = [:]
    var examples: [(line: Int, type: PIIType, text: String)] = []

    mutating func add(_ matches: [PIIMatch], line: Int) {
        guard !matches.isEmpty else { return }
        records += 1
        for match in matches {
            byType[match.type, default: 0] += 1
            if examples.count < 25 { examples.append((line, match.type, match.text)) }
        }
    }

    var json: Value {
        .object([
            "records_with_pii": .int(records),
            "by_type": .object(Fields(PIIType.allCases.map { ($0.rawValue, Value.int(byType[$0] ?? 0)) })),
            "examples": .array(
                examples.map { .object(["line": .int($0.line), "type": .string($0.type.rawValue), "value": .string($0.text)]) }),
        ])
    }
}

/// What the per-record checks found in one batch of lines, in line order, and the counts over
/// them all that merge with other batches' (bias, diversity, vocabulary, word frequencies).
struct BatchAnalysis: Sendable {
    var items: [LineAnalysis] = []
    var bias = BiasSummary()
    var diversity = DiversitySummary()
    var entropy = VocabularyEntropy()
    /// Without a limit: the limit applies when batches merge into the file's counts.
    var words = WordCounts(limit: .max)
}

/// One line: the record read from it with what the per-record checks found, or why it has none.
enum LineAnalysis: Sendable {
    case record(line: Int, CheckedRecord)
    case skipped(line: Int, reason: String)
}

/// A record's readable text and what the per-record checks found in it.
struct CheckedRecord: Sendable {
    var shape: String
    var label: String?
    var text: String
    /// The text's length in Unicode scalars.
    var characters: Int
    var toxicity: [ToxicityFinding] = []
    var pii: [PIIMatch] = []
    var fingerprint: UInt64 = 0
    var preview = ""
    var signature: MinHashSignature? = nil
    var quality: QualityScore? = nil
    var memorization: NGramOverlap? = nil
    var contamination: NGramOverlap? = nil
}

/// The n-gram indexes records are checked against: the reference (memorization) and an
/// evaluation set (contamination), each when asked for.
typealias Overlaps = (memorization: NGramOverlapIndex?, contamination: NGramOverlapIndex?)
