import Foundation
import HTTPTypes
import SynthCore
import SynthLLM
import SynthRuntime
import SynthStore

/// The spec of a generation job: the JSON object a client sends, read key by key with the spec
/// file's own rules, so the API and the CLI accept the same keys and values.
///
/// Keys that name files on the server (`out`, `packs`, `reference`, …) are refused: a job writes
/// to its run folder and reads nothing of the server's but its shipped packs and templates.
enum JobSpec {
    /// Spec keys a job refuses, because they read or write files on the server.
    static let refused: Set<String> = [
        "out", "format", "rejects", "report", "packs", "reference", "decontaminate", "providers", "seed-tasks", "documents",
    ]

    /// The keys a job takes.
    static var keys: [String] { SpecFile.keys.filter { !refused.contains($0) } }

    /// Reads `fields` into a partial spec; a 400 naming `spec.KEY` when a key is unknown or refused,
    /// or its value is not one the key takes.
    static func parse(_ fields: Fields) throws(APIError) -> PartialSpec {
        var spec = PartialSpec()
        for (key, value) in fields {
            let field = "spec." + key
            if refused.contains(key) {
                throw APIError.invalid(
                    field, "'\(key)' names a file on the server, which a job does not take; jobs take: \(keys.joined(separator: ", "))")
            }
            guard SpecFile.keys.contains(key) else {
                throw APIError.invalid(field, "unknown spec key '\(key)'; jobs take: \(keys.joined(separator: ", "))")
            }
            if key == "template", case .string(let name) = value, looksLikePath(name) {
                throw APIError.invalid(field, "'template' names a shipped template or one of your organization's, not a file")
            }
            if key == "template", case .array(let names) = value, names.contains(where: { looksLikePath($0.stringValue ?? "") }) {
                throw APIError.invalid(field, "'template' names shipped templates or your organization's, not files")
            }
            // A one-key JSON object is YAML too: the spec file's parser checks the value as it would in a file.
            let one: PartialSpec
            do {
                one = try SpecFile.parse(JSONWriter.string(.object([key: value])), file: "spec")
            } catch {
                throw APIError.invalid(field, "spec: " + withoutLocation(error.message))
            }
            spec = spec.overridden(by: one)
        }
        return spec
    }

    /// The complete spec of a job whose run folder is `folder`: it writes `folder/records.jsonl`.
    static func resolve(_ partial: PartialSpec, folder: String) throws -> GenerationSpec {
        var partial = partial
        partial.out = (folder as NSString).appendingPathComponent("records.jsonl")
        partial.format = .jsonl
        try LLMGeneration.complete(&partial)
        let spec = try partial.resolved()
        if spec.llm == nil { _ = try Generation.pipeline(for: spec, concurrency: 1) }
        return spec
    }

    /// The API error for a spec that does not resolve: it names the key when the message does.
    static func error(_ error: any Error) -> APIError {
        guard let error = error as? SynthError else { return APIError.invalid("spec", "spec: \(error)") }
        let field: String =
            switch error.code {
            case .unknownDomain: "spec.domain"
            case .unknownTask: "spec.task"
            default: keys.first { error.message.hasPrefix($0 + " ") || error.message.contains("'\($0)'") }.map { "spec." + $0 } ?? "spec"
            }
        var api = APIError(.unprocessableContent, error.code.rawValue, "spec: " + withoutLocation(error.message), field: field)
        if error.code == .notFound { api.code = "invalid-spec" }
        return api
    }

    /// `partial` with each template that names one of the organization's stored templates
    /// replaced by a copy of it in `folder` (other names stay: they are shipped templates).
    static func withOrganizationTemplates(_ partial: PartialSpec, org: String, folder: String, stores: StorePool) async throws
        -> PartialSpec
    {
        guard let names = partial.templates else { return partial }
        var partial = partial
        var files: [String] = []
        for name in names {
            let body = try await stores.with { store throws(SynthError) -> String? in
                guard try store.templates().contains(where: { $0.name == org + "/" + name }) else { return nil }
                return try store.template(org + "/" + name).body
            }
            guard let body else {
                files.append(name)
                continue
            }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = (folder as NSString).appendingPathComponent("template-\(name).yaml")
            guard FileManager.default.createFile(atPath: path, contents: Data(body.utf8)) else {
                throw SynthError(.io, "cannot copy template '\(name)' to the job's folder")
            }
            files.append(path)
        }
        partial.templates = files
        return partial
    }

    static func looksLikePath(_ name: String) -> Bool {
        name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// A parser message without its `spec:LINE:COLUMN: ` prefix, which means nothing for JSON.
    static func withoutLocation(_ message: String) -> String {
        guard message.hasPrefix("spec:"), let range = message.range(of: ": ") else { return message }
        return String(message[range.upperBound...])
    }
}
