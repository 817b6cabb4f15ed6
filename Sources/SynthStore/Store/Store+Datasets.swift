import SynthCore

/// A dataset: a name, what it holds, and which branch commands use when none is named.
public struct DatasetInfo: Sendable, Hashable {
    /// Its name, unique in the store.
    public var name: String
    /// What it is for.
    public var description: String
    /// The domain its records come from, if one.
    public var domain: String
    /// The task shape of its records, if one.
    public var shape: String
    /// Who created it.
    public var owner: String
    /// The branch that commands read and write when none is named.
    public var currentBranch: String
    /// When it was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// Makes a description of a new dataset.
    public init(name: String, description: String = "", domain: String = "", shape: String = "", owner: String = "") {
        self.name = name
        self.description = description
        self.domain = domain
        self.shape = shape
        self.owner = owner
        currentBranch = "main"
        createdAt = 0
    }
}

extension Store {
    /// Checks a dataset, branch or tag name: letters, digits and `. _ - /`, up to 100 characters,
    /// not starting with a dot or dash (`@` and `~` are kept for version references).
    public static func checkName(_ name: String, kind: String) throws(SynthError) {
        let allowed = name.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "_" || c == "-" || c == "/"
        }
        guard !name.isEmpty, name.count <= 100, allowed, !name.hasPrefix("."), !name.hasPrefix("-") else {
            throw SynthError(
                .invalidArgument,
                "'\(name)' is not a valid \(kind) name: use letters, digits, '.', '_', '-' and '/', up to 100 characters, not starting with '.' or '-'"
            )
        }
    }

    /// Creates a dataset; an error if the name is taken.
    @discardableResult
    public func createDataset(_ info: DatasetInfo) throws(SynthError) -> DatasetInfo {
        try Self.checkName(info.name, kind: "dataset")
        if try dataset(info.name) != nil { throw SynthError(.conflict, "a dataset named '\(info.name)' already exists") }
        var info = info
        info.owner = info.owner.isEmpty ? actor : info.owner
        info.createdAt = Clock.nowMillis()
        try database.transaction { () throws(SynthError) in
            try database.execute(
                "INSERT INTO datasets (name, description, domain, shape, owner, current_branch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(info.name), .text(info.description), .text(info.domain), .text(info.shape), .text(info.owner),
                    .text(info.currentBranch), .integer(info.createdAt),
                ])
            try audit("dataset.create", info.name, info.description)
        }
        return info
    }

    /// The dataset named `name`, or nil.
    public func dataset(_ name: String) throws(SynthError) -> DatasetInfo? {
        try database.first(
            "SELECT name, description, domain, shape, owner, current_branch, created_at FROM datasets WHERE name = ?", [.text(name)]
        ).map(Self.datasetInfo)
    }

    /// The dataset named `name`, or an error that lists what there is.
    public func requireDataset(_ name: String) throws(SynthError) -> DatasetInfo {
        if let info = try dataset(name) { return info }
        let names = try datasets().map(\.name)
        let known = names.isEmpty ? "the store has no datasets yet" : "datasets: " + names.prefix(20).joined(separator: ", ")
        throw SynthError(.notFound, "no dataset named '\(name)' in \(database.location) (\(known))")
    }

    /// Every dataset, by name.
    public func datasets() throws(SynthError) -> [DatasetInfo] {
        try database.rows("SELECT name, description, domain, shape, owner, current_branch, created_at FROM datasets ORDER BY name")
            .map(Self.datasetInfo)
    }

    /// Changes what a dataset says it is for.
    public func describeDataset(_ name: String, as description: String) throws(SynthError) {
        _ = try requireDataset(name)
        try database.transaction { () throws(SynthError) in
            try database.execute("UPDATE datasets SET description = ? WHERE name = ?", [.text(description), .text(name)])
            try audit("dataset.describe", name, description)
        }
    }

    /// Fills in a dataset's domain and shape where they are still empty (the first records tell).
    func noteContents(_ name: String, domain: String, shape: String) throws(SynthError) {
        try database.execute(
            "UPDATE datasets SET domain = CASE WHEN domain = '' THEN ? ELSE domain END, shape = CASE WHEN shape = '' THEN ? ELSE shape END WHERE name = ?",
            [.text(domain), .text(shape), .text(name)])
    }

    /// Deletes a dataset with its versions and refs, then the records and chunks no other
    /// version uses. Its audit entries stay.
    public func removeDataset(_ name: String) throws(SynthError) {
        _ = try requireDataset(name)
        try database.transaction { () throws(SynthError) in
            try database.execute("DELETE FROM refs WHERE dataset = ?", [.text(name)])
            try database.execute("DELETE FROM versions WHERE dataset = ?", [.text(name)])
            try database.execute("DELETE FROM datasets WHERE name = ?", [.text(name)])
            let freed = try collectGarbage()
            try audit("dataset.remove", name, "\(freed) records no other dataset uses were deleted")
        }
    }

    /// Deletes chunks no version lists and records no chunk lists; returns the records deleted.
    private func collectGarbage() throws(SynthError) -> Int {
        var liveChunks = Set<String>()
        try database.query("SELECT chunks FROM versions", []) { row in
            for hash in row.text(0).split(separator: " ") { liveChunks.insert(String(hash)) }
        }
        var deadChunks: [String] = []
        var liveRecords = Set<String>()
        try database.query("SELECT hash, entries FROM chunks", []) { row throws(SynthError) in
            let hash = row.text(0)
            if liveChunks.contains(hash) {
                for entry in try Manifest.entries(of: row.text(1)) { liveRecords.insert(entry.hash) }
            } else {
                deadChunks.append(hash)
            }
        }
        try deleteKeys(deadChunks, from: "chunks")
        var deadRecords: [String] = []
        try database.query("SELECT hash FROM records", []) { row in
            let hash = row.text(0)
            if !liveRecords.contains(hash) { deadRecords.append(hash) }
        }
        try deleteKeys(deadRecords, from: "records")
        return deadRecords.count
    }

    private func deleteKeys(_ keys: [String], from table: String) throws(SynthError) {
        var start = 0
        while start < keys.count {
            let end = min(keys.count, start + 500)
            let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
            try database.execute("DELETE FROM \(table) WHERE hash IN (\(marks))", keys[start..<end].map { .text($0) })
            start = end
        }
    }

    private static func datasetInfo(_ row: SQLRow) -> DatasetInfo {
        var info = DatasetInfo(name: row.text(0), description: row.text(1), domain: row.text(2), shape: row.text(3), owner: row.text(4))
        info.currentBranch = row.text(5)
        info.createdAt = Int64(row.int(6))
        return info
    }
}
