import SynthCore

/// A cron expression of five fields — minute, hour, day of month, month, day of week — read in
/// UTC: each field is `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a list of these
/// joined by commas; months and days of the week also take their English names (`jan`, `mon`),
/// and Sunday is 0 or 7. As in classic cron, when both day fields are restricted a day matching
/// either one fires.
public struct CronExpression: Sendable, Equatable {
    /// The expression as written.
    public let text: String
    let minutes: [Bool]
    let hours: [Bool]
    let days: [Bool]
    let months: [Bool]
    let weekdays: [Bool]
    let anyDay: Bool
    let anyWeekday: Bool

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
    }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day-of-month", range: 1...31, names: []),
        Field(
            name: "month", range: 1...12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        Field(name: "day-of-week", range: 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    /// Reads `text`; the error names the field at fault and what it may hold.
    public init(_ text: String) throws(SynthError) {
        self.text = text
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw SynthError(
                .invalidArgument,
                "a cron expression has 5 fields (minute hour day-of-month month day-of-week), such as '0 3 * * 1-5'; '\(text)' has \(parts.count)"
            )
        }
        var sets: [[Bool]] = []
        for (field, part) in zip(Self.fields, parts) { sets.append(try Self.parse(part, field)) }
        minutes = sets[0]
        hours = sets[1]
        days = sets[2]
        months = sets[3]
        var weekdays = sets[4]
        if weekdays[7] { weekdays[0] = true }
        self.weekdays = Array(weekdays[0...6])
        anyDay = parts[2].hasPrefix("*")
        anyWeekday = parts[4].hasPrefix("*")
        guard next(after: 0) != nil else {
            throw SynthError(.invalidArgument, "cron expression '\(text)' never fires: no month has that day-of-month")
        }
    }

    private static func parse(_ text: String, _ field: Field) throws(SynthError) -> [Bool] {
        var set = [Bool](repeating: false, count: field.range.upperBound + 1)
        func fail(_ why: String) -> SynthError {
            SynthError(.invalidArgument, "cron field \(field.name) '\(text)': \(why)")
        }
        func value(_ s: Substring) throws(SynthError) -> Int {
            if let n = Int(s) {
                guard field.range.contains(n) else {
                    throw fail("\(n) is out of range; \(field.name) takes \(field.range.lowerBound)-\(field.range.upperBound)")
                }
                return n
            }
            if let i = field.names.firstIndex(of: s.lowercased()) { return i + (field.name == "month" ? 1 : 0) }
            throw fail("'\(s)' is not a number\(field.names.isEmpty ? "" : " or a name such as '\(field.names[0])'")")
        }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("an empty item in the list") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw fail("more than one '/' in '\(item)'") }
            var step = 1
            if stepParts.count == 2 {
                guard let n = Int(stepParts[1]), n > 0 else { throw fail("the step '\(stepParts[1])' must be a positive whole number") }
                step = n
            }
            let base = stepParts[0]
            var low: Int
            var high: Int
            if base == "*" {
                low = field.range.lowerBound
                high = field.name == "day-of-week" ? 6 : field.range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[..<dash])
                high = try value(base[base.index(after: dash)...])
                guard low <= high else { throw fail("the range \(low)-\(high) runs backwards") }
            } else {
                low = try value(base)
                high = stepParts.count == 2 ? field.range.upperBound : low
            }
            for n in stride(from: low, through: high, by: step) { set[n] = true }
        }
        return set
    }

    /// True when the expression fires on `day` (days since 1970-01-01).
    private func firesOn(day: Int) -> Bool {
        let date = CivilCalendar.date(dayNumber: day)
        guard months[date.month] else { return false }
        let weekday = ((day % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        let dayMatch = days[date.day]
        let weekdayMatch = weekdays[weekday]
        if anyDay || anyWeekday { return dayMatch && weekdayMatch }
        return dayMatch || weekdayMatch
    }

    /// True when the expression fires at the minute holding `millis` (since 1970, UTC).
    public func fires(at millis: Int64) -> Bool {
        let minute = Int(floorDivide(millis, 60_000))
        let day: Int = floorDivide(minute, 1440)
        let inDay = minute - day * 1440
        return firesOn(day: day) && hours[inDay / 60] && minutes[inDay % 60]
    }

    /// The first minute after `millis` at which the expression fires, in milliseconds since 1970
    /// (UTC); nil when it fires in none of the next 28 years.
    public func next(after millis: Int64) -> Int64? {
        let start = Int(floorDivide(millis, 60_000)) + 1
        let firstDay: Int = floorDivide(start, 1440)
        for day in firstDay..<(firstDay + 366 * 28) where firesOn(day: day) {
            for hour in 0..<24 where hours[hour] {
                for minute in 0..<60 where minutes[minute] {
                    let at = day * 1440 + hour * 60 + minute
                    if at >= start { return Int64(at) * 60_000 }
                }
            }
        }
        return nil
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    private func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
