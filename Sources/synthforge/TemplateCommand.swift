import ArgumentParser
import Foundation
import SynthCore
import SynthStore

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Keep prompt templates in the store: numbered versions, forks and diffs.",
        discussion: """
            A template is saved from its YAML file; saving changed text makes the next version (1, 2, …), saving the same text again makes none. A reference is NAME (the newest version) or NAME@N; `diff` also takes a file path.

              synthforge template save templates/support/tech_support_v1.yaml --message "first"
              synthforge template versions tech_support_v1
              synthforge template fork tech_support_v1@1 tech_support_formal
              synthforge template diff tech_support_v1@1 tech_support_v1
              synthforge template diff tech_support_v1 my-edit.yaml
            """,
        subcommands: [TemplateSave.self, TemplateVersions.self, TemplateShow.self, TemplateFork.self, TemplateDiff.self]
    )
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
