/// Finds personal data in text with hand-written detectors (no model, no network).
///
/// Overlapping matches are resolved by type priority (checksummed types first), then length,
/// so each stretch of text has at most one type.
public struct PIIScanner: Sendable {
    /// The types this scanner looks for.
    public var types: Set<PIIType>

    /// A scanner for `types` (all by default).
    public init(types: Set<PIIType> = Set(PIIType.allCases)) { self.types = types }

    /// The personal data in `text`, in text order, with scalar offsets.
    public func scan(_ text: String) -> [PIIMatch] {
        let t = ScanText(text)
        var candidates: [PIIMatch] = []
        for type in PIIType.allCases where types.contains(type) { candidates += Self.detect(type, in: t) }
        candidates.sort { a, b in
            a.type.priority != b.type.priority ? a.type.priority < b.type.priority : (a.end - a.start) > (b.end - b.start)
        }
        var used = [Bool](repeating: false, count: t.count)
        var taken: [PIIMatch] = []
        for m in candidates where !used[m.start..<m.end].contains(true) {
            taken.append(m)
            for k in m.start..<m.end { used[k] = true }
        }
        return taken.sorted { $0.start < $1.start }
    }

    /// The personal data in `text`, looking for every type.
    public static func scan(_ text: String) -> [PIIMatch] { PIIScanner().scan(text) }

    private static func detect(_ type: PIIType, in t: ScanText) -> [PIIMatch] {
        switch type {
        case .email: return StructuredDetectors.emails(t)
        case .phone: return StructuredDetectors.phones(t)
        case .ssn: return StructuredDetectors.ssns(t)
        case .creditCard: return StructuredDetectors.creditCards(t)
        case .iban: return StructuredDetectors.ibans(t)
        case .ipv4: return StructuredDetectors.ipv4s(t)
        case .ipv6: return StructuredDetectors.ipv6s(t)
        case .dateOfBirth: return ContextDetectors.datesOfBirth(t)
        case .person: return PersonDetector.people(t)
        case .streetAddress: return ContextDetectors.streetAddresses(t)
        case .mrn: return ContextDetectors.mrns(t)
        case .passport: return ContextDetectors.passports(t)
        case .driverLicense: return ContextDetectors.driverLicenses(t)
        }
    }
}
