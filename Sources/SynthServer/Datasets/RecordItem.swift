import SynthCore

/// Where a record stands in review.
enum ReviewStatus: String, Sendable, CaseIterable {
    case pending, approved, rejected

    /// The status a request names in `field`, or a 400 naming it and the statuses there are.
    static func named(_ text: String, field: String) throws(APIError) -> ReviewStatus {
        guard let status = ReviewStatus(rawValue: text) else {
            throw APIError.invalid(field, "'\(field)' must be one of \(allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'")
        }
        return status
    }
}

/// One record as the API shows it: its payload and provenance apart, the score and label paging
/// filters on, and its review.
struct RecordItem: Sendable {
    var id: String
    var fields: Fields
    var provenance: Fields
    var score: Double?
    var label: String?
    var status: ReviewStatus
    var reviewReason: String?

    /// The record stored as `json`, with its review (nil: never reviewed, or reviewed before its
    /// contents last changed).
    init(json: String, status: ReviewStatus?, reason: String?) {
        let object = (try? JSONParser.parse(Array(json.utf8)))?.objectValue ?? Fields()
        var fields = Fields()
        for (key, value) in object where key != "id" && key != "provenance" { fields[key] = value }
        id = object["id"]?.stringValue ?? ""
        self.fields = fields
        provenance = object["provenance"]?.objectValue ?? Fields()
        score = Self.score(provenance: provenance)
        label = Self.label(fields: fields)
        self.status = status ?? .pending
        reviewReason = reason.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A record's score from 0 to 1: its judge's score (1–10, from an LLM run with `--judge`)
    /// divided by 10, else its quality score (0–1, from `--quality-threshold`); nil when it has neither.
    static func score(provenance: Fields) -> Double? {
        if let judge = provenance["judge_score"]?.doubleValue { return judge / 10 }
        return provenance["quality"]?.doubleValue
    }

    /// A labelled record's label (the classification shape's `label`), else nil.
    static func label(fields: Fields) -> String? { fields["label"]?.stringValue }

    var json: Value {
        .object([
            "id": .string(id), "fields": .object(fields), "provenance": .object(provenance), "score": score.map(Value.double) ?? .null,
            "label": label.map(Value.string) ?? .null, "status": .string(status.rawValue),
            "review_reason": reviewReason.map(Value.string) ?? .null,
        ])
    }

    static let schema = Schema.object([
        "id": Schema.string, "fields": Schema.object([:], required: []), "provenance": Schema.object([:], required: []),
        "score": Schema.nullable(Schema.number), "label": Schema.nullable(Schema.string),
        "status": Schema.enumeration(ReviewStatus.allCases.map(\.rawValue)), "review_reason": Schema.nullable(Schema.string),
    ])
}
