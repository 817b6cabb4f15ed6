import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime
import SynthStore

struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "See the differential-privacy budget spent on each dataset.",
        discussion: """
            Every private fit (`fit` or `tabular` with `--model dp-mst --epsilon E [--delta D]`) books what it spent in a ledger next to the model (MODEL.ledger.json) and in the store's ledger, under the dataset named by `--dataset` (default: the data file's full path). Totals add up every spend on a dataset, by simple composition and by zCDP composition.

              synthforge privacy ledger                      # every dataset in the store
              synthforge privacy ledger --dataset patients --json
              synthforge privacy ledger --model model.sfm
            """,
        subcommands: [PrivacyLedgerCommand.self]
    )
}

struct PrivacyLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Print every privacy spend with its mechanisms, and the running total per dataset.")

    @Option(help: ArgumentHelp("The ledger next to this model file (MODEL.ledger.json).", valueName: "file"))
    var model: String?
    @Option(help: ArgumentHelp("Only this dataset's spends in the store's ledger (default: every dataset).", valueName: "name"))
    var dataset: String?
    @Flag(help: "Print JSON: the entries and the totals.")
    var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if model != nil && dataset != nil {
            throw ValidationError("give --model FILE or --dataset NAME, not both: a model's ledger file holds that model's spends only")
        }
    }

    func run() {
        reportingErrors {
            let ledger: PrivacyLedger
            if let model {
                let path = PrivacyLedger.path(forModel: model)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw SynthError(.notFound, "no privacy ledger at \(path): \(model) was not fitted privately, or not here")
                }
                ledger = try PrivacyLedger.read(path: path)
            } else {
                ledger = try PrivacyLedger.stored(in: store.open(), dataset: dataset)
            }
            if json {
                struct Output: Encodable {
                    var entries: [PrivacyLedgerEntry]
                    var totals: [PrivacyTotal]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(Output(entries: ledger.entries, totals: ledger.totals)), as: UTF8.self))
            } else {
                print(ledger.text)
            }
        }
    }
}
