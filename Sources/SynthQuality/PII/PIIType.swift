/// A kind of personal data the scanner finds.
public enum PIIType: String, Sendable, CaseIterable, Codable {
    case email = "EMAIL"
    case phone = "PHONE"
    case ssn = "SSN"
    case creditCard = "CREDIT_CARD"
    case iban = "IBAN"
    case ipv4 = "IPV4"
    case ipv6 = "IPV6"
    case dateOfBirth = "DATE_OF_BIRTH"
    case person = "PERSON"
    case streetAddress = "STREET_ADDRESS"
    case mrn = "MRN"
    case passport = "PASSPORT"
    case driverLicense = "DRIVER_LICENSE"

    /// Which type wins when two matches overlap: checksummed and structured types before
    /// context-guessed ones, since a checksum is stronger evidence than a name list.
    var priority: Int {
        switch self {
        case .iban: return 0
        case .creditCard: return 1
        case .email: return 2
        case .ssn: return 3
        case .ipv6: return 4
        case .ipv4: return 5
        case .mrn: return 6
        case .passport: return 7
        case .driverLicense: return 8
        case .dateOfBirth: return 9
        case .phone: return 10
        case .streetAddress: return 11
        case .person: return 12
        }
    }

    /// True for identifiers made mostly of digits, whose last four characters masking keeps.
    var isDigitLike: Bool {
        switch self {
        case .phone, .ssn, .creditCard, .iban, .mrn, .passport, .driverLicense: return true
        default: return false
        }
    }
}

/// One piece of personal data found in a text.
public struct PIIMatch: Sendable, Hashable {
    /// What kind of data it is.
    public var type: PIIType
    /// Where it starts, in Unicode scalars (as NER spans count).
    public var start: Int
    /// Where it ends (exclusive), in Unicode scalars.
    public var end: Int
    /// The matched text.
    public var text: String

    /// Makes a match.
    public init(type: PIIType, start: Int, end: Int, text: String) {
        self.type = type
        self.start = start
        self.end = end
        self.text = text
    }
}
