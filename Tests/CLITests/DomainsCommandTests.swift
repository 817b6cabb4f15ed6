import Foundation
import SynthTesting
import Testing

@Suite struct DomainsCommandTests {
    @Test func listsAtLeastTwelveDomainsWithTwoTasksEach() throws {
        let result = try Processes.synthforge("domains")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").prefix { !$0.isEmpty }
        #expect(rows.count >= 12, "\(result.stdout)")
        for row in rows {
            let tasks = row.split(separator: " ", maxSplits: 1)[1].split(separator: ",")
            #expect(tasks.count >= 2, "\(row)")
        }
        for domain in ["medical", "financial", "legal", "ecommerce", "education", "code", "support"] {
            #expect(rows.contains { $0.hasPrefix(domain + " ") }, "missing \(domain)")
        }
    }

    @Test func showsADomainsTasksWithSamples() throws {
        let result = try Processes.synthforge("domains", "medical")
        #expect(result.status == 0)
        #expect(result.stdout.contains("clinical-notes [document]: "))
        #expect(result.stdout.contains("clinical-entities [ner]: "))
        #expect(result.stdout.contains("  span types: PERSON, AGE, CONDITION, MEDICATION, DATE"))
        #expect(result.stdout.components(separatedBy: "  sample: {").count - 1 == 6)
    }

    @Test func anUnknownDomainListsTheKnownOnes() throws {
        let result = try Processes.synthforge("domains", "astrology")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("synthforge: error: unknown domain 'astrology'; domains are: "))
        #expect(result.stderr.contains("medical"))
    }
}
