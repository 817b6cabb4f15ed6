/// The check-digit schemes that separate real card numbers and IBANs from look-alikes.
enum Checksums {
    /// True when `digits` pass the Luhn check (card numbers).
    static func luhn(_ digits: [Int]) -> Bool {
        guard !digits.isEmpty else { return false }
        return luhnSum(digits, doubleLast: false) % 10 == 0
    }

    /// The digit that makes `payload` followed by it pass the Luhn check.
    static func luhnCheckDigit(_ payload: [Int]) -> Int {
        (10 - luhnSum(payload, doubleLast: true) % 10) % 10
    }

    private static func luhnSum(_ digits: [Int], doubleLast: Bool) -> Int {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            let doubled = (k % 2 == 0) == doubleLast
            sum += doubled ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d
        }
        return sum
    }

    /// The ISO 13616 remainder of an IBAN (uppercase letters and digits, no spaces): 1 when valid.
    static func ibanRemainder(_ iban: [Unicode.Scalar]) -> Int? {
        guard iban.count >= 5 else { return nil }
        let rearranged = iban[4...] + iban[..<4]
        var remainder = 0
        for s in rearranged {
            if ScanText.isDigit(s) {
                remainder = (remainder * 10 + Int(s.value - 48)) % 97
            } else if s.value >= 65 && s.value <= 90 {
                remainder = (remainder * 100 + Int(s.value - 55)) % 97
            } else {
                return nil
            }
        }
        return remainder
    }

    /// The two check digits that make `country` + check + `bban` a valid IBAN.
    static func ibanCheckDigits(country: String, bban: [Unicode.Scalar]) -> String {
        let probe = Array(country.unicodeScalars) + ["0", "0"] + bban
        let check = 98 - (ibanRemainder(probe) ?? 0)
        return check < 10 ? "0\(check)" : "\(check)"
    }

    /// IBAN lengths by country (ISO 13616 registry, the common ones).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
        "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
        "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21,
        "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
        "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
        "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
    ]
}
