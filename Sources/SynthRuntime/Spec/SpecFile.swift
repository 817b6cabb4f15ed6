import Foundation
import SynthCore
import SynthGenerators
import SynthQuality
import Yams

/// Reads a generation spec from YAML. Keys are the `generate` flags without their dashes
/// (`domain`, `task`, `count`, `seed`, `format`, `out`, `shard-size`, `dedup`, `packs`, and the
/// checks: `privacy-level`, `pii`, `near-dedup`, `toxicity`, `bias`, `quality-threshold`, `reference`,
/// `decontaminate`, `rejects`, `report`, `near-threshold`, `shingle-words`, `permutations`), so a
/// command line and a spec file say the same things.
public enum SpecFile {
    /// The keys a spec file may hold.
    public static let keys =
        [
            "domain", "task", "count", "seed", "format", "out", "shard-size", "dedup", "packs", "privacy-level", "pii", "near-dedup",
            "toxicity", "bias", "quality-threshold", "reference", "decontaminate", "rejects", "report", "near-threshold",
            "shingle-words", "permutations",
        ] + PartialSpec.llmKeys + ["template"]

    /// Reads the spec at `path`.
    public static func load(path: String) throws(SynthError) -> PartialSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynthError(.io, "cannot read spec '\(path)': no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SynthError(.invalidSpec, "\(path): not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses spec YAML; errors name `file`, the line and the key.
    public static func parse(_ text: String, file: String) throws(SynthError) -> PartialSpec {
        let document = try YAMLDocument(text: text, file: file)
        guard let entries = document.root.mapping else {
            throw SynthError(.invalidSpec, "\(document.at(document.root)): a spec must be a mapping of key: value")
        }
        var spec = PartialSpec()
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            let at = document.at(keyNode)
            func fail(_ message: String) -> SynthError { SynthError(.invalidSpec, "\(at): '\(key)' \(message)") }
            func scalar() throws(SynthError) -> String {
                guard let s = value.scalar?.string, !s.isEmpty else { throw fail("needs a value") }
                return s
            }
            switch key {
            case "domain": spec.domain = try scalar()
            case "task": spec.task = try scalar()
            case "count":
                guard let n = Int(try scalar()), n > 0 else {
                    throw fail("must be a positive whole number, got '\(value.scalar?.string ?? "")'")
                }
                spec.count = n
            case "seed":
                guard let n = UInt64(try scalar()) else {
                    throw fail("must be a whole number from 0 to 18446744073709551615, got '\(value.scalar?.string ?? "")'")
                }
                spec.seed = n
            case "format":
                guard let f = OutputFormat(rawValue: try scalar()) else {
                    throw fail(
                        "must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value.scalar?.string ?? "")'"
                    )
                }
                spec.format = f
            case "out": spec.out = try scalar()
            case "shard-size":
                guard let n = Int(try scalar()), n > 0 else {
                    throw fail("must be a positive whole number, got '\(value.scalar?.string ?? "")'")
                }
                spec.shardSize = n
            case "dedup":
                guard let b = value.bool else { throw fail("must be true or false, got '\(value.scalar?.string ?? "")'") }
                spec.dedup = b
            case "near-dedup":
                guard let b = value.bool else { throw fail("must be true or false, got '\(value.scalar?.string ?? "")'") }
                spec.nearDedup = b
            case "privacy-level", "pii", "toxicity", "bias", "quality-threshold":
                do { try spec.setCheck(key, try scalar()) } catch { throw fail(error.message) }
            case "near-threshold", "shingle-words", "permutations":
                var near = spec.near ?? NearDuplicateSettings()
                do { try near.set(key, try scalar()) } catch { throw SynthError(.invalidSpec, "\(at): \(error.message)") }
                spec.near = near
            case "reference": spec.reference = try scalar()
            case "decontaminate": spec.decontaminate = try scalar()
            case "rejects": spec.rejects = try scalar()
            case "report": spec.report = try scalar()
            case "template":
                if let one = value.scalar?.string {
                    spec.templates = [one]
                } else if let list = value.sequence?.compactMap(\.string), !list.isEmpty {
                    spec.templates = list
                } else {
                    throw fail("must be a template (a shipped name or a file) or a list of them")
                }
            case _ where PartialSpec.llmKeys.contains(key):
                do { try spec.setLLM(key, try scalar()) } catch { throw fail(error.message) }
            case "packs":
                if let one = value.scalar?.string {
                    spec.packs = [one]
                } else if let list = value.sequence?.compactMap(\.string) {
                    spec.packs = list
                } else {
                    throw fail("must be a folder or a list of folders")
                }
            default:
                throw SynthError(.invalidSpec, "\(at): unknown key '\(key)' (spec keys: \(keys.joined(separator: ", ")))")
            }
        }
        return spec
    }
}

/// A spec with every field optional: what a spec file or a set of flags says, before defaults.
public struct PartialSpec: Sendable, Equatable {
    public var domain: String?
    public var task: String?
    public var count: Int?
    public var seed: UInt64?
    public var format: OutputFormat?
    public var out: String?
    public var shardSize: Int?
    public var dedup: Bool?
    public var packs: [String]?
    public var privacyLevel: PrivacyLevel?
    public var pii: PIIAction?
    public var nearDedup: Bool?
    public var toxicity: CheckMode?
    public var bias: CheckMode?
    public var near: NearDuplicateSettings?
    public var qualityThreshold: Double?
    public var reference: String?
    public var decontaminate: String?
    public var rejects: String?
    public var report: String?
    public var provider: String?
    public var model: String?
    public var providersFile: String?
    public var baseURL: String?
    public var templates: [String]?
    public var split: [Int]?
    public var recipe: String?
    public var maxCost: Double?
    public var maxTokens: Int?
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var maxInFlight: Int?
    public var maxAttempts: Int?
    public var judge: String?
    public var judgeThreshold: Double?

    /// An empty partial spec.
    public init() {}

    /// The language-model keys `setLLM` takes, as flags and spec-file keys say them (`template` is a list, set directly).
    public static let llmKeys = [
        "provider", "model", "providers", "base-url", "split", "recipe", "max-cost", "max-tokens", "rpm", "tpm", "max-in-flight",
        "max-attempts", "judge", "judge-threshold",
    ]

    /// Sets the language-model setting `key` (one of `llmKeys`) from its text; the error says what the value may be.
    public mutating func setLLM(_ key: String, _ text: String) throws(SynthError) {
        func whole() throws(SynthError) -> Int {
            guard let n = Int(text), n > 0 else { throw SynthError(.invalidArgument, "must be a positive whole number, got '\(text)'") }
            return n
        }
        func number() throws(SynthError) -> Double {
            guard let x = Double(text), x.isFinite, x > 0 else {
                throw SynthError(.invalidArgument, "must be a positive number, got '\(text)'")
            }
            return x
        }
        switch key {
        case "provider": provider = text
        case "model": model = text
        case "providers": providersFile = text
        case "base-url": baseURL = text
        case "recipe": recipe = text
        case "judge": judge = text
        case "split":
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count >= 2, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw SynthError(.invalidArgument, "must be whole percentages joined by '/', such as 50/50 or 70/30, got '\(text)'")
            }
            split = parts.map { $0! }
        case "max-cost": maxCost = try number()
        case "max-tokens": maxTokens = try whole()
        case "rpm": requestsPerMinute = try whole()
        case "tpm": tokensPerMinute = try whole()
        case "max-in-flight": maxInFlight = try whole()
        case "max-attempts": maxAttempts = try whole()
        case "judge-threshold":
            guard let x = Double(text), (1...10).contains(x) else {
                throw SynthError(.invalidArgument, "must be a score from 1 to 10, got '\(text)'")
            }
            judgeThreshold = x
        default: throw SynthError(.invalidArgument, "is not a language-model setting")
        }
    }

    /// The language-model settings, or nil when no provider is named (the built-in engine runs).
    public var llm: LLMSettings? {
        guard let provider else { return nil }
        return LLMSettings(
            provider: provider, model: model, providersFile: providersFile, baseURL: baseURL, templates: templates ?? [],
            split: split ?? [],
            recipe: recipe, maxCost: maxCost, maxTokens: maxTokens, requestsPerMinute: requestsPerMinute,
            tokensPerMinute: tokensPerMinute, maxInFlight: maxInFlight ?? 64, maxAttempts: maxAttempts ?? 3, judge: judge,
            judgeThreshold: judgeThreshold)
    }

    /// Sets the check `key` (`privacy-level`, `pii`, `toxicity`, `bias`, `quality-threshold`) from its
    /// text, as a flag or a spec file gives it; the error says what the values may be.
    public mutating func setCheck(_ key: String, _ text: String) throws(SynthError) {
        func choices(_ all: [String]) -> SynthError {
            SynthError(.invalidArgument, "must be one of \(all.joined(separator: ", ")), got '\(text)'")
        }
        switch key {
        case "privacy-level":
            guard let v = PrivacyLevel(rawValue: text.lowercased()) else { throw choices(PrivacyLevel.allCases.map(\.rawValue)) }
            privacyLevel = v
        case "pii":
            guard let v = PIIAction(rawValue: text.lowercased()) else { throw choices(PIIAction.allCases.map(\.rawValue)) }
            pii = v
        case "toxicity", "bias":
            guard let v = CheckMode(rawValue: text.lowercased()) else { throw choices(CheckMode.allCases.map(\.rawValue)) }
            if key == "bias" { bias = v } else { toxicity = v }
        case "quality-threshold":
            guard let v = Double(text), (0...1).contains(v) else {
                throw SynthError(.invalidArgument, "must be a number from 0 to 1, such as 0.85, got '\(text)'")
            }
            qualityThreshold = v
        default:
            throw SynthError(.invalidArgument, "is not a check")
        }
    }

    /// `self` with every field that `other` sets replaced by `other`'s value.
    public func overridden(by other: PartialSpec) -> PartialSpec {
        var merged = self
        merged.domain = other.domain ?? domain
        merged.task = other.task ?? task
        merged.count = other.count ?? count
        merged.seed = other.seed ?? seed
        merged.format = other.format ?? format
        merged.out = other.out ?? out
        merged.shardSize = other.shardSize ?? shardSize
        merged.dedup = other.dedup ?? dedup
        merged.packs = other.packs ?? packs
        merged.privacyLevel = other.privacyLevel ?? privacyLevel
        merged.pii = other.pii ?? pii
        merged.nearDedup = other.nearDedup ?? nearDedup
        merged.toxicity = other.toxicity ?? toxicity
        merged.bias = other.bias ?? bias
        merged.near = other.near ?? near
        merged.qualityThreshold = other.qualityThreshold ?? qualityThreshold
        merged.reference = other.reference ?? reference
        merged.decontaminate = other.decontaminate ?? decontaminate
        merged.rejects = other.rejects ?? rejects
        merged.report = other.report ?? report
        merged.provider = other.provider ?? provider
        merged.model = other.model ?? model
        merged.providersFile = other.providersFile ?? providersFile
        merged.baseURL = other.baseURL ?? baseURL
        merged.templates = other.templates ?? templates
        merged.split = other.split ?? split
        merged.recipe = other.recipe ?? recipe
        merged.maxCost = other.maxCost ?? maxCost
        merged.maxTokens = other.maxTokens ?? maxTokens
        merged.requestsPerMinute = other.requestsPerMinute ?? requestsPerMinute
        merged.tokensPerMinute = other.tokensPerMinute ?? tokensPerMinute
        merged.maxInFlight = other.maxInFlight ?? maxInFlight
        merged.maxAttempts = other.maxAttempts ?? maxAttempts
        merged.judge = other.judge ?? judge
        merged.judgeThreshold = other.judgeThreshold ?? judgeThreshold
        return merged
    }

    /// The complete spec, with defaults for what is unset; the format follows `out`'s extension
    /// when not given.
    public func resolved() throws(SynthError) -> GenerationSpec {
        guard let domain, !domain.isEmpty else {
            throw SynthError(.invalidSpec, "no domain given: pass --domain NAME or set 'domain' in the spec (see `synthforge domains`)")
        }
        guard let task, !task.isEmpty else {
            throw SynthError(.invalidSpec, "no task given: pass --task NAME or set 'task' in the spec (see `synthforge domains \(domain)`)")
        }
        let out = self.out ?? "-"
        let format = self.format ?? (out.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
        let spec = GenerationSpec(
            domain: domain, task: task, count: count ?? 100, seed: seed ?? GenerationSpec.defaultSeed,
            format: format, out: out, shardSize: shardSize ?? GenerationSpec.defaultShardSize,
            dedup: dedup ?? true, packs: packs ?? [],
            checks: QualityChecks(
                privacyLevel: privacyLevel ?? .off, pii: pii, nearDedup: nearDedup, toxicity: toxicity, bias: bias,
                qualityThreshold: qualityThreshold, reference: reference, decontaminate: decontaminate,
                near: near ?? NearDuplicateSettings()),
            rejects: rejects, report: report, llm: llm)
        try spec.validate()
        return spec
    }
}
