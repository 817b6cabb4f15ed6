import SynthCore

/// A calendar date with day arithmetic, free of time zones and locales.
struct CivilDate: Sendable, Equatable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "YYYY-MM-DD".
    init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    var dayNumber: Int { CivilCalendar.dayNumber(year: year, month: month, day: day) }

    init(dayNumber: Int) {
        let (y, m, d) = CivilCalendar.date(dayNumber: dayNumber)
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int { CivilCalendar.daysIn(month: month, year: year) }

    /// The same day `years` years later (Feb 29 becomes Feb 28 in common years).
    func adding(years: Int) -> CivilDate {
        let y = year + years
        return CivilDate(year: y, month: month, day: min(day, CivilDate.daysIn(month: month, year: y)))
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    var iso: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    func formatted(_ style: DateStyle) -> String {
        switch style {
        case .iso: return iso
        case .long: return "\(CivilDate.monthNames[month - 1]) \(day), \(year)"
        case .short: return "\(pad(month, 2))/\(pad(day, 2))/\(year)"
        case .month: return "\(CivilDate.monthNames[month - 1]) \(year)"
        case .dmy: return "\(day) \(CivilDate.monthNames[month - 1]) \(year)"
        case .year: return String(year)
        }
    }

    static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

/// How a date reads in text.
enum DateStyle: String, Sendable {
    case iso, long, short, month, dmy, year
}
