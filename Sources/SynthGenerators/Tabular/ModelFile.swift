import Foundation
import SynthCore

/// A fitted model with everything needed to sample from it: the `.sfm` file `fit` writes and `sample` reads.
///
/// The file is JSON with sorted keys, so the same data, options and seed give the same bytes:
/// `format` and `version` name the layout; `model` the model (a key of ``TabularModels``);
/// `synthforge` the version that wrote it; `columns` the read table's columns with their kinds,
/// formats and roles; `preparation` the bounds and joint labels; `privacy` the budget a private
/// model spent (null otherwise); `parameters` the model's own fitted values.
public struct ModelFile: Sendable {
    /// The `format` field of every model file.
    public static let format = "synthforge-model"
    /// The layout version this build writes and reads.
    public static let version = 1
    /// Rows sampled per batch: the unit of streaming and of seeding (a batch's rows depend on the seed and the batch's index).
    public static let batchSize = 65_536

    /// The SynthForge version that fitted the model.
    public var synthforgeVersion: String
    /// How the read table maps to the modelled one and back.
    public var preparation: Preparation
    /// The fitted model.
    public var model: any TabularModel

    /// The model's name (`copula`, ...).
    public var modelName: String { type(of: model).name }

    /// A model file.
    public init(synthforgeVersion: String, preparation: Preparation, model: any TabularModel) {
        self.synthforgeVersion = synthforgeVersion
        self.preparation = preparation
        self.model = model
    }

    /// Prepares `table` under `schema` and fits the model called `modelName` on it (`options.schema` becomes `schema`).
    public static func fit(
        _ table: Table, schema: TableSchema, modelName: String, options: FitOptions, synthforgeVersion: String
    ) throws(SynthError) -> ModelFile {
        let type = try TabularModels.type(named: modelName)
        guard table.rowCount > 0 else { throw SynthError(.invalidArgument, "the table has no rows to learn from") }
        let (preparation, modelled) = try Preparation.fit(table, schema: schema, seed: options.seed, isPrivate: type.isPrivate)
        var options = options
        options.schema = schema
        return ModelFile(synthforgeVersion: synthforgeVersion, preparation: preparation, model: try type.fit(modelled, options: options))
    }

    /// Batch `batch` of a sample of `count` rows (rows `batch * batchSize` onward), in the read table's columns.
    ///
    /// `conditions` are on the read columns; ``modelConditions(_:)`` checks them once up front.
    public func batch(_ batch: Int, of count: Int, seed: UInt64, conditions: [ColumnCondition]) throws(SynthError) -> Table {
        let first = batch * Self.batchSize
        let rows = min(Self.batchSize, count - first)
        let batchSeed = SplitMix64.derive(seed, UInt64(batch))
        let sampled = try model.sample(count: rows, seed: batchSeed, conditions: conditions)
        return try preparation.restore(sampled, count: rows, seed: SplitMix64.derive(seed, 0x6B65_7973), firstRow: first)
    }

    /// `conditions` on the read columns as the model takes them, or an error naming the column or value that cannot be met.
    public func modelConditions(_ conditions: [ColumnCondition]) throws(SynthError) -> [ColumnCondition] {
        let mapped = try preparation.modelConditions(conditions, jointValues: model.values(of:))
        if !mapped.isEmpty { _ = try model.sample(count: 0, seed: 0, conditions: mapped) }
        return mapped
    }

    /// The file's bytes: JSON with sorted keys.
    public func encoded() throws(SynthError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(Layout(self))
        } catch {
            throw SynthError(.invalidArgument, "cannot encode the \(modelName) model: \(error)")
        }
    }

    /// A model file from its bytes; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws(SynthError) -> ModelFile {
        struct Header: Decodable {
            var format: String?
            var version: Int?
            var model: String?
        }
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: data), header.format == format else {
            throw SynthError(.invalidArgument, "\(source) is not a SynthForge model file (write one with synthforge fit)")
        }
        guard header.version == version else {
            throw SynthError(
                .invalidArgument, "\(source) is model file version \(header.version ?? 0); this synthforge reads version \(version)")
        }
        _ = try TabularModels.type(named: header.model ?? "")
        do {
            return try decoder.decode(Layout.self, from: data).file
        } catch {
            throw SynthError(.invalidArgument, "\(source) is a damaged model file: \(describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default: return "\(error)"
        }
    }

    /// The JSON layout, with the model's parameters decoded by the type its name registers.
    private struct Layout: Codable {
        var file: ModelFile

        init(_ file: ModelFile) { self.file = file }

        enum Keys: String, CodingKey { case format, version, model, synthforge, columns, preparation, privacy, parameters }

        /// The preparation without its columns, which sit at the top of the file.
        struct PreparationFields: Codable {
            var bounds: [String: Preparation.Bounds]
            var salt: UInt64
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(ModelFile.format, forKey: .format)
            try c.encode(ModelFile.version, forKey: .version)
            try c.encode(file.modelName, forKey: .model)
            try c.encode(file.synthforgeVersion, forKey: .synthforge)
            try c.encode(file.preparation.columns, forKey: .columns)
            let p = file.preparation
            try c.encode(PreparationFields(bounds: p.bounds, salt: p.salt), forKey: .preparation)
            try c.encode(file.model.privacy.map { Privacy(epsilon: $0.epsilon, delta: $0.delta) }, forKey: .privacy)
            try c.encode(Parameters(model: file.model), forKey: .parameters)
        }

        /// The guarantee a private model's fit spent.
        struct Privacy: Encodable {
            var epsilon: Double
            var delta: Double
        }

        /// Encodes a model whose type is known only at run time.
        struct Parameters: Encodable {
            var model: any TabularModel
            func encode(to encoder: any Encoder) throws { try model.encode(to: encoder) }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            let type = try TabularModels.type(named: try c.decode(String.self, forKey: .model))
            let fields = try c.decode(PreparationFields.self, forKey: .preparation)
            let preparation = Preparation(
                columns: try c.decode([Preparation.Source].self, forKey: .columns), bounds: fields.bounds, salt: fields.salt)
            file = ModelFile(
                synthforgeVersion: try c.decode(String.self, forKey: .synthforge), preparation: preparation,
                model: try c.decode(type, forKey: .parameters))
        }
    }
}

extension ModelFile {
    /// Every value a column takes, as text, when the model (or a fixed combination) can list them.
    public func values(of column: String) -> [String]? {
        if let source = preparation.columns.first(where: { $0.name == column }), case .combined(let group) = source.role,
            let position = group.firstIndex(of: column)
        {
            let parts = (model.values(of: group.joined(separator: "+")) ?? []).compactMap { label -> String? in
                let part = label.components(separatedBy: Preparation.separator)
                return position < part.count && !part[position].isEmpty ? part[position] : nil
            }
            return Array(Set(parts)).sorted()
        }
        return model.values(of: column)
    }
}
