/// The ISO 8601 layouts datetime columns are read and written in, in UTC.
public enum DateLayout: String, Sendable, Codable {
    /// `2024-03-01`
    case date
    /// `2024-03-01 14:05:09`
    case dateTimeSpace = "datetime"
    /// `2024-03-01T14:05:09`
    case dateTimeT = "datetime-t"

    /// Seconds since 1970-01-01T00:00:00Z and the layout of `text`, or nil if it is not an ISO date or date-time.
    ///
    /// Accepts `YYYY-MM-DD`, then optionally `T` or a space, `HH:MM`, `:SS`, fractional seconds and a trailing `Z`.
    public static func parse(_ text: Substring) -> (seconds: Double, layout: DateLayout)? {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year)
        else { return nil }
        var seconds = Double(CivilCalendar.dayNumber(year: year, month: month, day: day)) * 86_400
        if b.count == 10 { return (seconds, .date) }
        guard b.count >= 16, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A,
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        var i = 16
        if i < b.count, b[i] == 0x3A {
            guard let second = digits(b, i + 1, 2), second < 61 else { return nil }
            seconds += Double(second)
            i += 3
            if i < b.count, b[i] == 0x2E {
                var scale = 0.1
                i += 1
                while i < b.count, (0x30...0x39).contains(b[i]) {
                    seconds += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        if i < b.count, b[i] == 0x5A { i += 1 }
        guard i == b.count else { return nil }
        return (seconds, b[10] == 0x54 ? .dateTimeT : .dateTimeSpace)
    }

    /// `seconds` since the epoch written in this layout (whole seconds).
    public func text(seconds: Double) -> String {
        let total = Int((seconds).rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (y, m, d) = CivilCalendar.date(dayNumber: days)
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        if self == .date { return out }
        out += self == .dateTimeT ? "T" : " "
        out += pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2)
        return out
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var n = 0
        for i in start..<(start + count) {
            guard (0x30...0x39).contains(b[i]) else { return nil }
            n = n * 10 + Int(b[i] - 0x30)
        }
        return n
    }
}
