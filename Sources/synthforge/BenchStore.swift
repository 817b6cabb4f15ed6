import ArgumentParser
import Foundation
import SynthCore
import SynthExport
import SynthRuntime

struct BenchStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time the store: commit a JSONL file, commit an edit, diff the versions, export JSONL and Parquet.",
        discussion: """
            The records go into a dataset of their own, removed at the end. Use a fresh --db for figures that do not depend on what else the store holds; the SQLite file's size is reported.

              synthforge bench --count 1000000 --out /tmp/m.jsonl
              synthforge bench store --input /tmp/m.jsonl --db /tmp/bench.db
              synthforge bench store --input /tmp/m.jsonl --db postgres://postgres@127.0.0.1:5432/bench
            """
    )

    @Option(help: ArgumentHelp("The JSONL file of records to commit.", valueName: "file")) var input: String
    @Option(help: ArgumentHelp("Change one record in this many for the second version.", valueName: "n")) var editEvery = 100
    @Flag(help: "Print the figures as one JSON object.") var json = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            guard editEvery > 0 else { throw SynthError(.invalidArgument, "--edit-every must be a positive whole number") }
            let opened = try store.open()
            let figures = try Benchmark.store(
                input: input, store: opened, editEvery: editEvery, scratch: FileManager.default.temporaryDirectory.path)
            print(json ? JSONWriter.string(figures.json) : figures.summary)
        } catch {
            fail(error)
        }
    }
}
