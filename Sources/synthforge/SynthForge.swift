import ArgumentParser
import Foundation
import SynthCore

@main
struct SynthForge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthforge",
        abstract: "Synthetic training and test data: LLM fine-tuning sets, private twins of tables, ML features; offline by default.",
        discussion: """
            Start with `synthforge domains` to see what the built-in engine makes, then for example:

              synthforge generate --domain medical --task clinical-notes --count 1000 --seed 7 --out notes.jsonl

            Make a synthetic twin of a table, and check it against the real one:

              synthforge tabular --data real.csv --count 10000 --out synthetic.csv
              synthforge evaluate --real real.csv --synthetic synthetic.csv --report report.html

            Keep datasets in a versioned store (SQLite by default, PostgreSQL by URL) with `synthforge dataset`, and export any version with `synthforge export NAME@VERSION --format F`.
            """,
        version: "0.1.0",
        subcommands: [
            Generate.self, Validate.self, Fit.self, Sample.self, Tabular.self, Features.self, Evaluate.self, PrivacyCommand.self,
            ExportCommand.self, DatasetCommand.self, Augment.self,
            TemplateCommand.self, DomainsCommand.self, Bench.self, Serve.self,
        ]
    )
}

/// Prints `error` as one line on standard error and exits non-zero: 2 for bad input, 1 otherwise.
func fail(_ error: any Error) -> Never {
    let code: Int32
    let message: String
    if let error = error as? SynthError {
        message = error.message
        switch error.code {
        case .invalidArgument, .invalidSpec, .invalidPack, .unknownDomain, .unknownTask: code = 2
        default: code = 1
        }
    } else {
        message = "\(error)"
        code = 1
    }
    FileHandle.standardError.write(Data("synthforge: error: \(message)\n".utf8))
    exit(code)
}

/// Runs a command's body, turning any error into one line on standard error and an exit status.
func reportingErrors(_ body: () throws -> Void) {
    do { try body() } catch { fail(error) }
}

/// Parses a positive whole number given as text, with an error that names the option.
func positiveInt(_ text: String, option: String) throws(SynthError) -> Int {
    guard let n = Int(text), n > 0 else {
        throw SynthError(.invalidArgument, "\(option) must be a positive whole number, got '\(text)'")
    }
    return n
}
