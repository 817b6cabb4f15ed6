import Foundation
import HTTPTypes
import Hummingbird
import SynthCore
import SynthLLM
import SynthRuntime
import SynthStore

/// The organization's prompt templates, versioned in the store: create, list, read, save new
/// versions, delete, fork, and test (render samples, and with a provider, run them).
enum TemplateRoutes {
    static let versionSchema = Schema.object([
        "name": Schema.string, "version": Schema.integer, "hash": Schema.string, "body": Schema.string, "message": Schema.string,
        "author": Schema.string, "created_at": Schema.integer, "forked_from": Schema.nullable(Schema.string),
    ])

    static func json(_ version: TemplateVersion, forkedFrom: String?, caller: Principal) -> Value {
        .object([
            "name": .string(caller.unscoped(version.template) ?? version.template), "version": .int(version.number),
            "hash": .string(version.hash), "body": .string(version.body), "message": .string(version.message),
            "author": .string(version.author), "created_at": .int(Int(version.createdAt)),
            "forked_from": forkedFrom.map { .string(caller.unscoped($0) ?? $0) } ?? .null,
        ])
    }

    /// The template the path names, as the store calls it.
    static func parameter(_ call: APICall) throws(APIError) -> String {
        try call.caller.scoped(call.checkedName(call.parameter("template"), field: "template", kind: "template"))
    }

    /// A 422 listing every problem of a template's YAML with its line and field; nothing when valid.
    static func validate(_ body: String, name: String) throws(APIError) {
        let problems = PromptTemplate.validate(yaml: body, file: name)
        guard let first = problems.first else { return }
        let lines = problems.map { problem in
            (problem.line.map { "line \($0): " } ?? "") + "\(problem.field): \(problem.message)"
        }
        throw APIError(
            .unprocessableContent, "invalid-template",
            "the template has \(problems.count) problem\(problems.count == 1 ? "" : "s"): " + lines.joined(separator: "; "),
            field: "body." + first.field)
    }

    /// The stored template `stored`'s newest version and where it was forked from, or a 404.
    static func newest(_ stored: String, caller: Principal, access: StoreAccess) throws -> (TemplateVersion, String?) {
        guard let latest = try access.store.templateVersions(stored).last else {
            throw APIError.notFound("template '\(caller.unscoped(stored) ?? stored)'")
        }
        return (latest, try access.store.templates().first { $0.name == stored }?.forkedFrom)
    }

    static func announce(_ version: TemplateVersion, call: APICall, access: StoreAccess) throws {
        let caller = try call.caller
        let name = caller.unscoped(version.template) ?? version.template
        try call.services.events.publish(
            ServerEvent(
                org: caller.org.id, actor: caller.email, kind: "template.saved", subject: "template/\(name)",
                data: .object(["version": .int(version.number)])),
            keptIn: access.db)
    }

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/templates", permission: .read, tag: "templates",
            summary: "The organization's templates and their newest versions.",
            response: Schema.object([
                "templates": Schema.array(
                    Schema.object(["name": Schema.string, "version": Schema.integer, "forked_from": Schema.nullable(Schema.string)]))
            ])
        ) { call in
            let caller = try call.caller
            let list = try await call.inOrg { access in try access.store.templates() }
            return JSONBody.response(
                .object([
                    "templates": .array(
                        list.compactMap { info -> Value? in
                            caller.unscoped(info.name).map { name -> Value in
                                .object([
                                    "name": .string(name), "version": .int(info.latest),
                                    "forked_from": info.forkedFrom.map { .string(caller.unscoped($0) ?? $0) } ?? .null,
                                ])
                            }
                        })
                ]))
        },
        APIRoute(
            .post, "/api/v1/templates", permission: .write, tag: "templates",
            summary: "Create a template from its YAML text (checked first: problems come back with their line and field).",
            request: Schema.object(
                ["name": Schema.string, "body": Schema.string, "message": Schema.string], required: ["name", "body"], additional: false),
            response: versionSchema, status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["name", "body", "message"])
            let name = try call.checkedName(body.requiredString("name"), field: "name", kind: "template")
            let text = try body.requiredString("body")
            try validate(text, name: name)
            let message = try body.string("message") ?? ""
            let version = try await call.inOrg { access -> TemplateVersion in
                guard try access.store.templateVersions(caller.scoped(name)).isEmpty else {
                    throw APIError(.conflict, "conflict", "a template named '\(name)' already exists; PUT its body to save a new version")
                }
                let (version, _) = try access.store.saveTemplate(caller.scoped(name), body: text, message: message)
                try announce(version, call: call, access: access)
                return version
            }
            return JSONBody.response(json(version, forkedFrom: nil, caller: caller), status: .created)
        },
        APIRoute(
            .get, "/api/v1/templates/{template}", permission: .read, tag: "templates",
            summary: "A template's newest version, or version N with ?version=N.", response: versionSchema,
            query: [.init("version", Schema.integer, "The version number (default: the newest).")]
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            let number = try call.query("version", in: 1...Int.max, default: 0)
            let (version, forkedFrom) = try await call.inOrg { access in
                let (latest, forkedFrom) = try newest(stored, caller: caller, access: access)
                guard number != 0 else { return (latest, forkedFrom) }
                return (try access.store.template("\(stored)@\(number)"), forkedFrom)
            }
            return JSONBody.response(json(version, forkedFrom: forkedFrom, caller: caller))
        },
        APIRoute(
            .put, "/api/v1/templates/{template}", permission: .write, tag: "templates",
            summary: "Save new text as the template's next version (the same text as the newest makes none).",
            request: Schema.object(["body": Schema.string, "message": Schema.string], required: ["body"], additional: false),
            response: versionSchema
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            let body = try call.json()
            try body.allowOnly(["body", "message"])
            let text = try body.requiredString("body")
            try validate(text, name: caller.unscoped(stored) ?? stored)
            let message = try body.string("message") ?? ""
            let (version, forkedFrom) = try await call.inOrg { access in
                let (_, forkedFrom) = try newest(stored, caller: caller, access: access)
                let (version, created) = try access.store.saveTemplate(stored, body: text, message: message)
                if created { try announce(version, call: call, access: access) }
                return (version, forkedFrom)
            }
            return JSONBody.response(json(version, forkedFrom: forkedFrom, caller: caller))
        },
        APIRoute(
            .delete, "/api/v1/templates/{template}", permission: .write, tag: "templates",
            summary: "Delete a template with all its versions.", status: 204
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            try await call.inOrg { access in
                _ = try newest(stored, caller: caller, access: access)
                try access.store.removeTemplate(stored)
            }
            return Response(status: .noContent)
        },
        APIRoute(
            .get, "/api/v1/templates/{template}/versions", permission: .read, tag: "templates",
            summary: "Every version of a template, newest first.", response: Schema.object(["versions": Schema.array(versionSchema)])
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            let (versions, forkedFrom) = try await call.inOrg { access in
                let (_, forkedFrom) = try newest(stored, caller: caller, access: access)
                return (try access.store.templateVersions(stored), forkedFrom)
            }
            return JSONBody.response(
                .object(["versions": .array(versions.reversed().map { json($0, forkedFrom: forkedFrom, caller: caller) })]))
        },
        APIRoute(
            .post, "/api/v1/templates/{template}/fork", permission: .write, tag: "templates",
            summary: "Make a new template whose version 1 is this one's newest text (or version N with `version`).",
            request: Schema.object(["name": Schema.string, "version": Schema.integer], required: ["name"], additional: false),
            response: versionSchema, status: 201
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            let body = try call.json()
            try body.allowOnly(["name", "version"])
            let name = try call.checkedName(body.requiredString("name"), field: "name", kind: "template")
            let number = try body.int("version", in: 1...Int.max)
            let (version, forkedFrom) = try await call.inOrg { access in
                _ = try newest(stored, caller: caller, access: access)
                guard try access.store.templateVersions(caller.scoped(name)).isEmpty else {
                    throw APIError(.conflict, "conflict", "a template named '\(name)' already exists")
                }
                let version = try access.store.forkTemplate(number.map { "\(stored)@\($0)" } ?? stored, as: caller.scoped(name))
                try announce(version, call: call, access: access)
                return try newest(version.template, caller: caller, access: access)
            }
            return JSONBody.response(json(version, forkedFrom: forkedFrom, caller: caller), status: .created)
        },
        APIRoute(
            .post, "/api/v1/templates/{template}/test", permission: .write, tag: "templates",
            summary:
                "Render a template for N samples (the prompts a run would send); with a provider, also run them and show each answer and record.",
            request: Schema.object(
                [
                    "samples": Schema.integer, "seed": Schema.integer, "version": Schema.integer, "provider": Schema.string,
                    "model": Schema.string, "base_url": Schema.string, "max_attempts": Schema.integer,
                ], required: [], additional: false),
            response: Schema.object([
                "samples": Schema.array(
                    Schema.object(["index": Schema.integer, "variables": Schema.any], required: ["index", "variables"]))
            ])
        ) { call in
            let caller = try call.caller
            let stored = try parameter(call)
            let body = try call.json()
            try body.allowOnly(["samples", "seed", "version", "provider", "model", "base_url", "max_attempts"])
            let count = try body.int("samples", in: 1...50) ?? 3
            let seed = UInt64(try body.int("seed", in: 0...Int.max) ?? Int(GenerationSpec.defaultSeed))
            let number = try body.int("version", in: 1...Int.max)
            let provider = try body.string("provider")
            let model = try body.string("model")
            let baseURL = try body.string("base_url")
            let maxAttempts = try body.int("max_attempts", in: 1...10) ?? 3
            if provider == nil, model != nil || baseURL != nil {
                throw APIError.invalid("provider", "'model' and 'base_url' go with a 'provider' (such as local, openai or anthropic)")
            }
            let version = try await call.inOrg { access -> TemplateVersion in
                _ = try newest(stored, caller: caller, access: access)
                return try access.store.template(number.map { "\(stored)@\($0)" } ?? stored)
            }
            let template = try PromptTemplate.parse(yaml: version.body, file: caller.unscoped(stored) ?? stored)
            guard let provider else {
                let samples = try await Templates.preview(template, count: count, seed: seed)
                return JSONBody.response(.object(["samples": .array(samples.map(json))]))
            }
            let settings = LLMSettings(provider: provider, model: model, baseURL: baseURL, maxAttempts: maxAttempts)
            let trials = try await Templates.test(template, count: count, seed: seed, llm: settings)
            return JSONBody.response(.object(["samples": .array(trials.map(json))]))
        },
    ]

    /// A rendered sample: its variables and the messages (or text) the model would receive.
    static func json(_ sample: TemplateSample) -> Value {
        var fields: Fields = ["index": .int(sample.index), "variables": .object(sample.variables)]
        switch sample.prompt {
        case .chat(let messages):
            fields["messages"] = .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        case .text(let text):
            fields["text"] = .string(text)
        }
        return .object(fields)
    }

    /// A sample run against a model: its variables, each answer with how it parsed, and the record made.
    static func json(_ trial: TemplateTrial) -> Value {
        .object([
            "index": .int(trial.index), "variables": .object(trial.variables),
            "answers": .array(trial.answers.map { .object(["text": .string($0.text), "status": .string($0.status.description)]) }),
            "record": trial.record.map(Value.object) ?? .null, "problem": trial.problem.map(Value.string) ?? .null,
            "tokens_in": .int(trial.usage.input), "tokens_out": .int(trial.usage.output),
        ])
    }
}
