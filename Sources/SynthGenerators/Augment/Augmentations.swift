import SynthCore

/// The offline augmentation operations by name.
public enum Augmentations {
    /// The names of the offline operations, in the order `--help` lists them.
    public static let names = ["synonym", "insert", "swap", "delete", "typo", "entity-swap"]

    /// The operation called `name`; `alpha` is the share of words it changes (ignored by `entity-swap`).
    public static func operation(named name: String, alpha: Double) throws(SynthError) -> any AugmentOperation {
        switch name {
        case "synonym": return SynonymReplacement(alpha: alpha)
        case "insert": return RandomInsertion(alpha: alpha)
        case "swap": return RandomSwap(alpha: alpha)
        case "delete": return RandomDeletion(alpha: alpha)
        case "typo": return TypoNoise(alpha: alpha)
        case "entity-swap": return EntitySwap()
        default:
            throw SynthError(.invalidArgument, "unknown augmentation '\(name)'; the operations are: \(names.joined(separator: ", "))")
        }
    }
}
