/// What the PII stage does with each value it finds (the replacements are made by `PIIScrub`).
public enum PIIAction: String, Sendable, CaseIterable {
    /// Leave the text alone; only count the match.
    case report
    /// Replace the value by its type in brackets, `[EMAIL]`.
    case redact
    /// Replace letters and digits by `*`, keeping separators (and the last four characters of digit-like values).
    case mask
    /// Replace the value by a short stable hex digest of it (12 hex digits of a salted 64-bit hash).
    case hash
    /// Replace the value by a realistic fake of the same type; the same value always gets the same fake.
    case pseudonymize
}
