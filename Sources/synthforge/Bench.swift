import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure speed and memory: generation (the default), near-duplicate search, BLEU and ROUGE, the dataset store, the model client.",
        discussion: """
            Build in release mode first for meaningful figures (swift build -c release --product synthforge). bench/quality/run.sh times near-dup and text-metrics against their Python references (datasketch, sacrebleu, rouge-score).

              synthforge bench --count 1000000
              synthforge bench near-dup --input docs.jsonl --pairs-out pairs.tsv
              synthforge bench text-metrics --hypotheses hyp.txt --references ref.txt
              synthforge bench store --input records.jsonl --db /tmp/bench.db
              synthforge bench dcr --rows 100000
              synthforge bench llm-client --requests 20000 --in-flight 64
              synthforge bench llm-adaptive --base-url http://127.0.0.1:8765/v1 --levels 1,2,4,8
            """,
        subcommands: [
            BenchGenerate.self, BenchNearDup.self, BenchTextMetrics.self, BenchStore.self, BenchDCR.self, BenchLLMClient.self,
            BenchLLMAdaptive.self,
        ],
        defaultSubcommand: BenchGenerate.self
    )
}
