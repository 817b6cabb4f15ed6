import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed and memory: generation (the default), near-duplicate search, BLEU and ROUGE, the dataset store.",
        discussion: """
            Build in release mode first for meaningful figures (swift build -c release --product synthforge). bench/quality/run.sh times near-dup and text-metrics against their Python references (datasketch, sacrebleu, rouge-score).

              synthforge bench --count 1000000
              synthforge bench near-dup --input docs.jsonl --pairs-out pairs.tsv
              synthforge bench text-metrics --hypotheses hyp.txt --references ref.txt
              synthforge bench store --input records.jsonl --db /tmp/bench.db
              synthforge bench dcr --rows 100000
            """,
        subcommands: [BenchGenerate.self, BenchNearDup.self, BenchTextMetrics.self, BenchStore.self, BenchDCR.self],
        defaultSubcommand: BenchGenerate.self
    )
}
