import SynthCore

/// A text helper applied to a slot's value: `{drug|cap}`, `{amount|money}`, `{symptoms|join}`.
enum Filter: Sendable, Equatable {
    case article, capitalized, uncapitalized, lower, upper, title, plural, ordinal, spelled
    case number(decimals: Int)
    case fixed(decimals: Int)
    case money
    case date(DateStyle)
    case join(conjunction: String?)
    case bullets, count, first, last, pick

    static let known = [
        "a", "cap", "uncap", "lower", "upper", "title", "plural", "ordinal", "words", "num[:D]", "fixed:D", "money",
        "date:iso|long|short|month|dmy|year", "join[:and|or|comma]", "bullets", "count", "first", "last", "pick",
    ]

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1] : nil
        switch (parts.first ?? "", arg) {
        case ("a", nil): self = .article
        case ("cap", nil): self = .capitalized
        case ("uncap", nil): self = .uncapitalized
        case ("lower", nil): self = .lower
        case ("upper", nil): self = .upper
        case ("title", nil): self = .title
        case ("plural", nil): self = .plural
        case ("ordinal", nil): self = .ordinal
        case ("words", nil): self = .spelled
        case ("num", nil): self = .number(decimals: 0)
        case ("num", let d?):
            guard let n = Int(d), n >= 0 else { return nil }
            self = .number(decimals: n)
        case ("fixed", let d?):
            guard let n = Int(d), n >= 0 else { return nil }
            self = .fixed(decimals: n)
        case ("money", nil): self = .money
        case ("date", let style?):
            guard let s = DateStyle(rawValue: style) else { return nil }
            self = .date(s)
        case ("date", nil): self = .date(.long)
        case ("join", nil), ("join", "and"): self = .join(conjunction: "and")
        case ("join", "or"): self = .join(conjunction: "or")
        case ("join", "comma"): self = .join(conjunction: nil)
        case ("bullets", nil): self = .bullets
        case ("count", nil): self = .count
        case ("first", nil): self = .first
        case ("last", nil): self = .last
        case ("pick", nil): self = .pick
        default: return nil
        }
    }

    /// Applies a list-or-value filter to a value.
    func apply(to value: Value, random: inout SeededRandom) -> Value {
        let items = value.arrayValue ?? (value.isNull ? [] : [value])
        switch self {
        case .join(let conjunction): return .string(Inflection.join(items.map(\.text), conjunction: conjunction))
        case .bullets: return .string(items.map { "- " + $0.text }.joined(separator: "\n"))
        case .count: return .int(items.count)
        case .first: return items.first ?? .null
        case .last: return items.last ?? .null
        case .pick: return items.isEmpty ? .null : items[random.below(items.count)]
        case .number(let d): return value.doubleValue.map { .string(NumberFormat.fixed($0, decimals: d, grouping: true)) } ?? value
        case .fixed(let d): return value.doubleValue.map { .string(NumberFormat.fixed($0, decimals: d)) } ?? value
        case .money: return value.doubleValue.map { .string(NumberFormat.fixed($0, decimals: 2, grouping: true)) } ?? value
        case .ordinal: return value.doubleValue.map { .string(Inflection.ordinal(Int($0))) } ?? value
        case .spelled: return value.doubleValue.map { .string(Inflection.spelled(Int($0))) } ?? value
        case .date(let style): return .string(CivilDate(iso: value.text)?.formatted(style) ?? value.text)
        default: return .string(applyText(value.text))
        }
    }

    /// Applies a text filter. (`a` is not one: the renderer places the article outside spans.)
    func applyText(_ text: String) -> String {
        switch self {
        case .capitalized: return Inflection.capitalized(text)
        case .uncapitalized: return text.first.map { $0.lowercased() + text.dropFirst() } ?? text
        case .lower: return text.lowercased()
        case .upper: return text.uppercased()
        case .title: return Inflection.title(text)
        case .plural: return Inflection.plural(text)
        default: return text
        }
    }
}
