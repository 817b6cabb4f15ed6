import Foundation
import SynthTesting
import Testing

@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["--domain", "medicine", "--task", "x"], status: 2, message: "unknown domain 'medicine'; domains are: "),
        Case(
            arguments: ["--domain", "medical", "--task", "notes"], status: 2,
            message: "domain 'medical' has no task 'notes'; its tasks are: clinical-notes, diagnostic-reports"),
        Case(
            arguments: ["--domain", "medical", "--task", "chart-qa", "--count", "0"], status: 2,
            message: "--count must be a positive whole number, got '0'"),
        Case(
            arguments: ["--domain", "medical", "--task", "chart-qa", "--count", "-5"], status: 2,
            message: "--count must be a positive whole number, got '-5'"),
        Case(
            arguments: ["--domain", "medical", "--task", "chart-qa", "--count", "lots"], status: 2,
            message: "--count must be a positive whole number, got 'lots'"),
        Case(arguments: ["--domain", "medical", "--task", "chart-qa", "--seed", "x"], status: 2, message: "--seed must be a whole number"),
        Case(
            arguments: ["--domain", "medical", "--task", "chart-qa", "--format", "xml"], status: 2,
            message: "--format must be jsonl or csv, got 'xml'"),
        Case(arguments: ["--task", "chart-qa"], status: 2, message: "no domain given: pass --domain NAME"),
        Case(
            arguments: ["--domain", "medical", "--task", "chart-qa", "--out", "/no/such/dir/x.jsonl"], status: 1,
            message: "cannot write to '/no/such/dir/x.jsonl': folder '/no/such/dir' does not exist"),
        Case(arguments: ["--spec", "/no/such/spec.yaml"], status: 1, message: "cannot read spec '/no/such/spec.yaml'"),
    ]

    @Test(arguments: cases)
    func oneLineErrorAndNonZeroExit(_ c: Case) throws {
        let result = try Processes.run(Processes.synthforge, ["generate"] + c.arguments)
        #expect(result.status == c.status)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(lines.first?.hasPrefix("synthforge: error: " + c.message) == true, "stderr: \(result.stderr)")
    }

    @Test func aMalformedSpecNamesTheFileLineAndKey() throws {
        let folder = try Processes.temporaryFolder()
        let spec = folder + "/bad.yaml"
        try "domain: medical\ntask: chart-qa\ncount: many\nout: \(folder)/x.jsonl\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("generate", "--spec", spec)
        #expect(result.status == 2)
        #expect(result.stderr == "synthforge: error: \(spec):3: 'count' must be a positive whole number, got 'many'\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.jsonl"))
    }

    @Test func aBrokenPackNamesItsFileAndLine() throws {
        let folder = try Processes.temporaryFolder()
        try "domain: mine\ntasks:\n  t:\n    shape: document\n    text: \"{missing}\"\n".write(
            toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("domains", "--packs", folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("synthforge: error: \(folder)/mine.yaml:5: task 't': unknown name '{missing}'"))
    }

    @Test func anInterruptedRunLeavesNoFileBehind() throws {
        let folder = try Processes.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Processes.synthforge)
        process.arguments = [
            "generate", "--domain", "medical", "--task", "clinical-notes", "--count", "5000000", "--out", folder + "/big.jsonl", "--quiet",
        ]
        process.standardError = Pipe()
        try process.run()
        // Wait until the partial file exists and has grown, then interrupt as Ctrl-C would.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if let partial = names.first,
                let size = try? FileManager.default.attributesOfItem(atPath: folder + "/" + partial)[.size] as? Int,
                size > 1_000_000
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
