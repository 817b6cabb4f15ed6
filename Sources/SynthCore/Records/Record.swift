/// One generated example, its payload shaped by its task, with where it came from.
public struct Record: Sendable, Hashable {
    /// A stable id: the same spec and seed give the same ids.
    public var id: String
    /// The task shape the payload follows.
    public var shape: TaskShape
    /// The payload: the shape's fields (text, messages, label, …) and `metadata`.
    public var fields: Fields
    /// Where the record came from and how it was made.
    public var provenance: Provenance

    /// Makes a record.
    public init(id: String, shape: TaskShape, fields: Fields, provenance: Provenance) {
        self.id = id
        self.shape = shape
        self.fields = fields
        self.provenance = provenance
    }

    /// The readable text of the record, its text fields joined by newlines (messages by content).
    public var readableText: String {
        // Most shapes have one text field: return it as it is, without building a joined copy.
        if shape.textFields.count == 1, shape != .conversation, let text = fields[shape.textFields[0]]?.stringValue { return text }
        var parts: [String] = []
        for name in shape.textFields {
            guard let value = fields[name] else { continue }
            if let array = value.arrayValue {
                for message in array { if let c = message.objectValue?["content"]?.stringValue { parts.append(c) } }
            } else if let s = value.stringValue {
                parts.append(s)
            }
        }
        return parts.joined(separator: "\n")
    }
}

/// Where a record came from: source, generator version, seed and position in the plan.
public struct Provenance: Sendable, Hashable {
    /// The source kind, such as `builtin`.
    public var source: String
    /// The domain the record belongs to.
    public var domain: String
    /// The task within the domain.
    public var task: String
    /// The version of the generator definition (the domain pack's version for the built-in engine).
    public var generatorVersion: String
    /// The spec's seed.
    public var seed: UInt64
    /// The shard the record was made in.
    public var shard: Int
    /// The record's position in the plan's stream of records (0, 1, 2…, counting dropped ones).
    public var index: Int
    /// Further facts a source or stage adds (model, template, tokens, scores…).
    public var extra: Fields

    /// Makes a provenance.
    public init(
        source: String, domain: String, task: String, generatorVersion: String,
        seed: UInt64, shard: Int, index: Int, extra: Fields = Fields()
    ) {
        self.source = source
        self.domain = domain
        self.task = task
        self.generatorVersion = generatorVersion
        self.seed = seed
        self.shard = shard
        self.index = index
        self.extra = extra
    }

    /// The provenance as fields, in a fixed order, for serialisation.
    public var fields: Fields {
        var f: Fields = [
            "source": .string(source), "domain": .string(domain), "task": .string(task),
            "version": .string(generatorVersion), "seed": .string(String(seed)),
            "shard": .int(shard), "index": .int(index),
        ]
        for (k, v) in extra { f[k] = v }
        return f
    }
}
