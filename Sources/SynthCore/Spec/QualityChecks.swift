/// The checks a run applies beyond shape validation and exact dedup: privacy, near duplicates,
/// toxicity, quality and contamination. Unset values follow `privacyLevel`.
public struct QualityChecks: Sendable, Equatable {
    /// A bundle of privacy stages (see `PrivacyLevel`).
    public var privacyLevel: PrivacyLevel
    /// What to do with personal data found; nil to follow the privacy level.
    public var pii: PIIAction?
    /// Drop near duplicates; nil to follow the privacy level.
    public var nearDedup: Bool?
    /// How near duplicates are found.
    public var near: NearDuplicateSettings
    /// Score toxicity and flag or drop toxic records; nil for off (flag when a quality threshold is set).
    public var toxicity: CheckMode?
    /// Flag or drop records that mention an identity group near negative words; nil for off.
    public var bias: CheckMode?
    /// Drop records whose composite quality score is below this (0…1); nil to keep all.
    public var qualityThreshold: Double?
    /// A JSONL file of real records to check memorization against.
    public var reference: String?
    /// A JSONL evaluation set; records sharing a long n-gram with it are dropped.
    public var decontaminate: String?

    /// Checks as given; everything unset follows `privacyLevel`.
    public init(
        privacyLevel: PrivacyLevel = .off, pii: PIIAction? = nil, nearDedup: Bool? = nil, toxicity: CheckMode? = nil,
        bias: CheckMode? = nil, qualityThreshold: Double? = nil, reference: String? = nil, decontaminate: String? = nil,
        near: NearDuplicateSettings = NearDuplicateSettings()
    ) {
        self.privacyLevel = privacyLevel
        self.pii = pii
        self.nearDedup = nearDedup
        self.near = near
        self.toxicity = toxicity
        self.bias = bias
        self.qualityThreshold = qualityThreshold
        self.reference = reference
        self.decontaminate = decontaminate
    }

    /// The PII action that applies: the one given, else the privacy level's.
    public var effectivePII: PIIAction? {
        pii
            ?? {
                switch privacyLevel {
                case .off: return nil
                case .low: return .report
                case .medium, .high: return .pseudonymize
                }
            }()
    }

    /// Whether near duplicates are dropped: as given, else from the medium level up.
    public var effectiveNearDedup: Bool { nearDedup ?? (privacyLevel >= .medium) }

    /// How toxicity is handled: as given, else flagged when there is a quality threshold (the
    /// score uses it), else off.
    public var effectiveToxicity: CheckMode { toxicity ?? (qualityThreshold == nil ? .off : .flag) }

    /// Whether records are checked for memorization of the reference: whenever one is given, and
    /// the high level requires one.
    public var checksMemorization: Bool { privacyLevel >= .high || reference != nil }

    /// Checks values a run cannot use.
    public func validate() throws(SynthError) {
        try near.validate()
        if let t = qualityThreshold, !(0...1).contains(t) {
            throw SynthError(.invalidSpec, "quality-threshold must be between 0 and 1, got \(t)")
        }
        if privacyLevel >= .high && reference == nil {
            throw SynthError(
                .invalidSpec,
                "privacy-level high checks records for memorized text against real data: pass --reference FILE "
                    + "(a JSONL file of the real records), or use privacy-level medium")
        }
    }
}

/// Bundles of privacy stages, each including the ones below it.
public enum PrivacyLevel: String, Sendable, CaseIterable, Comparable {
    /// Nothing beyond exact dedup.
    case off
    /// Personal data is found and counted, not changed.
    case low
    /// Personal data is pseudonymized with consistent surrogates, and near duplicates are dropped.
    case medium
    /// As medium, and records that copy long passages of the reference are dropped.
    case high

    public static func < (a: PrivacyLevel, b: PrivacyLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What a flagging stage (toxicity, bias) does with the records it finds.
public enum CheckMode: String, Sendable, CaseIterable {
    /// The stage does not run.
    case off
    /// Record the finding in provenance; keep the record.
    case flag
    /// Drop the record (toxicity: a score of 0.5 or more).
    case drop
}
