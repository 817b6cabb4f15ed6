import Foundation
import Testing

@testable import SynthQuality

@Suite struct PorterStemmerTests {
    /// Roots crossed with every suffix the rules know, so each rule fires with and without its condition.
    static var words: [String] {
        let roots = [
            "relat", "condit", "valen", "hesit", "digit", "conform", "radic", "differ", "vil", "analog", "vietnam", "predic", "oper",
            "feud", "decis", "hope", "call", "formal", "sensit", "sensib", "triplic", "electr", "good", "reviv", "allow", "infer",
            "airlin", "gyroscop", "adjust", "defens", "irrit", "replac", "depend", "adopt", "homolog", "commun", "activ", "angular",
            "effect", "bowdler", "prob", "rat", "ceas", "controll", "roll", "cares", "pon", "ti", "cat", "fe", "agre", "plaster",
            "bl", "motor", "conflat", "troubl", "siz", "hopp", "tann", "fall", "hiss", "fizz", "fail", "fil", "happ", "sk", "enjo",
            "sp", "fl", "tr", "generat", "nation", "crystal", "toy", "syzyg", "yy", "ay", "by", "oat", "tree", "ivy", "orrer",
            "xyz", "bowl", "wax", "snow", "apolog", "biolog", "ful", "hopeful", "care", "fuse", "abl", "bab", "y", "a", "zz",
            "2x", "mp3", "covid19",
        ]
        let suffixes = [
            "", "s", "es", "ies", "ied", "ed", "ing", "ly", "y", "ational", "tional", "enci", "anci", "izer", "bli", "alli", "entli",
            "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "fulli",
            "logi", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able", "ible",
            "ant", "ement", "ment", "ent", "sion", "tion", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "e", "ll", "eed",
            "sses", "ss", "at", "bl", "iz", "yed", "ying", "ys",
        ]
        let irregular = [
            "sky", "skies", "dying", "lying", "tying", "news", "innings", "inning", "outings", "outing", "cannings", "canning",
            "howe", "proceed", "exceed", "succeed", "ties", "dies", "pies", "tied", "died", "feed", "agreed", "bled", "sing",
        ]
        return irregular + roots.flatMap { root in suffixes.map { root + $0 } }
    }

    @Test func stemsMatchNLTK() throws {
        let words = Self.words
        let program = """
            import sys, json
            from nltk.stem import porter
            stemmer = porter.PorterStemmer()
            print(json.dumps([stemmer.stem(w) for w in json.loads(sys.argv[1])]))
            """
        let expected = try #require(try MetricsCorpus.reference(program, words) as? [String])
        #expect(expected.count == words.count)
        var mismatches: [String] = []
        for (word, stem) in zip(words, expected) {
            let mine = String(decoding: PorterStemmer.stem(Array(word.utf8)), as: UTF8.self)
            if mine != stem { mismatches.append("\(word): \(mine) vs \(stem)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(words.count) differ: \(mismatches.prefix(20))")
    }
}
