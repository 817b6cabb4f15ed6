/// What a model costs, in US dollars per million tokens.
public struct Price: Sendable, Hashable {
    /// USD per million prompt tokens.
    public var input: Double
    /// USD per million generated tokens.
    public var output: Double

    /// Makes a price.
    public init(input: Double, output: Double) {
        self.input = input
        self.output = output
    }

    /// The cost of a usage at this price, in USD.
    public func cost(_ usage: TokenUsage) -> Double {
        (Double(usage.input) * input + Double(usage.output) * output) / 1_000_000
    }
}

/// Prices by model name, for cost tracking and budgets.
///
/// A model matches the longest listed name it starts with, so dated snapshots such as
/// `gpt-4o-mini-2024-07-18` or `claude-sonnet-4-5-20250929` find their family's price.
/// Models with no listed price (local models, unknown ones) cost 0, and `note(for:)` says so.
public struct Pricing: Sendable, Hashable {
    /// The listed prices.
    public private(set) var prices: [String: Price]

    /// Makes a price list.
    public init(_ prices: [String: Price] = [:]) { self.prices = prices }

    /// List prices of common hosted models (USD per 1M tokens, standard tier, as published in 2025).
    public static let defaults = Pricing([
        "gpt-4o": Price(input: 2.50, output: 10.00),
        "gpt-4o-mini": Price(input: 0.15, output: 0.60),
        "gpt-4.1": Price(input: 2.00, output: 8.00),
        "gpt-4.1-mini": Price(input: 0.40, output: 1.60),
        "gpt-4.1-nano": Price(input: 0.10, output: 0.40),
        "o3-mini": Price(input: 1.10, output: 4.40),
        "claude-opus-4-5": Price(input: 5.00, output: 25.00),
        "claude-opus-4-1": Price(input: 15.00, output: 75.00),
        "claude-opus-4": Price(input: 15.00, output: 75.00),
        "claude-sonnet-4-5": Price(input: 3.00, output: 15.00),
        "claude-sonnet-4": Price(input: 3.00, output: 15.00),
        "claude-haiku-4-5": Price(input: 1.00, output: 5.00),
        "claude-3-5-haiku": Price(input: 0.80, output: 4.00),
    ])

    /// This list with `more` added, replacing prices of the same names.
    public func adding(_ more: [String: Price]) -> Pricing {
        Pricing(prices.merging(more) { _, new in new })
    }

    /// The price of `model`: its own, or that of the longest listed name it starts with; nil when none is listed.
    public func price(for model: String) -> Price? {
        if let exact = prices[model] { return exact }
        let family = prices.keys.filter { model.hasPrefix($0 + "-") }.max { $0.count < $1.count }
        return family.flatMap { prices[$0] }
    }

    /// The cost in USD of `usage` on `model`; 0 when the model has no price.
    public func cost(model: String, usage: TokenUsage) -> Double {
        price(for: model)?.cost(usage) ?? 0
    }

    /// A line to show when `model` has no price, so a cost of 0 is not mistaken for a measurement; nil when it has one.
    public func note(for model: String) -> String? {
        guard price(for: model) == nil else { return nil }
        return "no price is known for model '\(model)', so its cost counts as 0 USD (give one under prices: in the providers file)"
    }
}
