/// The word lists the toxicity and bias checks use.
///
/// A lexicon finds what it lists, in the disguises `TextNormalizer` undoes; it cannot judge
/// sarcasm, context ("kill the process"), new slang or harm spelled out in neutral words. The
/// identity-attack category is found by co-occurrence (an identity term near an insult or a
/// dehumanising word) rather than by a list of slurs.
enum Lexicons {
    static let insult: Set<String> = [
        "idiot", "idiots", "stupid", "moron", "morons", "dumb", "loser", "losers", "pathetic", "worthless", "imbecile", "fool",
        "fools", "jerk", "clown", "incompetent", "useless", "ignorant", "dimwit", "halfwit", "nitwit", "scum", "disgusting",
        "ugly", "coward", "liar", "creep", "freak", "dummy", "bonehead", "numbskull", "dunce", "retard", "retarded",
        "vermin", "parasite", "parasites", "subhuman", "animals", "savages", "filth", "lowlife", "trash",
    ]
    static let dehumanising: Set<String> = [
        "vermin", "parasite", "parasites", "subhuman", "animals", "savages", "filth", "disease", "plague", "trash",
    ]
    static let obscenity: Set<String> = [
        "fuck", "fucking", "fucked", "fucker", "shit", "shitty", "bullshit", "crap", "ass", "asshole", "bastard", "bitch",
        "bitches", "dick", "piss", "pissed", "cunt", "motherfucker", "wtf", "stfu", "goddamn", "douche", "douchebag", "prick",
        "twat", "wanker", "bollocks", "arse", "arsehole", "damn",
    ]
    static let sexual: Set<String> = [
        "sex", "sexy", "porn", "porno", "nude", "nudes", "naked", "horny", "orgasm", "erotic", "boobs", "tits", "penis",
        "masturbate", "blowjob", "hooker", "slut", "whore",
    ]
    /// Threats are phrases: each is a sequence of normalised words.
    static let threats: [[String]] = [
        "kill you", "i will kill", "gonna kill", "hurt you", "beat you up", "destroy you", "you will regret", "watch your back",
        "i know where you live", "burn your house", "shoot you", "break your legs", "make you pay", "end you",
        "come after you", "you are dead", "you re dead", "youre dead", "i will find you", "should be killed",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Identity groups by dimension, each with the words that name it.
    static let groups: [(dimension: String, group: String, terms: Set<String>)] = [
        (
            "gender", "female",
            ["she", "her", "hers", "woman", "women", "girl", "girls", "mother", "wife", "daughter", "female", "lady", "ladies", "sister"]
        ),
        ("gender", "male", ["he", "him", "his", "man", "men", "boy", "boys", "father", "husband", "son", "male", "gentleman", "brother"]),
        ("ethnicity", "asian", ["asian", "asians", "chinese", "japanese", "korean", "vietnamese"]),
        ("ethnicity", "black", ["black", "african"]),
        ("ethnicity", "white", ["white", "caucasian"]),
        ("ethnicity", "hispanic", ["hispanic", "latino", "latina", "latinos", "mexican"]),
        ("ethnicity", "middle eastern", ["arab", "arabs", "persian", "middle eastern"]),
        ("ethnicity", "south asian", ["indian", "pakistani", "bangladeshi"]),
        ("religion", "christian", ["christian", "christians", "catholic", "protestant"]),
        ("religion", "muslim", ["muslim", "muslims", "islamic"]),
        ("religion", "jewish", ["jewish", "jews", "jew"]),
        ("religion", "hindu", ["hindu", "hindus"]),
        ("religion", "buddhist", ["buddhist", "buddhists"]),
        ("religion", "atheist", ["atheist", "atheists"]),
        ("age", "young", ["young", "teen", "teens", "teenager", "teenagers", "youth", "millennial", "millennials", "kid", "kids"]),
        ("age", "old", ["old", "elderly", "senior", "seniors", "retiree", "retirees", "boomer", "boomers", "aged"]),
    ]

    static let positive: Set<String> = [
        "good", "great", "excellent", "kind", "smart", "brilliant", "capable", "skilled", "reliable", "honest", "friendly",
        "helpful", "strong", "talented", "successful", "caring", "competent", "wonderful", "trustworthy", "hardworking",
    ]
    static let negative: Set<String> = [
        "bad", "terrible", "lazy", "weak", "stupid", "dishonest", "rude", "incompetent", "unreliable", "violent", "dangerous",
        "criminal", "dirty", "aggressive", "emotional", "hostile", "inferior", "useless", "angry", "careless",
    ]
}

/// Every word of `Lexicons` in one open-addressing table, looked up by a normalised word's bytes
/// without building a string, with what each word is: its categories, the identity group it names
/// and the threat phrases it starts.
struct LexiconTable: Sendable {
    /// One lexicon word.
    struct Entry: Sendable {
        var text: String
        var bytes: [UInt8]
        var categories: Categories = []
        /// The index in `Lexicons.groups` of the first group whose terms hold the word, or −1.
        var group = -1
        /// The threat phrases that start with the word, in lexicon order.
        var threats: [Int] = []
    }

    /// The word lists a word is on.
    struct Categories: OptionSet, Sendable {
        let rawValue: UInt8
        static let insult = Categories(rawValue: 1)
        static let dehumanising = Categories(rawValue: 2)
        static let obscenity = Categories(rawValue: 4)
        static let sexual = Categories(rawValue: 8)
        static let positive = Categories(rawValue: 16)
        static let negative = Categories(rawValue: 32)
    }

    private(set) var entries: [Entry] = []
    /// Each threat phrase as entry indices.
    private(set) var threats: [[Int]] = []
    /// Entry index plus one in each slot, 0 when empty; the slot count is a power of two.
    private var slots: [Int32]
    private var hashes: [UInt64]

    init() {
        var order: [String] = []
        let lists: [(Set<String>, Categories)] = [
            (Lexicons.insult, .insult), (Lexicons.dehumanising, .dehumanising), (Lexicons.obscenity, .obscenity),
            (Lexicons.sexual, .sexual), (Lexicons.positive, .positive), (Lexicons.negative, .negative),
        ]
        for (list, _) in lists { order += list.sorted() }
        for phrase in Lexicons.threats { order += phrase }
        for group in Lexicons.groups { order += group.terms.sorted() }
        var index: [String: Int] = [:]
        for word in order where index[word] == nil {
            index[word] = entries.count
            entries.append(Entry(text: word, bytes: Array(word.utf8)))
        }
        for (list, category) in lists { for word in list { entries[index[word]!].categories.insert(category) } }
        for (g, group) in Lexicons.groups.enumerated() {
            for term in group.terms where entries[index[term]!].group < 0 { entries[index[term]!].group = g }
        }
        for (p, phrase) in Lexicons.threats.enumerated() {
            threats.append(phrase.map { index[$0]! })
            entries[index[phrase[0]]!].threats.append(p)
        }
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        hashes = [UInt64](repeating: 0, count: size)
        for (e, entry) in entries.enumerated() {
            let h = entry.bytes.withUnsafeBufferPointer(Self.hash)
            var slot = Int(truncatingIfNeeded: h) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(e + 1)
            hashes[slot] = h
        }
    }

    /// The index of the entry whose bytes are `word`, or −1.
    ///
    /// Byte equality is what `String` equality means here: every lexicon word is lower-case ASCII,
    /// and no other scalar sequence is canonically equivalent to one.
    func lookup(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        let h = Self.hash(word)
        var slot = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while slots[slot] != 0 {
            let e = Int(slots[slot]) - 1
            if hashes[slot] == h && entries[e].bytes.elementsEqual(word) { return e }
            slot = (slot + 1) & (slots.count - 1)
        }
        return -1
    }

    /// FNV-1a over the bytes, finalised so the low bits spread.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }
}

/// A text's normalised words (`TextNormalizer`), each looked up once in the toxicity and bias
/// lexicons, so `ToxicityScanner` and `BiasSummary` can share one pass over the text.
public struct LexiconWords: Sendable {
    /// One normalised word: the lexicon entry it is (or −1) and its scalar range.
    struct Word: Sendable {
        var entry: Int
        var start: Int
        var end: Int
    }

    /// The table every scan looks words up in.
    static let table = LexiconTable()

    let words: [Word]

    /// The words of `text`, looked up.
    public init(_ text: String) {
        var words: [Word] = []
        TextNormalizer.forEachWord(in: text) { bytes, start, end in
            words.append(Word(entry: Self.table.lookup(bytes), start: start, end: end))
        }
        self.words = words
    }
}
