import Testing

@testable import SynthGenerators

@Suite struct InflectionTests {
    @Test(arguments: [
        ("apple", "an"), ("banana", "a"), ("hour", "an"), ("unit", "a"), ("umbrella", "an"), ("MRI", "an"),
        ("CT scan", "a"), ("European", "a"), ("one-time", "a"), ("8-year-old", "an"), ("18-year-old", "an"),
        ("11th", "an"), ("X-ray", "an"), ("honest", "an"), ("user", "a"),
    ])
    func article(word: String, expected: String) {
        #expect(Inflection.article(for: word) == expected)
    }

    @Test(arguments: [
        ("box", "boxes"), ("city", "cities"), ("day", "days"), ("child", "children"), ("knife", "knives"),
        ("blood test", "blood tests"), ("diagnosis", "diagnoses"), ("church", "churches"),
    ])
    func plural(word: String, expected: String) {
        #expect(Inflection.plural(word) == expected)
    }

    @Test func ordinalsAndWords() {
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 21, 102, 111].map(Inflection.ordinal) == [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd", "111th",
            ])
        #expect(Inflection.spelled(42) == "forty-two" && Inflection.spelled(13) == "thirteen" && Inflection.spelled(140) == "140")
    }

    @Test func civilDatesRoundTripThroughDayNumbers() {
        var day = CivilDate(iso: "1899-12-25")!.dayNumber
        let end = CivilDate(iso: "2101-01-05")!.dayNumber
        while day < end {
            let date = CivilDate(dayNumber: day)
            #expect(CivilDate(iso: date.iso)?.dayNumber == day)
            day += 17
        }
        #expect(CivilDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CivilDate(iso: "2024-02-29")!.adding(years: 1).iso == "2025-02-28")
        #expect(CivilDate(iso: "2023-02-29") == nil)
    }
}
