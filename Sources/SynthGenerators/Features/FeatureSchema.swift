/// A declared dataset for ML: features with distributions, per-segment parameters, rank
/// correlations, a target with classes at declared shares, and the guarantees the data must meet.
///
/// A schema holds either `features` (one row per example) or a ``SeriesSchema`` (long-format
/// time series); ``FeatureSchema/parse(text:file:)`` reads both from YAML.
public struct FeatureSchema: Sendable {
    /// The features, in column order.
    public var features: [Feature]
    /// The index in `features` of the categorical feature whose value switches other features' parameters.
    public var segment: Int?
    /// The Spearman rank correlations between the numeric features (in `numericFeatures` order): as
    /// declared, or the nearest valid matrix when the declared one is not positive definite (see `notes`).
    public var correlations: [[Double]]
    /// The target the features predict, if any.
    public var target: Target?
    /// What the generated data must satisfy.
    public var guarantees: Guarantees
    /// The time series to generate instead of feature rows, if the schema has a `series:` section.
    public var series: SeriesSchema?
    /// Things the parser changed or assumed (a repaired correlation matrix), for the user to read.
    public var notes: [String]

    /// The indices of the numeric features, the copula's dimensions.
    public var numericFeatures: [Int] {
        features.indices.filter { features[$0].isNumeric }
    }
}

/// One generated column.
public struct Feature: Sendable {
    /// What a feature draws from.
    public enum Kind: Sendable {
        /// A numeric distribution per segment (one entry when the schema has no segment).
        case numeric([Distribution])
        /// Labels with weights per segment, as cumulative weights (one entry when not segmented).
        case categorical(levels: [String], cumulative: [[Double]])
    }

    /// The column name.
    public var name: String
    /// The distribution(s).
    public var kind: Kind
    /// Decimal places written for a real-valued feature.
    public var decimals: Int

    /// True for numeric features.
    public var isNumeric: Bool {
        if case .numeric = kind { return true }
        return false
    }
}

/// The label to predict: classes or tiers that a noisy linear score of the features falls into.
///
/// Each row's score is `Σ weight × standard score of the feature` (the feature's copula normal,
/// so a weight of 1 is one standard deviation), plus a weight per categorical value, plus
/// normal noise. Classes are listed from the highest score to the lowest and take the declared
/// shares of the score's distribution, so the label is learnable from the features.
public struct Target: Sendable {
    /// One class or tier.
    public struct Class: Sendable {
        /// The label written in the target column.
        public var label: String
        /// The declared share of rows, in (0, 1).
        public var share: Double
        /// The range of the value column for this class, if the target has one.
        public var range: ClosedRange<Double>?
    }

    /// The label column.
    public var name: String
    /// The column holding a number within each class's range (rising with the score), if declared.
    public var value: String?
    /// Decimal places of the value column.
    public var decimals: Int
    /// The classes, from the highest score to the lowest.
    public var classes: [Class]
    /// The weight of each numeric feature's standard score, by feature index.
    public var weights: [Int: Double]
    /// The score added per value of a categorical feature, by feature index then level.
    public var effects: [Int: [Double]]
    /// The standard deviation of the score's noise.
    public var noise: Double
}

/// What generated data must satisfy; each is checked and reported.
public struct Guarantees: Sendable {
    /// The fewest rows allowed.
    public var minSamples: Int
    /// The smallest standard deviation allowed per numeric feature, by feature index.
    public var minStandardDeviation: [Int: Double]
    /// How far a class's measured share may be from its declared share.
    public var shareTolerance: Double
    /// How much the held-out accuracy of a logistic regression must beat always guessing the most common class.
    public var separabilityMargin: Double
}
