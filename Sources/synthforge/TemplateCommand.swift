import ArgumentParser
import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import SynthStore

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Prompt templates: list the shipped ones, validate and render them, and keep versions in the store.",
        discussion: """
            A template is a YAML file: a system and a user prompt over {{variables}}, few-shot examples, an output schema whose properties become the record's fields, sampling parameters, and a sampler for each variable (docs/templates.md). Wherever a template is named, a shipped template's id or a file path works.

              synthforge template list
              synthforge template validate my_template.yaml
              synthforge template render tech_support_v1 --count 3 --seed 7
              synthforge template test tech_support_v1 --provider local --base-url http://127.0.0.1:8080/v1 --count 3

            Versions live in the store: saving changed text makes the next version (1, 2, …), saving the same text again makes none. A reference is NAME (the newest version) or NAME@N; `diff` also takes a file path.

              synthforge template save templates/support/tech_support_v1.yaml --message "first"
              synthforge template versions tech_support_v1
              synthforge template fork tech_support_v1@1 tech_support_formal
              synthforge template diff tech_support_v1@1 tech_support_v1
              synthforge template diff tech_support_v1 my-edit.yaml
            """,
        subcommands: [
            TemplateList.self, TemplateValidate.self, TemplateRender.self, TemplateTest.self, TemplateSave.self, TemplateVersions.self,
            TemplateShow.self,
            TemplateFork.self, TemplateDiff.self,
        ]
    )
}

struct TemplateList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the templates shipped with synthforge.")

    func run() {
        reportingErrors {
            let templates = try TemplateCatalog.shipped().sorted { ($0.domain, $0.id) < ($1.domain, $1.id) }
            let rows =
                [["ID", "VERSION", "DOMAIN", "TASK", "DESCRIPTION"]]
                + templates.map { [$0.id, $0.version, $0.domain, $0.task.rawValue, $0.description] }
            print(columns(rows))
            print("\n\(templates.count) templates. `synthforge template render ID` shows the prompts one makes.")
        }
    }
}

struct TemplateValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check template files and print every problem with its file, line and field; exit 2 when there is any.")
    @Argument(help: "Template YAML files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one template file") }
    }

    func run() throws {
        var total = 0
        for file in files {
            let problems = PromptTemplate.validate(path: file)
            total += problems.count
            if problems.isEmpty {
                print("\(file): valid")
            } else {
                for problem in problems { print(problem) }
            }
        }
        if total > 0 {
            FileHandle.standardError.write(Data("\(total) problem\(total == 1 ? "" : "s") found.\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct TemplateRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Sample a template's variables and print the prompts they render, as the model would receive them.",
        discussion: """
            Records samplers draw from the built-in engine. A topic variable shows its root: only a model expands the tree, at run time.
            """)
    @Argument(help: "A shipped template's id or a template file.") var template: String
    @Option(help: "How many samples to render.") var count = "1"
    @Option(help: "The seed; a run with the same seed samples the same variables.") var seed = String(GenerationSpec.defaultSeed)
    @Flag(help: "Print one JSON object per sample: index, variables, and messages or text.") var json = false

    func run() async {
        do {
            let count = try positiveInt(count, option: "--count")
            guard let seed = UInt64(seed) else { throw SynthError(.invalidArgument, "--seed must be a whole number from 0, got '\(seed)'") }
            let template = try TemplateCatalog.template(template)
            for variable in template.variables {
                if case .topics(let root, _, _) = variable.sampler {
                    FileHandle.standardError.write(
                        Data("note: '\(variable.name)' shows its root topic '\(root)'; a run has the model expand the tree.\n".utf8))
                }
            }
            for sample in try await Templates.preview(template, count: count, seed: seed) {
                print(json ? Self.json(sample) : Self.text(sample))
            }
        } catch {
            fail(error)
        }
    }

    static func text(_ sample: TemplateSample) -> String {
        var lines = ["# sample \(sample.index)", "variables: \(JSONWriter.string(.object(sample.variables)))"]
        switch sample.prompt {
        case .chat(let messages):
            for message in messages {
                lines += ["--- \(message.role)", message.content.hasSuffix("\n") ? String(message.content.dropLast()) : message.content]
            }
        case .text(let text):
            lines += ["--- prompt", text]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ sample: TemplateSample) -> String {
        var fields: Fields = ["index": .int(sample.index), "variables": .object(sample.variables)]
        switch sample.prompt {
        case .chat(let messages):
            fields["messages"] = .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        case .text(let text):
            fields["text"] = .string(text)
        }
        return JSONWriter.string(.object(fields))
    }
}

struct TemplateTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Render a template for a few samples, run them against a model, and print each answer with its parse status.",
        discussion: """
            For each sample: the variables, the model's raw answer, how it parsed (valid, repaired: what was fixed, or failed: field: reason) and the record it makes. An answer that does not fit the output schema is sent back with what was wrong, up to --max-attempts, as in a run; each answer is shown. Sample k asks what record k of `synthforge generate --template T --seed S` asks the same model. Nothing is cached or written.

              synthforge template test tech_support_v1 --provider local --base-url http://127.0.0.1:8080/v1
              synthforge template test my_template.yaml --provider openai --model gpt-4o-mini --count 5 --seed 7
            """)
    @Argument(help: "A shipped template's id or a template file.") var template: String
    @Option(
        help: ArgumentHelp(
            "openai, anthropic, local (an OpenAI-compatible server at --base-url), or a name from --providers.", valueName: "name"))
    var provider: String
    @Option(help: ArgumentHelp("The model, as the provider names it (default: the provider's).", valueName: "name")) var model: String?
    @Option(help: ArgumentHelp("YAML file of providers (docs/llm.md).", valueName: "file")) var providers: String?
    @Option(help: ArgumentHelp("Base URL of an OpenAI-compatible server, such as http://127.0.0.1:8080/v1.", valueName: "url"))
    var baseURL: String?
    @Option(help: "How many samples to run.") var count = "3"
    @Option(help: "The seed; a run with the same seed asks the same questions.") var seed = String(GenerationSpec.defaultSeed)
    @Option(help: "Tries per sample when the answer does not fit the output schema.") var maxAttempts = "3"

    func run() async {
        do {
            let count = try positiveInt(count, option: "--count")
            guard let seed = UInt64(seed) else { throw SynthError(.invalidArgument, "--seed must be a whole number from 0, got '\(seed)'") }
            let settings = LLMSettings(
                provider: provider, model: model, providersFile: providers, baseURL: baseURL, templates: [template],
                maxAttempts: try positiveInt(maxAttempts, option: "--max-attempts"))
            let template = try TemplateCatalog.template(template)
            let trials = try await Templates.test(template, count: count, seed: seed, llm: settings)
            for trial in trials { print(Self.text(trial)) }
            print(Self.summary(trials))
        } catch {
            fail(error)
        }
    }

    static func text(_ trial: TemplateTrial) -> String {
        var lines = ["# sample \(trial.index)", "variables: \(JSONWriter.string(.object(trial.variables)))"]
        for (i, answer) in trial.answers.enumerated() {
            lines.append(trial.answers.count == 1 ? "--- answer" : "--- answer \(i + 1)")
            lines.append(answer.text.hasSuffix("\n") ? String(answer.text.dropLast()) : answer.text)
            lines.append("parse: \(answer.status)")
        }
        if let record = trial.record {
            lines.append("record: \(JSONWriter.string(.object(record)))")
        } else {
            lines.append("record: none (\(trial.problem ?? "no answer fit the output schema"))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ trials: [TemplateTrial]) -> String {
        let made = trials.filter { $0.record != nil }
        let repaired = made.filter { if case .repaired = $0.answers.last?.status { return true } else { return false } }.count
        let retried = trials.filter { $0.answers.count > 1 }.count
        let tokens = trials.reduce(TokenUsage()) { $0 + $1.usage }
        return "\(trials.count) samples: \(made.count) made a record (\(repaired) after repairs, \(retried) asked again), "
            + "\(trials.count - made.count) did not; \(trials.map(\.answers.count).reduce(0, +)) answers, "
            + "\(tokens.input) input and \(tokens.output) output tokens."
    }
}

struct TemplateSave: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save a template file as the next version of a template.")
    @Argument(help: "The template's YAML file.") var file: String
    @Option(help: "The template's name (default: the file's `id:`, else its name without extension).") var name: String?
    @Option(help: "Why this version was saved.") var message = ""
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw SynthError(.io, "cannot read '\(file)' as UTF-8 text")
            }
            let templateName = name ?? Self.id(in: text) ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let (version, created) = try store.open().saveTemplate(templateName, body: text, message: message)
            print(
                created
                    ? "Saved \(file) as \(templateName)@\(version.number)."
                    : "\(templateName)@\(version.number) already holds this text; nothing saved.")
        }
    }

    /// The value of a top-level `id:` line, if the file has one.
    static func id(in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("id:") {
            let value = line.dropFirst(3).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

struct TemplateVersions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions", abstract: "List a template's versions, or every template when no name is given.")
    @Argument(help: "The template.") var name: String?
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            guard let name else {
                let rows = try store.templates().map { [$0.name, "v\($0.latest)", $0.forkedFrom.map { "fork of \($0)" } ?? ""] }
                print(rows.isEmpty ? "No templates in the store yet; `synthforge template save FILE` adds one." : columns(rows))
                return
            }
            let versions = try store.templateVersions(name)
            guard !versions.isEmpty else { throw SynthError(.notFound, "no template named '\(name)' in the store") }
            print(
                columns(
                    versions.reversed().map {
                        ["\(name)@\($0.number)", storeTime($0.createdAt), $0.author, String($0.hash.prefix(12)), $0.message]
                    }))
        }
    }
}

struct TemplateShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a stored template version's text.")
    @Argument(help: "NAME or NAME@N.") var reference: String
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            print(try store.open().template(reference).body, terminator: "")
        }
    }
}

struct TemplateFork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork", abstract: "Start a new template from a version of another; it remembers where it came from.")
    @Argument(help: "NAME or NAME@N to fork.") var source: String
    @Argument(help: "The new template's name.") var name: String
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let version = try store.open().forkTemplate(source, as: name)
            print("Forked \(source) as \(version.template)@1.")
        }
    }
}

struct TemplateDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the lines that differ between two template versions (or a version and a file), as a unified diff.")
    @Argument(help: "NAME, NAME@N or a file.") var from: String
    @Argument(help: "NAME, NAME@N or a file.") var to: String
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            let a = try Self.text(of: from, in: store)
            let b = try Self.text(of: to, in: store)
            let diff = LineDiff.unified(from: a, to: b, fromName: from, toName: to)
            print(diff.isEmpty ? "\(from) and \(to) are the same." : diff, terminator: diff.isEmpty ? "\n" : "")
        }
    }

    /// A file's text when `reference` names a file, else the stored template version's.
    static func text(of reference: String, in store: Store) throws -> String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder), !isFolder.boolValue {
            guard let data = FileManager.default.contents(atPath: reference), let text = String(data: data, encoding: .utf8) else {
                throw SynthError(.io, "cannot read '\(reference)' as UTF-8 text")
            }
            return text
        }
        return try store.template(reference).body
    }
}
