import Foundation
import SynthTesting
import Testing

/// Template versions, forks and diffs in the store, as a user runs them.
@Suite struct TemplateCommandTests {
    @Test func saveVersionsForkAndDiff() throws {
        let folder = try Processes.temporaryFolder()
        let db = folder + "/store.db"
        let file = folder + "/support.yaml"
        func run(_ arguments: String...) throws -> ProcessResult { try Processes.synthforge(arguments: arguments + ["--db", db]) }

        try Data("id: tech_support\nversion: 1\nsystem: You are a support agent.\nuser: Help with {{issue}}.\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        #expect(try run("template", "save", file, "--message", "first").stdout == "Saved \(file) as tech_support@1.\n")
        #expect(try run("template", "save", file).stdout == "tech_support@1 already holds this text; nothing saved.\n")
        try Data("id: tech_support\nversion: 2\nsystem: You are a patient support agent.\nuser: Help with {{issue}}.\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        #expect(try run("template", "save", file, "--message", "kinder").stdout == "Saved \(file) as tech_support@2.\n")

        let versions = try run("template", "versions", "tech_support").stdout.split(separator: "\n")
        #expect(versions.count == 2 && versions[0].hasPrefix("tech_support@2") && versions[0].hasSuffix("kinder"))

        let diff = try run("template", "diff", "tech_support@1", "tech_support")
        #expect(
            diff.stdout
                == "--- tech_support@1\n+++ tech_support\n@@ -1,4 +1,4 @@\n id: tech_support\n-version: 1\n-system: You are a support agent.\n+version: 2\n+system: You are a patient support agent.\n user: Help with {{issue}}.\n"
        )
        #expect(try run("template", "diff", "tech_support", file).stdout == "tech_support and \(file) are the same.\n")

        #expect(try run("template", "fork", "tech_support@1", "formal").stdout == "Forked tech_support@1 as formal@1.\n")
        #expect(try run("template", "show", "formal").stdout.contains("You are a support agent."))
        #expect(try run("template", "versions").stdout.contains("formal        v1  fork of tech_support@1"))
        let missing = try run("template", "show", "tech_support@7")
        #expect(missing.status == 1 && missing.stderr.contains("template tech_support has versions 1 to 2, not '7'"))
        #expect(try run("dataset", "audit").stdout.contains("template.fork"))
    }
}
