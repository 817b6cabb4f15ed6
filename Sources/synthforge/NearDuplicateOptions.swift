import ArgumentParser
import SynthCore

/// The near-duplicate settings `generate` and `validate` both take.
struct NearDuplicateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Near-duplicate Jaccard threshold, 0.5–1 (default 0.8).", valueName: "j"))
    var nearThreshold: String?

    @Option(help: ArgumentHelp("Words per shingle for near duplicates (default 5).", valueName: "n"))
    var shingleWords: String?

    @Option(help: ArgumentHelp("MinHash permutations for near duplicates, 16–1024 (default 128).", valueName: "n"))
    var permutations: String?

    /// `base` with the settings given on the command line; nil when none is.
    func settings(over base: NearDuplicateSettings?) throws(SynthError) -> NearDuplicateSettings? {
        let given = zip(NearDuplicateSettings.keys, [nearThreshold, shingleWords, permutations]).compactMap { key, value in
            value.map { (key, $0) }
        }
        guard !given.isEmpty else { return base }
        var settings = base ?? NearDuplicateSettings()
        for (key, value) in given {
            do { try settings.set(key, value) } catch { throw SynthError(.invalidArgument, "--\(error.message)") }
        }
        return settings
    }
}
