import Foundation
import SynthCore

/// A task that recipes start from: an instruction, an optional input, and its output when known.
public struct SeedTask: Sendable, Hashable {
    /// What to do.
    public var instruction: String
    /// What the instruction refers to; empty when it needs nothing.
    public var input: String
    /// The answer, when known; empty otherwise.
    public var output: String

    /// Makes a seed task.
    public init(instruction: String, input: String = "", output: String = "") {
        self.instruction = instruction
        self.input = input
        self.output = output
    }

    /// The instruction, followed by its input when it has one: what a user would send.
    public var request: String { input.isEmpty ? instruction : instruction + "\n\n" + input }
}

/// Seed tasks: read from a JSONL file, or the built-in few.
public enum SeedTasks {
    /// Reads `path`: one JSON object per line with a string `instruction` and optional string
    /// `input` and `output`; blank lines are skipped. Errors name the file and line.
    public static func load(path: String) throws(SynthError) -> [SeedTask] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SynthError(.io, "cannot read seed tasks '\(path)': no such file or not UTF-8 text")
        }
        var tasks: [SeedTask] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let at = "\(path):\(number + 1)"
            let object: Fields
            do {
                guard let parsed = try JSONParser.parse(Array(line.utf8)).objectValue else {
                    throw SynthError(.invalidSpec, "\(at): a seed task must be a JSON object")
                }
                object = parsed
            } catch let failure as JSONParser.Failure {
                throw SynthError(.invalidSpec, "\(at): not valid JSON (\(failure))")
            } catch {
                throw SynthError(.invalidSpec, "\(at): a seed task must be a JSON object")
            }
            guard let instruction = object["instruction"]?.stringValue, !instruction.allSatisfy(\.isWhitespace) else {
                throw SynthError(.invalidSpec, "\(at): 'instruction' must be a non-empty string")
            }
            var task = SeedTask(instruction: instruction)
            for key in ["input", "output"] {
                guard let value = object[key] else { continue }
                guard let s = value.stringValue else { throw SynthError(.invalidSpec, "\(at): '\(key)' must be a string") }
                if key == "input" { task.input = s } else { task.output = s }
            }
            tasks.append(task)
        }
        if tasks.isEmpty { throw SynthError(.invalidSpec, "\(path): holds no seed tasks") }
        return tasks
    }

    /// The seed tasks `path` holds, or the built-in few when `path` is nil.
    static func load(_ path: String?) throws(SynthError) -> [SeedTask] {
        guard let path else { return builtIn }
        return try load(path: path)
    }

    /// A few varied tasks, in the spirit of self-instruct's 175 human-written seeds.
    public static let builtIn: [SeedTask] = [
        SeedTask(
            instruction: "Give three tips for staying healthy.",
            output:
                "1. Eat a balanced diet with plenty of fruit and vegetables.\n2. Exercise for at least 30 minutes most days.\n3. Sleep seven to nine hours a night."
        ),
        SeedTask(
            instruction: "Rewrite the sentence in the passive voice.", input: "The committee approved the new budget.",
            output: "The new budget was approved by the committee."),
        SeedTask(
            instruction: "Write a Python function that returns the factorial of a non-negative integer.",
            output: "def factorial(n):\n    result = 1\n    for i in range(2, n + 1):\n        result *= i\n    return result"),
        SeedTask(
            instruction: "Classify the sentiment of the review as positive, negative or neutral.",
            input: "The battery lasts all day, but the screen scratches far too easily.", output: "neutral"),
        SeedTask(
            instruction: "Explain to a ten-year-old why the Moon has phases.",
            output:
                "The Moon does not make its own light; the Sun lights half of it. As the Moon circles the Earth, we see different amounts of its sunny half, so it seems to grow and shrink."
        ),
        SeedTask(
            instruction: "Summarise the paragraph in one sentence.",
            input:
                "Bees pollinate about a third of the crops we eat. Their numbers have fallen because of pesticides, disease and the loss of wild flowers, which worries farmers and scientists alike.",
            output: "Bees, which pollinate a third of our crops, are declining because of pesticides, disease and habitat loss."),
        SeedTask(
            instruction: "Write a polite email declining a meeting invitation for Friday afternoon.",
            output:
                "Dear Ms Patel,\n\nThank you for the invitation. Unfortunately I am not available on Friday afternoon. Could we find another time next week?\n\nBest regards,\nTom"
        ),
        SeedTask(
            instruction: "A train leaves at 14:45 and the journey takes 2 hours and 50 minutes. When does it arrive?",
            output: "It arrives at 17:35."),
        SeedTask(
            instruction: "Suggest a name for a bakery that specialises in sourdough bread, and say why it fits.",
            output: "\"Rise & Rye\": it hints at the slow rise of sourdough and at the rye flour many starters use."),
        SeedTask(
            instruction: "Translate the phrase into French.", input: "Where is the nearest train station?",
            output: "Où est la gare la plus proche ?"),
    ]
}
