import Foundation
import SynthCore

/// A privacy budget: (ε, δ)-differential privacy, spent as zero-concentrated DP (zCDP).
///
/// ρ-zCDP composes by adding ρ, and implies (ρ + 2√(ρ ln(1/δ)), δ)-DP (Bun and Steinke, 2016),
/// so a budget (ε, δ) is the ρ at which that bound equals ε.
public struct PrivacyBudget: Sendable, Codable, Equatable {
    /// The ε of the guarantee.
    public var epsilon: Double
    /// The δ of the guarantee.
    public var delta: Double

    /// The accepted ε, wider than the 0.1...10 the guarantees are tuned for.
    public static let epsilonRange = 0.01...100.0

    /// A budget, or an error naming the bad value.
    public init(epsilon: Double, delta: Double) throws(SynthError) {
        guard epsilon.isFinite, epsilon > 0 else {
            throw SynthError(.invalidArgument, "ε must be positive (0.1 to 10 is the useful range), got \(epsilon)")
        }
        guard Self.epsilonRange.contains(epsilon) else {
            throw SynthError(.invalidArgument, "ε must be between 0.01 and 100 (0.1 to 10 is the useful range), got \(epsilon)")
        }
        guard delta.isFinite, delta > 0, delta < 1 else {
            throw SynthError(
                .invalidArgument, "δ must be between 0 and 1 exclusive (1e-6 or below the table's 1/rows is usual), got \(delta)")
        }
        self.epsilon = epsilon
        self.delta = delta
    }

    /// The zCDP ρ this budget allows: (√(ε + ln(1/δ)) − √ln(1/δ))².
    public var rho: Double { Self.rho(epsilon: epsilon, delta: delta) }

    /// The ρ for which ρ-zCDP implies (ε, δ)-DP.
    public static func rho(epsilon: Double, delta: Double) -> Double {
        let l = log(1 / delta)
        let r = (epsilon + l).squareRoot() - l.squareRoot()
        return r * r
    }

    /// The ε that ρ-zCDP guarantees at δ: ρ + 2√(ρ ln(1/δ)).
    public static func epsilon(rho: Double, delta: Double) -> Double {
        rho + 2 * (rho * log(1 / delta)).squareRoot()
    }
}

/// One private release inside a fit: what was measured, how, and the ρ it cost.
public struct PrivacyMeasurement: Sendable, Codable, Equatable {
    /// `gaussian` (noisy counts) or `exponential` (a private choice).
    public var mechanism: String
    /// What it released: `bounds of 'age'`, `1-way marginals`, `tree edges`, `2-way marginals`.
    public var purpose: String
    /// How many queries (counts vectors, or choices) it made.
    public var queries: Int
    /// The L2 (Gaussian) or score (exponential) sensitivity of one query to one row added or removed.
    public var sensitivity: Double
    /// The Gaussian noise's standard deviation per count, if Gaussian.
    public var sigma: Double?
    /// The ε of each exponential-mechanism choice, if exponential.
    public var epsilon: Double?
    /// The zCDP cost of the whole measurement: queries·Δ²/(2σ²) or choices·ε²/8.
    public var rho: Double

    /// A measurement.
    public init(mechanism: String, purpose: String, queries: Int, sensitivity: Double, sigma: Double?, epsilon: Double?, rho: Double) {
        self.mechanism = mechanism
        self.purpose = purpose
        self.queries = queries
        self.sensitivity = sensitivity
        self.sigma = sigma
        self.epsilon = epsilon
        self.rho = rho
    }

    /// `queries` count vectors with Gaussian noise of deviation `sigma`: each is (Δ²/2σ²)-zCDP.
    static func gaussian(_ purpose: String, queries: Int, sigma: Double, sensitivity: Double = 1) -> PrivacyMeasurement {
        PrivacyMeasurement(
            mechanism: "gaussian", purpose: purpose, queries: queries, sensitivity: sensitivity, sigma: sigma, epsilon: nil,
            rho: Double(queries) * sensitivity * sensitivity / (2 * sigma * sigma))
    }

    /// `choices` exponential-mechanism picks at `epsilon` each: each is ε²/8-zCDP (Cesar and Rogers, 2021).
    static func exponential(_ purpose: String, choices: Int, epsilon: Double, sensitivity: Double = 1) -> PrivacyMeasurement {
        PrivacyMeasurement(
            mechanism: "exponential", purpose: purpose, queries: choices, sensitivity: sensitivity, sigma: nil, epsilon: epsilon,
            rho: Double(choices) * epsilon * epsilon / 8)
    }
}

/// What one private fit spent: each measurement's ρ, their total, and the (ε, δ) it amounts to.
public struct PrivacySpend: Sendable, Codable, Equatable {
    /// The model that spent it (`dp-mst`).
    public var model: String
    /// The measurements, in the order made.
    public var measurements: [PrivacyMeasurement]
    /// The δ the guarantee is stated at.
    public var delta: Double

    /// A spend.
    public init(model: String, measurements: [PrivacyMeasurement], delta: Double) {
        self.model = model
        self.measurements = measurements
        self.delta = delta
    }

    /// The total ρ: zCDP composes by addition.
    public var rho: Double { measurements.reduce(0) { $0 + $1.rho } }

    /// The ε guaranteed at ``delta``.
    public var epsilon: Double { PrivacyBudget.epsilon(rho: rho, delta: delta) }
}

extension SeededRandom {
    /// A standard Gumbel draw, for the exponential mechanism by the Gumbel-max trick.
    mutating func gumbel() -> Double {
        var u = unit()
        while u == 0 { u = unit() }
        return -log(-log(u))
    }
}
