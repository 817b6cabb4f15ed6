import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct BenchGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Measure generation: wall time, records/s, peak RSS and RSS over the run.",
        discussion: """
            The output goes to a temporary file that is removed afterwards unless --out is given.
              synthforge bench --count 1000000
              synthforge bench generate --domain legal --task contracts --count 100000
            """
    )

    @Option(help: "Domain to benchmark.") var domain = "medical"
    @Option(help: "Task to benchmark.") var task = "clinical-notes"
    @Option(help: ArgumentHelp("Records to generate.", valueName: "n")) var count = "1000000"
    @Option(help: ArgumentHelp("Seed.", valueName: "n")) var seed: UInt64 = 7
    @Option(help: ArgumentHelp("Shards generated in parallel (default: one per core).", valueName: "n")) var workers: String?
    @Option(help: ArgumentHelp("Keep the output at this path.", valueName: "path")) var out: String?

    func run() async throws {
        do {
            let n = try positiveInt(count, option: "--count")
            let concurrency =
                try workers.map { (w: String) throws(SynthError) in try positiveInt(w, option: "--workers") }
                ?? ProcessInfo.processInfo.activeProcessorCount
            let path = out ?? NSTemporaryDirectory() + "synthforge-bench-\(getpid()).jsonl"
            let spec = GenerationSpec(domain: domain, task: task, count: n, seed: seed, out: path)
            let figures = try await Benchmark.run(spec, concurrency: concurrency)
            if out == nil { try? FileManager.default.removeItem(atPath: path) }
            let mb = Benchmark.megabytes
            print("benchmark: \(domain)/\(task), \(NumberFormat.grouped(n)) records, seed \(seed), \(concurrency) workers")
            print("wall time:   \(NumberFormat.fixed(figures.summary.seconds, decimals: 2)) s")
            print(
                "throughput:  \(NumberFormat.grouped(Int(figures.summary.rate))) records/s, \(mb(Int(Double(figures.outputBytes) / max(figures.summary.seconds, 1e-9))))/s"
            )
            print("output:      \(mb(figures.outputBytes))")
            print("peak RSS:    \(mb(figures.peakRSS))")
            print(
                "RSS by progress: "
                    + figures.rssByDecile.map { "\(NumberFormat.grouped($0.written)): \(mb($0.rss))" }.joined(separator: ", "))
        } catch {
            fail(error)
        }
    }
}
