import SynthCore
import SynthLLM

/// An LLM judge: scores each record from 1 to 10 against a rubric template, stores the score and
/// the judge's reason in provenance (`judge_score`, `judge_reason`), and drops records scored below
/// the threshold with the reason "judge score below N".
///
/// An answer that does not parse (or gives no whole score from 1 to 10) is asked again with a new
/// sampling seed, up to `attempts` times; a record the judge still cannot score is dropped with
/// "judge gave no score". Dropping keeps the promise of the threshold: every record written passed
/// it, and the summary counts what the judge could not score.
public struct JudgeStage: RecordStage {
    public let name = "judge"
    private let call: TemplateCall
    private let threshold: Int

    /// A judge asking `judge` with the template `template` (an id in `templates`) and dropping scores below `threshold` (1–10).
    public init(
        judge: ModelChoice, threshold: Int, template: String = "judge_rubric_v1", templates: String? = nil,
        attempts: Int = 3
    ) throws(SynthError) {
        guard (1...10).contains(threshold) else {
            throw SynthError(.invalidArgument, "the judge threshold must be a whole number from 1 to 10, got \(threshold)")
        }
        call = TemplateCall(template: try RecipePrompts.load(template, folder: templates), model: judge, attempts: attempts)
        self.threshold = threshold
    }

    public func process(_ record: inout Record) async throws -> Verdict {
        var log = CallLog()
        let answer = try await call.ask(
            ["shape": .string(record.shape.rawValue), "record": .string(Self.text(of: record))], seed: stableHash(record.id), log: &log)
        record.provenance.extra["judge_tokens_in"] = .int(log.usage.input)
        record.provenance.extra["judge_tokens_out"] = .int(log.usage.output)
        guard let answer, let score = answer["label"]?.stringValue.flatMap({ Int($0) }), (1...10).contains(score) else {
            return .drop(reason: "judge gave no score")
        }
        record.provenance.extra["judge_score"] = .int(score)
        record.provenance.extra["judge_reason"] = .string(answer["text"]?.stringValue ?? "")
        return score < threshold ? .drop(reason: "judge score below \(threshold)") : .keep
    }

    /// The record as the judge reads it: each text field under its name, messages as "Role: content".
    static func text(of record: Record) -> String {
        record.shape.textFields.compactMap { name -> String? in
            guard let value = record.fields[name] else { return nil }
            if let messages = value.arrayValue {
                return messages.compactMap { message -> String? in
                    guard let m = message.objectValue, let role = m["role"]?.stringValue, let content = m["content"]?.stringValue else {
                        return nil
                    }
                    return "\(role.prefix(1).uppercased() + role.dropFirst()): \(content)"
                }.joined(separator: "\n")
            }
            guard let text = value.stringValue, !text.isEmpty else { return nil }
            return "\(name.prefix(1).uppercased() + name.dropFirst()): \(text)"
        }.joined(separator: "\n")
    }
}
