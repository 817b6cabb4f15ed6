import SynthCore
import Yams

/// The word lists offline augmentation draws on: the hand-written synonym groups (`lexicons/synonyms.yaml`) and
/// the built-in engine's names of people, cities, countries and companies (`packs/people.yaml`, `packs/places.yaml`).
struct Lexicon: Sendable {
    /// Other words for a lowercase word.
    let synonyms: [String: [String]]
    /// Lists of names that can stand in for one another: given names, family names, cities, countries, companies.
    let nameClasses: [[String]]
    /// The class of each name.
    let classOfName: [String: Int]

    /// The lexicon built into the binary.
    static let builtin = Lexicon()

    private init() {
        var synonyms: [String: Set<String>] = [:]
        for group in Self.load(EmbeddedLexicons.files, "synonyms.yaml")["groups"] as? [[String]] ?? [] {
            for word in group { synonyms[word, default: []].formUnion(group.filter { $0 != word }) }
        }
        self.synonyms = synonyms.mapValues { $0.sorted() }

        let people = Self.load(EmbeddedPacks.files, "people.yaml")["lists"] as? [String: Any] ?? [:]
        let places = Self.load(EmbeddedPacks.files, "places.yaml")
        let lists = places["lists"] as? [String: Any] ?? [:]
        let cities = (places["tables"] as? [String: Any])?["cities"] as? [[String: Any]] ?? []
        let names = { (key: String) in people[key] as? [String] ?? [] }
        let column = { (key: String) in Array(Set(cities.compactMap { $0[key] as? String })).sorted() }
        // Single words only: a name is swapped word by word, so "New York" stays as it is.
        let classes = [
            names("first_female") + names("first_male") + names("first_any"), names("surnames"), column("city"), column("country"),
            (lists["company_root"] as? [String]) ?? [],
        ].map { list in Array(Set(list.filter { !$0.contains(" ") && synonyms[$0.lowercased()] == nil })).sorted() }
        var classOfName: [String: Int] = [:]
        for (number, list) in classes.enumerated() {
            for name in list where classOfName[name] == nil { classOfName[name] = number }
        }
        nameClasses = classes
        self.classOfName = classOfName
    }

    private static func load(_ files: [(name: String, yaml: String)], _ name: String) -> [String: Any] {
        // Embedded at build time and read by tests: a missing or broken file is a build defect, not user input.
        guard let file = files.first(where: { $0.name == name }), let root = try? Yams.load(yaml: file.yaml) as? [String: Any] else {
            preconditionFailure("the embedded \(name) is missing or not a YAML mapping")
        }
        return root
    }
}
