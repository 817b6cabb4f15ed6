import Foundation
import SynthCore
import Testing

@testable import SynthGenerators

/// Records agree with the entity they were rendered from.
@Suite struct CoherenceTests {
    static let catalog = try! DomainCatalog.builtin()

    private func records(_ domain: String, _ task: String, count: Int, seed: UInt64 = 17) throws -> [Record] {
        let pack = try Self.catalog.pack(domain)
        let shard = Plan(spec: GenerationSpec(domain: domain, task: task, count: count, seed: seed, shardSize: count)).shard(0)
        return try (0..<count).map { try pack.record(task: task, shard: shard, index: $0, specSeed: seed) }
    }

    private func table(_ domain: String, _ name: String) throws -> [Fields] {
        let pack = try Self.catalog.pack(domain)
        return try #require(pack.compiled.first?.tables.first { $0.name == name }).rows
    }

    @Test func medicalNotesFitThePatientsSexAgeAndCondition() throws {
        let conditions = try table("medical", "conditions")
        var seenSexes: [String: Set<String>] = [:]
        for record in try records("medical", "clinical-notes", count: 3000) {
            let metadata = record.fields["metadata"]!.objectValue!
            let diagnosis = metadata["diagnosis"]!.stringValue!
            let sex = metadata["sex"]!.stringValue!
            guard case .int(let age) = metadata["age"]! else {
                Issue.record("age is not an int")
                continue
            }
            let row = try #require(conditions.first { $0["name"]?.stringValue == diagnosis })
            if let only = row["sex"]?.stringValue { #expect(sex == only, "\(diagnosis) in a \(sex) patient") }
            if let range = row["age"]?.arrayValue, let lo = range[0].doubleValue, let hi = range[1].doubleValue {
                #expect(Double(age) >= lo && Double(age) <= hi, "\(diagnosis) at age \(age)")
            }
            // The blood pressure written in the note lies in the condition's ranges.
            let text = record.fields["text"]!.stringValue!
            if let match = text.firstMatch(of: /(\d{2,3})\/(\d{2,3})/), let systolic = row["systolic"]?.arrayValue {
                let value = Double(match.1)!
                #expect(value >= systolic[0].doubleValue! && value <= systolic[1].doubleValue!, "\(diagnosis): BP \(match.0)")
            }
            // The pronoun agrees with the patient's sex.
            #expect(!text.contains(sex == "female" ? " He " : " She "), "pronoun mismatch: \(text)")
            seenSexes[diagnosis, default: []].insert(sex)
        }
        #expect(seenSexes["normal pregnancy, second trimester"] == ["female"])
        #expect(seenSexes["benign prostatic hyperplasia"] == ["male"])
        #expect(seenSexes["essential hypertension"] == ["female", "male"])
    }

    @Test func triageLabelsNameTheSpecialtyOfTheConditionDescribed() throws {
        let conditions = try table("medical", "conditions")
        for record in try records("medical", "specialty-triage", count: 2000) {
            let text = record.fields["text"]!.stringValue!.lowercased()
            let label = record.fields["label"]!.stringValue!
            // Some symptom of a condition of the labelled specialty appears in the message.
            let candidates = conditions.filter { $0["specialty"]?.stringValue == label }
            let mentioned = candidates.contains { row in
                (row["symptoms"]?.arrayValue ?? []).contains { text.contains($0.text.lowercased()) }
            }
            #expect(mentioned, "\(label): \(text)")
        }
    }
}

extension CoherenceTests {
    @Test func transactionsFitTheirMerchantsAmountAndHours() throws {
        let merchants = try table("financial", "merchants")
        for record in try records("financial", "transactions", count: 3000) {
            let metadata = record.fields["metadata"]!.objectValue!
            let category = metadata["category"]!.stringValue!
            let kind = metadata["merchant_kind"]!.stringValue!
            let amount = try #require(metadata["amount"]?.doubleValue)
            let hour = try #require(metadata["hour"]?.doubleValue)
            let rows = merchants.filter { $0["category"]?.stringValue == category && $0["kind"]?.stringValue == kind }
            #expect(!rows.isEmpty, "no merchant row for \(category)/\(kind)")
            let fits = rows.contains { row in
                let a = row["amount"]!.arrayValue!.map { $0.doubleValue! }
                let h = row["hours"]!.arrayValue!.map { $0.doubleValue! }
                return amount >= a[0] && amount <= a[1] && hour >= h[0] && hour <= h[1]
            }
            #expect(fits, "\(category)/\(kind): \(amount) at hour \(hour)")
        }
    }
}

extension CoherenceTests {
    @Test func contractsAreGovernedByTheirOwnJurisdictionsLaw() throws {
        let venues = try table("legal", "venues")
        var mentioned = 0
        for record in try records("legal", "contracts", count: 1000) {
            let region = record.fields["metadata"]!.objectValue!["jurisdiction"]!.stringValue!
            let text = record.fields["text"]!.stringValue!
            for venue in venues {
                guard let law = venue["law"]?.stringValue, text.contains(law) else { continue }
                mentioned += 1
                #expect(venue["region"]?.stringValue == region, "a \(region) contract cites \(law)")
            }
        }
        #expect(mentioned > 500)  // most contracts name their governing law in full
    }
}
