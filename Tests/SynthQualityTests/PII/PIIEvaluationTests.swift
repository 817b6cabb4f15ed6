import Foundation
import SynthCore
import SynthQuality
import SynthTesting
import Testing

/// Measures the scanner on a fixed labelled corpus: hand-written hard cases, seeded sentences
/// with values in many formats, and NER records from the built-in engine.
@Suite struct PIIEvaluationTests {
    /// Hard cases: true positives in unusual formats and look-alikes that must not match.
    static let handWritten = [
        "Contact «EMAIL|o'neil.j@uni.example.edu» or «EMAIL|SALES@EXAMPLE.COM».",
        "Ring «PHONE|+1 (415) 555-0132» or «PHONE|(212) 555-0199», fax «PHONE|+44 (0)20 7946 0958».",
        "Tel. «PHONE|+33 1 42 68 53 00», mobile «PHONE|+91 98765 43210», office «PHONE|1-800-555-0100».",
        "The report for 2024-05-12 covers 12/05/2024 through 2024-06-30; version 10.2.3 shipped.",
        "Upgrade to version 1.2.3.4 tonight; build 10.0.19041.1 is current.",
        "Server «IPV4|10.0.0.254» and «IPV4|8.8.8.8» answered; «IPV6|fe80::1ff:fe23:4567:890a» did not.",
        "Loopback «IPV6|::1» aside, «IPV6|2001:db8::ff00:42:8329» is ours; the clock read 12:30:45.",
        "Order 4532015112830366 shipped; invoice 79927398713 paid.",
        "Visa «CREDIT_CARD|4539 1488 0343 6467», MC «CREDIT_CARD|5500-0000-0000-0004», Amex «CREDIT_CARD|371449635398431».",
        "Wire to «IBAN|FR14 2004 1010 0505 0001 3M02 606» or «IBAN|NL91ABNA0417164300».",
        "SSN «SSN|078-05-1120»; test numbers 000-12-3456 and 999-12-3456 are not real.",
        "Patient «PERSON|Maria Gonzalez», DOB «DATE_OF_BIRTH|July 4, 1961», MRN «MRN|A00457812».",
        "Date of birth: «DATE_OF_BIRTH|1987-11-02». Admitted 2024-03-01.",
        "«PERSON|Grace Hopper» was born «DATE_OF_BIRTH|9 December 1906».",
        "Will the grace period apply? Mark the form and return it in May.",
        "Dear «PERSON|Mr. Patel»,".replacingOccurrences(of: "«PERSON|Mr. Patel»", with: "Mr. «PERSON|Patel»"),
        "I spoke to Dr. «PERSON|Lindqvist» and Ms. «PERSON|Yuki Nakamura» yesterday.",
        "My name is «PERSON|Tomasz Wrobel» and I live at «STREET_ADDRESS|42 Elm Street».",
        "Ship to «STREET_ADDRESS|1600 Pennsylvania Ave», then «STREET_ADDRESS|350 5th Avenue, Suite 3400».",
        "The «STREET_ADDRESS|10 Downing St.» visit was moved; 3 Kings came by road.",
        "Passport no. «PASSPORT|C01X00T47», driver's license «DRIVER_LICENSE|S530-4612-9823».",
        "Medical record number «MRN|884-2290-11» was merged into MRN «MRN|88422901».",
        "We shipped 3 boxes on 4 May 2024 and the total was 1,234.56 dollars.",
        "«PERSON|Olivia» approved it; «PERSON|James Chen» signed it.",
        "The Brown family and the White House are not people entries, nor is Long Island.",
        "Please ask «PERSON|Priyanka Raman»; contact: «PERSON|Bjorn Eriksson». Signed by «PERSON|Wojciech Nowicki» on Monday.",
        "«PERSON|Zanele Dube» reported the outage from San Antonio.",  // an unlisted name with no cue: a known miss
    ]

    /// Seeded sentences with every structured type in several layouts, plus distractors.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var rng = SeededRandom(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[rng.below(xs.count)] }
        func digits(_ n: Int) -> [Int] { (0..<n).map { _ in rng.below(10) } }
        func join(_ d: [Int]) -> String { d.map(String.init).joined() }
        func grouped(_ d: [Int], _ sizes: [Int], _ sep: String) -> String {
            var out: [String] = []
            var at = 0
            for s in sizes {
                out.append(join(Array(d[at..<(at + s)])))
                at += s
            }
            return out.joined(separator: sep)
        }
        func card() -> String {
            let prefixes: [([Int], Int)] = [([4], 16), ([5, 1 + rng.below(5)], 16), ([3, 7], 15), ([6, 0, 1, 1], 16), ([4], 13)]
            let (prefix, length) = pick(prefixes)
            var d = prefix + digits(length - prefix.count - 1)
            d.append(luhnDigit(d))
            if length == 15 { return grouped(d, [4, 6, 5], pick([" ", "-", ""])) }
            if length == 16 { return grouped(d, [4, 4, 4, 4], pick([" ", "-", ""])) }
            return join(d)
        }
        func iban() -> String {
            let (country, length) = pick([("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27), ("CH", 21)])
            let bban = join(digits(length - 4))
            let check = ibanCheck(country, bban)
            let compact = country + check + bban
            guard rng.chance(0.5) else { return compact }
            var groups: [String] = []
            var s = Substring(compact)
            while !s.isEmpty {
                groups.append(String(s.prefix(4)))
                s = s.dropFirst(4)
            }
            return groups.joined(separator: " ")
        }
        func ssn() -> String {
            let area = pick([rng.int(in: 1, 665), rng.int(in: 667, 899)])
            let d = String(format3(area)) + "-" + pad(rng.int(in: 1, 99), 2) + "-" + pad(rng.int(in: 1, 9999), 4)
            return rng.chance(0.2) ? d.replacingOccurrences(of: "-", with: " ") : d
        }
        func phone() -> String {
            let a = rng.int(in: 201, 989)
            let b = rng.int(in: 200, 999)
            let c = pad(rng.int(in: 0, 9999), 4)
            return pick([
                "+1 (\(a)) \(b)-\(c)", "\(a)-\(b)-\(c)", "(\(a)) \(b)-\(c)", "\(a).\(b).\(c)", "+1 \(a) \(b) \(c)",
                "+44 20 \(rng.int(in: 7000, 8999)) \(c)", "+49 30 \(rng.int(in: 100_000, 9_999_999))",
                "+33 \(rng.int(in: 1, 9)) \(pad(rng.below(100), 2)) \(pad(rng.below(100), 2)) \(pad(rng.below(100), 2)) \(pad(rng.below(100), 2))",
                "+61 2 \(rng.int(in: 1000, 9999)) \(c)", "+81 3-\(rng.int(in: 1000, 9999))-\(c)",
            ])
        }
        func ipv4() -> String { "\(rng.int(in: 1, 223)).\(rng.below(256)).\(rng.below(256)).\(rng.int(in: 1, 254))" }
        func ipv6() -> String {
            let groups = (0..<8).map { _ in String(rng.below(0x10000), radix: 16) }
            return rng.chance(0.5) ? groups.joined(separator: ":") : "2001:db8::" + groups[5...].joined(separator: ":")
        }
        func dob() -> String {
            let y = rng.int(in: 1930, 2010)
            let m = rng.int(in: 1, 12)
            let d = rng.int(in: 1, 28)
            let names = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
            ]
            return pick([
                "\(y)-\(pad(m, 2))-\(pad(d, 2))", "\(pad(m, 2))/\(pad(d, 2))/\(y)", "\(names[m - 1]) \(d), \(y)",
                "\(d) \(names[m - 1]) \(y)",
                "\(d).\(m).\(y)", "\(String(names[m - 1].prefix(3))) \(d), \(y)",
            ])
        }
        func address() -> String {
            let names = [
                "Maple", "Oak", "Cedar", "Lincoln", "Washington", "Sunset", "Church", "Mill", "Park", "Highland", "Martin Luther King",
            ]
            let suffixes = ["Street", "St", "St.", "Avenue", "Ave", "Road", "Rd.", "Boulevard", "Lane", "Drive", "Court", "Way", "Place"]
            let unit = pick(["", "", ", Apt \(rng.int(in: 1, 40))\(pick(["", "B"]))", " Suite \(rng.int(in: 100, 900))"])
            return "\(rng.int(in: 1, 9999)) \(pick(names)) \(pick(suffixes))\(unit)"
        }
        func code(_ letters: Int, _ n: Int) -> String {
            String((0..<letters).map { _ in Character(Unicode.Scalar(65 + UInt8(rng.below(26)))) }) + join(digits(n))
        }
        let distractors = [
            "Version 2.14.3.1 is installed.", "The meeting is on 2024-03-15 at 09:45.", "Order 84512937 ships Friday.",
            "Invoice total: 1,249.99.", "Room 12.4 is free.", "The ratio was 3-2-1.", "Call back after 5 pm.",
            "Appointment on 11/02/2023.", "Ticket CS-448812 is open.", "Batch 2023-11-07-01 passed QA.",
        ]
        var out: [String] = []
        for _ in 0..<count {
            var parts = [
                pick([
                    "Email «EMAIL|\(pick(["ana", "j.smith", "support+7", "k_lee42"]))@\(pick(["example.com", "mail.co.uk", "corp.io"]))».",
                    "Call «PHONE|\(phone())» today.", "SSN: «SSN|\(ssn())».", "Card «CREDIT_CARD|\(card())» was charged.",
                    "Pay to IBAN «IBAN|\(iban())».", "Login from «IPV4|\(ipv4())».", "Peer «IPV6|\(ipv6())» dropped.",
                    "\(pick(["DOB:", "Born", "Date of birth", "born on", "D.O.B."])) «DATE_OF_BIRTH|\(dob())».",
                    "Mail it to «STREET_ADDRESS|\(address())».", "MRN «MRN|\(join(digits(rng.int(in: 6, 10))))» was updated.",
                    "Medical record number: «MRN|\(code(1, 7))».",
                    "Passport number «PASSPORT|\(pick([join(digits(9)), code(1, 8), code(2, 7)]))».",
                    "Driver's license «DRIVER_LICENSE|\(pick([code(1, 7), code(1, 12), "\(code(1, 3))-\(join(digits(4)))-\(join(digits(4)))"]))».",
                ])
            ]
            parts.append(pick(distractors))
            if rng.chance(0.5) { parts.reverse() }
            out.append(parts.joined(separator: " "))
        }
        return out
    }

    static func engine(domain: String, task: String, types: [String: String]) throws -> [LabelledText] {
        let result = try Processes.synthforge(
            "generate", "--domain", domain, "--task", task, "--count", "500", "--seed", "42", "--out", "-", "--quiet")
        guard result.status == 0 else { throw TestFailure("synthforge failed: \(result.stderr)") }
        return try result.stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = object["text"] as! String
            let gold: [(type: String, start: Int, end: Int)] = (object["entities"] as! [[String: Any]]).compactMap { e in
                guard var type = types[e["type"] as! String] else { return nil }
                if type == "IP" { type = (e["text"] as! String).contains(":") ? "IPV6" : "IPV4" }
                return (type, e["start"] as! Int, e["end"] as! Int)
            }
            let counted = Set(types.values.flatMap { $0 == "IP" ? ["IPV4", "IPV6"] : [$0] })
            return LabelledText(text: text, gold: gold, counted: counted)
        }
    }

    static func corpus() throws -> [LabelledText] {
        var items = (handWritten + generated(count: 1500, seed: 7)).map(LabelledText.init(marked:))
        items += try engine(domain: "support", task: "ticket-entities", types: ["EMAIL": "EMAIL", "PERSON": "PERSON"])
        items += try engine(domain: "cybersecurity", task: "security-entities", types: ["IP_ADDRESS": "IP"])
        items += try engine(domain: "hr", task: "resume-entities", types: ["PERSON": "PERSON"])
        items += try engine(domain: "medical", task: "clinical-entities", types: ["PERSON": "PERSON"])
        return items
    }

    @Test func meetsPrecisionAndRecallTargets() throws {
        var scores = PIIScores()
        for item in try Self.corpus() { scores.add(item) }
        print(scores.table)
        for line in scores.misses.prefix(15) { print("missed:", line) }
        for line in scores.falseAlarms.prefix(15) { print("false alarm:", line) }
        for type in PIIType.allCases.map(\.rawValue) where scores.support(type) > 0 {
            let target = type == "PERSON" ? 0.85 : 0.95
            #expect(scores.recall(type) >= target, "\(type) recall \(scores.recall(type))")
            #expect(scores.precision(type) >= 0.9, "\(type) precision \(scores.precision(type))")
        }
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

private func format3(_ n: Int) -> String { pad(n, 3) }

/// The Luhn check digit, computed independently of the code under test.
private func luhnDigit(_ payload: [Int]) -> Int {
    var sum = 0
    for (k, d) in payload.reversed().enumerated() { sum += k % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d }
    return (10 - sum % 10) % 10
}

/// IBAN check digits (ISO 13616), computed independently of the code under test.
private func ibanCheck(_ country: String, _ bban: String) -> String {
    let moved = bban + country + "00"
    var remainder = 0
    for c in moved {
        let chunk = c.isNumber ? String(c) : String(Int(c.asciiValue!) - 55)
        for d in chunk { remainder = (remainder * 10 + d.wholeNumberValue!) % 97 }
    }
    return pad(98 - remainder, 2)
}
