import SynthCore
import SynthQuality
import Testing

@Suite struct PIIScannerTests {
    private func found(_ text: String) -> [String] { PIIScanner.scan(text).map { "\($0.type.rawValue):\($0.text)" } }

    @Test(arguments: [
        ("Write to jane.doe+work@mail.example.co.uk today.", "EMAIL:jane.doe+work@mail.example.co.uk"),
        ("Call +1 (555) 123-4567 now", "PHONE:+1 (555) 123-4567"),
        ("Call 555-123-4567 now", "PHONE:555-123-4567"),
        ("London office: +44 20 7946 0958.", "PHONE:+44 20 7946 0958"),
        ("Berlin: +49 30 123456", "PHONE:+49 30 123456"),
        ("SSN 123-45-6789 on file", "SSN:123-45-6789"),
        ("Card 4111 1111 1111 1111 expires", "CREDIT_CARD:4111 1111 1111 1111"),
        ("Amex 3782-822463-10005", "CREDIT_CARD:3782-822463-10005"),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", "IBAN:GB82 WEST 1234 5698 7654 32"),
        ("pay DE89370400440532013000", "IBAN:DE89370400440532013000"),
        ("from 192.168.1.20:443", "IPV4:192.168.1.20"),
        ("host 2001:db8:85a3::8a2e:370:7334 down", "IPV6:2001:db8:85a3::8a2e:370:7334"),
        ("DOB: 03/14/1985", "DATE_OF_BIRTH:03/14/1985"),
        ("She was born on 4 March 1990 in Leeds", "DATE_OF_BIRTH:4 March 1990"),
        ("Dr. Okonkwo will see you", "PERSON:Okonkwo"),
        ("Hi, my name is Zanele Dube", "PERSON:Zanele Dube"),
        ("Lives at 221B Baker Street, Apt 4", "STREET_ADDRESS:221B Baker Street, Apt 4"),
        ("MRN: 00482913", "MRN:00482913"),
        ("passport number X1234567", "PASSPORT:X1234567"),
        ("driver's license D1234-5678-901", "DRIVER_LICENSE:D1234-5678-901"),
    ])
    func findsEachType(text: String, expected: String) {
        #expect(found(text).contains(expected), "\(found(text))")
    }

    @Test(arguments: [
        "Upgrade to version 1.2.3.4 before Friday.",
        "SSN 666-12-3456 and 900-12-3456 and 123-00-4567 are invalid.",
        "Order 4532015112830366 shipped.",
        "Meeting on 2024-05-12 at 10:30:45.",
        "Card 4111 1111 1111 1112 fails Luhn.",
        "IBAN GB82 WEST 1234 5698 7654 33 fails mod 97.",
        "Will you grace us with a reply? The grace period ends in May.",
        "octet 256.1.1.1 is out of range, MAC 00:1A:2B:3C:4D:5E is not IPv6",
        "The appointment is on 03/14/2025.",
    ])
    func ignoresLookAlikes(text: String) {
        #expect(found(text).isEmpty, "\(found(text))")
    }

    /// A value at the very start of a text has no word before it to look back at (this used to crash).
    @Test(arguments: [
        ("10.0.0.1 is the gateway", "IPV4:10.0.0.1"), (" 10.0.0.1 is the gateway", "IPV4:10.0.0.1"),
        (" Olivia called back", "PERSON:Olivia"),
    ])
    func findsValuesAtTheStart(text: String, expected: String) {
        #expect(found(text) == [expected])
    }

    @Test func offsetsAreUnicodeScalars() {
        let text = "Ünïcødé 👋 mail bob@example.com"
        let m = PIIScanner.scan(text).first!
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[m.start..<m.end])) == "bob@example.com")
    }

    @Test func greetingsFollowedByOrdinaryWordsAreNotNames() {
        for text in [
            "Hello! I'm interested in the flat on your website.", "Hi, We'll be there at noon.", "Hello! Can you help me?",
            "Hi there, Sorry to bother you again.",
        ] {
            #expect(!found(text).contains { $0.hasPrefix("PERSON:") }, "\(text): \(found(text))")
        }
        #expect(found("Hello! I'm Siobhan O'Brien from the lettings team.").contains("PERSON:Siobhan O'Brien"))
    }
}
