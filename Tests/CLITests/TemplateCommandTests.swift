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

/// Shipped templates, validation and rendering, as a user runs them from any folder.
@Suite struct TemplateAuthoringCommandTests {
    static let good = """
        id: greeting
        version: 2
        description: A greeting.
        domain: demo
        task: document
        user: |
          Greet {{name}} & say "hi" <warmly>.
        output: {type: object, properties: {text: {type: string}}, required: [text]}
        variables:
          name: {list: ["Ana & Bo", "<Cy>"]}
        """

    @Test func listShowsTheShippedTemplatesFromAnyFolder() throws {
        let result = try Processes.synthforge(arguments: ["template", "list"], directory: try Processes.temporaryFolder())
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.hasSuffix("DESCRIPTION") == true)
        let support = lines.first { $0.hasPrefix("tech_support_v1 ") }?.split(separator: " ", omittingEmptySubsequences: true).prefix(4)
        #expect(support.map(Array.init) == ["tech_support_v1", "1", "support", "conversation"])
        #expect(lines.contains { $0.hasPrefix("consultation_v1 ") && $0.contains(" medical ") })
        #expect(result.stdout.hasSuffix("\n21 templates. `synthforge template render ID` shows the prompts one makes.\n"))
    }

    @Test func validatePrintsEveryProblemWithItsLineAndExits2() throws {
        let folder = try Processes.temporaryFolder()
        try Data(Self.good.utf8).write(to: URL(fileURLWithPath: folder + "/good.yaml"))
        let bad = Self.good.replacingOccurrences(of: "task: document", with: "task: essay")
            .replacingOccurrences(of: "Greet {{name}}", with: "Greet {{person}}")
        try Data(bad.utf8).write(to: URL(fileURLWithPath: folder + "/bad.yaml"))

        let fine = try Processes.synthforge(arguments: ["template", "validate", "good.yaml"], directory: folder)
        #expect(fine.status == 0 && fine.stdout == "good.yaml: valid\n")

        let result = try Processes.synthforge(arguments: ["template", "validate", "good.yaml", "bad.yaml"], directory: folder)
        #expect(result.status == 2)
        #expect(
            result.stdout == """
                good.yaml: valid
                bad.yaml:5: task: 'essay' is not a task shape; use one of document, instruction, conversation, classification, ner, qa, preference
                bad.yaml:7: user: uses 'person', which is not declared under variables
                bad.yaml:10: variables.name: is declared but neither system nor user uses it

                """)
        #expect(result.stderr == "3 problems found.\n")
        #expect(try Processes.synthforge(arguments: ["template", "validate", "missing.yaml"], directory: folder).status == 2)
    }

    @Test func renderShowsSampledVariablesAndPlainTextPrompts() throws {
        let folder = try Processes.temporaryFolder()
        try Data(Self.good.utf8).write(to: URL(fileURLWithPath: folder + "/good.yaml"))
        let result = try Processes.synthforge(
            arguments: ["template", "render", "good.yaml", "--count", "2", "--seed", "3"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let samples = result.stdout.components(separatedBy: "# sample ").dropFirst()
        #expect(samples.count == 2)
        for sample in samples {
            #expect(
                sample.contains(#"--- user"# + "\nGreet Ana & Bo & say \"hi\" <warmly>.\n")
                    || sample.contains(#"--- user"# + "\nGreet <Cy> & say \"hi\" <warmly>.\n"), "\(sample)")
        }

        func render(_ arguments: String...) throws -> ProcessResult {
            try Processes.synthforge(arguments: ["template", "render"] + arguments, directory: folder)
        }
        let chat = try render("tech_support_v1", "--count", "3", "--seed", "7")
        #expect(chat.status == 0)
        #expect(chat.stdout == (try render("tech_support_v1", "--count", "3", "--seed", "7")).stdout)
        #expect(chat.stdout != (try render("tech_support_v1", "--count", "3", "--seed", "8")).stdout)
        #expect(chat.stdout.hasPrefix("# sample 0\nvariables: {\"ticket\":"))
        #expect(chat.stdout.contains("\n--- system\nYou write realistic customer-support chats"))
        #expect(chat.stdout.contains("\n--- assistant\n{\"messages\":[{\"role\":\"user\""))

        let completion = try render("review_sentiment_v1", "--json")
        let line = try #require(completion.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["index"] as? Int == 0)
        #expect((object["text"] as? String)?.hasSuffix("\nOutput:") == true)
        #expect((object["variables"] as? [String: Any])?.keys.sorted() == ["aspect", "product", "stars"])

        let topics = try render("code_instruction_v1")
        #expect(topics.stderr == "note: 'topic' shows its root topic 'everyday programming tasks'; a run has the model expand the tree.\n")
        #expect(topics.stdout.contains("about everyday programming tasks."))

        let unknown = try render("no_such_template")
        #expect(
            unknown.status == 1 && unknown.stderr.hasPrefix("synthforge: error: no template 'no_such_template'; shipped templates are "))
    }
}
