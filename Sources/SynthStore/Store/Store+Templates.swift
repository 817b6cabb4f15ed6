import SynthCore

/// One saved version of a prompt template.
public struct TemplateVersion: Sendable, Hashable {
    /// The template's name.
    public var template: String
    /// Its number: 1 for the first version saved, then 2, 3, …
    public var number: Int
    /// The hex SHA-256 of the body.
    public var hash: String
    /// The template file's text.
    public var body: String
    /// Why it was saved.
    public var message: String
    /// Who saved it and when (milliseconds since 1970).
    public var author: String
    public var createdAt: Int64
}

/// A template in the store: its name, where it was forked from, and its newest version.
public struct TemplateInfo: Sendable, Hashable {
    public var name: String
    /// `NAME@N` of the version it was forked from, if a fork.
    public var forkedFrom: String?
    /// The newest version's number.
    public var latest: Int
}

extension Store {
    /// Saves `body` as the next version of template `name` (made if new). Saving the text of
    /// the newest version again makes no new version.
    public func saveTemplate(_ name: String, body: String, message: String) throws(SynthError) -> (TemplateVersion, created: Bool) {
        try Self.checkName(name, kind: "template")
        return try database.transaction { () throws(SynthError) in
            let latest = try templateVersions(name).last
            if let latest, latest.body == body { return (latest, false) }
            if latest == nil {
                try database.execute(
                    "INSERT INTO templates (name, forked_from, owner, created_at) VALUES (?, NULL, ?, ?)",
                    [.text(name), .text(actor), .integer(Clock.nowMillis())])
            }
            let version = try addTemplateVersion(name, number: (latest?.number ?? 0) + 1, body: body, message: message)
            try audit("template.save", "\(name)@\(version.number)", message)
            return (version, true)
        }
    }

    /// Every version of a template, oldest first (empty if there is no such template).
    public func templateVersions(_ name: String) throws(SynthError) -> [TemplateVersion] {
        try database.rows(
            "SELECT template, number, hash, body, message, author, created_at FROM template_versions WHERE template = ? ORDER BY number",
            [.text(name)]
        ).map { row in
            TemplateVersion(
                template: row.text(0), number: row.int(1), hash: row.text(2), body: row.text(3), message: row.text(4),
                author: row.text(5), createdAt: Int64(row.int(6)))
        }
    }

    /// A template version named `NAME` (newest) or `NAME@N`.
    public func template(_ reference: String) throws(SynthError) -> TemplateVersion {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let versions = try templateVersions(parts[0])
        guard let newest = versions.last else { throw SynthError(.notFound, "no template named '\(parts[0])' in the store") }
        guard parts.count == 2 else { return newest }
        guard let n = Int(parts[1]), let found = versions.first(where: { $0.number == n }) else {
            throw SynthError(.notFound, "template \(parts[0]) has versions 1 to \(newest.number), not '\(parts[1])'")
        }
        return found
    }

    /// Every template, by name.
    public func templates() throws(SynthError) -> [TemplateInfo] {
        try database.rows(
            "SELECT t.name, t.forked_from, MAX(v.number) FROM templates t JOIN template_versions v ON v.template = t.name GROUP BY t.name, t.forked_from ORDER BY t.name"
        ).map { TemplateInfo(name: $0.text(0), forkedFrom: $0.optionalText(1), latest: $0.int(2)) }
    }

    /// Makes template `name` from `source` (`NAME` or `NAME@N`), its version 1 the source's text.
    public func forkTemplate(_ source: String, as name: String) throws(SynthError) -> TemplateVersion {
        try Self.checkName(name, kind: "template")
        let origin = try template(source)
        guard try templateVersions(name).isEmpty else { throw SynthError(.conflict, "a template named '\(name)' already exists") }
        return try database.transaction { () throws(SynthError) in
            try database.execute(
                "INSERT INTO templates (name, forked_from, owner, created_at) VALUES (?, ?, ?, ?)",
                [.text(name), .text("\(origin.template)@\(origin.number)"), .text(actor), .integer(Clock.nowMillis())])
            let version = try addTemplateVersion(
                name, number: 1, body: origin.body, message: "Fork of \(origin.template)@\(origin.number)")
            try audit("template.fork", "\(name)@1", "from \(origin.template)@\(origin.number)")
            return version
        }
    }

    /// Deletes a template with all its versions; forks of it stay, naming where they came from.
    public func removeTemplate(_ name: String) throws(SynthError) {
        guard try !templateVersions(name).isEmpty else { throw SynthError(.notFound, "no template named '\(name)' in the store") }
        try database.transaction { () throws(SynthError) in
            try database.execute("DELETE FROM template_versions WHERE template = ?", [.text(name)])
            try database.execute("DELETE FROM templates WHERE name = ?", [.text(name)])
            try audit("template.remove", name)
        }
    }

    private func addTemplateVersion(_ name: String, number: Int, body: String, message: String) throws(SynthError) -> TemplateVersion {
        let version = TemplateVersion(
            template: name, number: number, hash: SHA256.hex(body), body: body, message: message, author: actor,
            createdAt: Clock.nowMillis())
        try database.execute(
            "INSERT INTO template_versions (template, number, hash, body, message, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(name), .integer(Int64(number)), .text(version.hash), .text(body), .text(message), .text(actor),
                .integer(version.createdAt),
            ])
        return version
    }
}
