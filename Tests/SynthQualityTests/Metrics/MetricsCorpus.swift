import Foundation
import SynthTesting

/// Hand-written hypothesis–reference pairs that exercise the tokenizers: punctuation, numbers, case,
/// Unicode, markup, empty sides, length mismatches and pairs with nothing in common.
enum MetricsCorpus {
    static let pairs: [(hypothesis: String, reference: String)] = [
        ("The cat sat on the mat.", "The cat sat on the mat."),
        ("The cat is on the mat.", "There is a cat on the mat."),
        ("the CAT sat on the Mat", "The cat sat on the mat."),
        ("Patient, 66, presents with chest pain.", "A 66-year-old patient presents with chest pain."),
        ("Total due: $1,250.50 (incl. VAT).", "The total due is $1,250.50, VAT included."),
        ("Take 2.5 mg twice daily; review in 3-4 weeks.", "Take 2.5mg twice a day, and review in 3 - 4 weeks."),
        ("Pages 12-14, 15-17 and 1999-2001.", "Pages 12-14 and 15-17, years 1999-2001."),
        ("He said \"no\" & left.", "He said &quot;no&quot; &amp; left."),
        ("It's a state-of-the-art, well-known method...", "It is a well known, state of the art method."),
        ("x.y,z a.b 3.14 3,14 .5 ,5 5. 5,", "x . y , z a . b 3.14 3,14"),
        ("Naïve café — crème brûlée, s'il vous plaît!", "naive cafe - creme brulee, s'il vous plait!"),
        ("İstanbul and the KELVIN sign: 300 \u{212A}.", "istanbul and the kelvin sign: 300 k."),
        ("東京は晴れです。", "東京は雨です。"),
        ("non\u{00A0}breaking\u{2003}spaces\u{3000}here", "non breaking spaces here"),
        ("trailing whitespace   \t\n", "trailing whitespace"),
        ("hyphen-\nated line\nbreaks", "hyphenated line breaks"),
        ("<skipped> words were <skipped> here", "words were here"),
        ("", "An empty hypothesis scores nothing."),
        ("A hypothesis with an empty reference.", ""),
        ("short", "This reference is much longer than the hypothesis it is compared with."),
        (
            "This hypothesis runs on much longer than the reference it is compared with, on and on.",
            "A short reference."
        ),
        ("alpha beta gamma delta", "epsilon zeta eta theta"),
        ("one two three four five", "five four three two one"),
        ("the the the the the the the", "the cat is on the mat"),
        ("The quick brown fox jumps over the lazy dog.", "A quick brown dog jumps over the lazy fox!"),
        ("Email me at jane.doe@example.com or call +1 (555) 010-9999.", "Contact jane.doe@example.com, +1 555 010 9999."),
        ("Use `swift build -c release`, then run ./synthforge --help.", "Run swift build -c release and then ./synthforge --help"),
        ("Q3 revenue rose 12% to €4.2bn; EBITDA margin 31.5%.", "Revenue rose 12 % to €4.2 bn in Q3, with a 31.5 % EBITDA margin."),
        ("[brackets] {braces} (parens) <angles> |pipes| ~tilde^ `tick`", "brackets braces parens angles pipes tilde tick"),
        ("Mr. Smith arrived at 10:30 a.m. on Jan. 5, 2024.", "Mr Smith arrived at 10:30 am on 5 January 2024."),
        ("ok", "ok"),
        ("a b", "a b c"),
    ]

    static var hypotheses: [String] { pairs.map(\.hypothesis) }
    static var references: [String] { pairs.map(\.reference) }

    /// A second reference for each pair, for multi-reference BLEU.
    static var secondReferences: [String] {
        pairs.enumerated().map { i, pair in i % 3 == 0 ? pair.hypothesis.uppercased() : "\(pair.reference) Indeed, \(i)." }
    }

    /// Long pairs over a vocabulary of about 2,000 words, so the token and n-gram tables grow past
    /// their first sizes: 40 pairs of 50–400 words, the hypothesis a perturbed copy of the reference.
    static var longPairs: (hypotheses: [String], references: [String]) {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var hypotheses: [String] = []
        var references: [String] = []
        for _ in 0..<40 {
            let words = (0..<(50 + next(350))).map { _ in "w\(next(2000))" + [",", "", "", ".", ""][next(5)] }
            references.append(words.joined(separator: " "))
            hypotheses.append(words.filter { _ in next(10) > 0 }.map { next(8) == 0 ? "w\(next(2000))" : $0 }.joined(separator: " "))
        }
        return (hypotheses, references)
    }

    /// Runs a Python reference program with `input` as JSON in `sys.argv[1]`; the program prints JSON.
    static func reference(_ program: String, _ input: Any) throws -> Any {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let output = try Processes.python(program, [json])
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }
}

/// True when `a` and `b` agree to within `tolerance`.
func close(_ a: Double, _ b: Any?, _ tolerance: Double = 1e-6) -> Bool {
    guard let b = (b as? NSNumber)?.doubleValue else { return false }
    return abs(a - b) <= tolerance
}
