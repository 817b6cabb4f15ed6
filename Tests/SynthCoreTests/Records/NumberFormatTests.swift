import SynthCore
import Testing

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (1234.5, 2, true, "1,234.50"), (0.005, 2, false, "0.01"), (-3.14159, 3, false, "-3.142"),
        (999_999.999, 2, true, "1,000,000.00"), (7, 0, false, "7"), (-0.0001, 2, false, "0.00"),
    ])
    func fixed(x: Double, decimals: Int, grouping: Bool, expected: String) {
        #expect(NumberFormat.fixed(x, decimals: decimals, grouping: grouping) == expected)
    }

    @Test func shortest() {
        #expect(NumberFormat.shortest(12) == "12")
        #expect(NumberFormat.shortest(3.5) == "3.5")
        #expect(NumberFormat.grouped(-1_234_567) == "-1,234,567")
    }
}
