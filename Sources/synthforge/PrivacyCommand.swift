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
            Every private fit (`fit --model dp-mst --epsilon E --delta D`) records what it spent in a ledger next to the model (MODEL.ledger.json) and, when the data is a stored dataset, in the store.

              synthforge privacy ledger --model model.sfm
              synthforge privacy ledger --dataset patients --json
            """,
        subcommands: [PrivacyLedgerCommand.self]
    )
}

struct PrivacyLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Print every privacy spend with its mechanisms, and the running total per dataset.")

    @Option(help: ArgumentHelp("The ledger next to this model file (MODEL.ledger.json).", valueName: "file"))
    var model: String?
    @Option(help: ArgumentHelp("The store's ledger for this dataset.", valueName: "name"))
    var dataset: String?
    @Flag(help: "Print JSON: the entries and the totals.")
    var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (model == nil) != (dataset == nil) else {
            throw ValidationError("give either --model FILE or --dataset NAME")
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
