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

    /// Threat phrases by their first word, so a scan looks only at phrases that can start here.
    static let threatsByFirstWord: [String: [[String]]] = Dictionary(grouping: threats, by: { $0[0] })

    /// The index in `groups` of the group each identity term names.
    static let groupOfTerm: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, group) in groups.enumerated() { for term in group.terms where map[term] == nil { map[term] = i } }
        return map
    }()

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
