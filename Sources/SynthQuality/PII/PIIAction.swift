import SynthCore

extension PIIAction {
    /// The replacement for `match`, or nil when the text stays as it is.
    ///
    /// `salt` makes digests and surrogates differ between datasets; keep it secret, since neither is
    /// a cryptographic hash and low-entropy values (SSNs, dates) can be recovered by trying them all.
    public func replacement(for match: PIIMatch, salt: String) -> String? {
        switch self {
        case .report:
            return nil
        case .redact:
            return "[\(match.type.rawValue)]"
        case .mask:
            return Self.mask(match)
        case .hash:
            let h = Surrogates.seed(match, salt: salt)
            let hex = String(h, radix: 16)
            return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
        case .pseudonymize:
            return Surrogates.fake(for: match, salt: salt)
        }
    }

    private static func mask(_ match: PIIMatch) -> String {
        let chars = Array(match.text)
        var keep = 0
        if match.type.isDigitLike {
            var seen = 0
            for (k, c) in chars.enumerated().reversed() where c.isLetter || c.isNumber {
                seen += 1
                if seen == 4 {
                    keep = k
                    break
                }
            }
            if seen < 4 { keep = chars.count }
        } else {
            keep = chars.count
        }
        return String(chars.enumerated().map { k, c in (k < keep && (c.isLetter || c.isNumber)) ? "*" : c })
    }
}
