"""Times SynthForge's near-duplicate search and BLEU/ROUGE side by side with their Python references.

Run it with the reference Python (datasketch, sacrebleu, rouge-score), usually through run.sh:

    bench/quality/run.sh                 # 100,000 documents, 10,000 text pairs
    bench/quality/run.sh --docs 10000    # a quick run

It makes a deterministic corpus of documents with planted near duplicates at known Jaccard levels
and a set of hypothesis/reference pairs, runs `synthforge bench near-dup` and datasketch's
MinHashLSH (5-word shingles, 128 permutations, threshold 0.8) on the same documents, computes the
true Jaccard index of every planted pair and every candidate pair either found to get recall and
precision, then times BLEU and ROUGE in both and checks that every score agrees to 1e-6.

Each reference runs in its own Python process, so its peak memory is its own.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

THRESHOLD = 0.8
PERMUTATIONS = 128
SHINGLE_WORDS = 5
TOLERANCE = 1e-6


# --- corpora -----------------------------------------------------------------------------------


def vocabulary(rng, size):
    """Distinct pseudo-words of 3 to 10 letters, in rank order for a Zipf distribution."""
    words, seen = [], set()
    while len(words) < size:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(size):
    """Cumulative weights 1/rank, so a few words are common and most are rare, as in real text."""
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return cumulative


def write_near_dup_corpus(path, planted_path, documents, copies, seed):
    """Writes `documents` JSONL documents of 200-400 words, `copies` of them near duplicates of an
    earlier one: each copy has words substituted at spaced positions so that the Jaccard index of its
    5-word shingles with the original is about a target drawn uniformly from [0.6, 1.0].
    Writes the planted pairs (1-based lines) with their targets to `planted_path`."""
    rng = random.Random(seed)
    words = vocabulary(rng, 30_000)
    weights = zipf_weights(len(words))
    copy_slots = set(rng.sample(range(1_000, documents), copies)) if copies else set()
    texts, uncopied, planted = [], [], []
    for n in range(documents):
        if n in copy_slots and uncopied:
            k = rng.randrange(len(uncopied))
            original = uncopied[k]
            uncopied[k] = uncopied[-1]
            uncopied.pop()
            target = rng.uniform(0.6, 1.0)
            tokens = list(texts[original][1])
            shingles = len(tokens) - SHINGLE_WORDS + 1
            # A substitution replaces up to 5 shingles with 5 new ones: J = (S - d) / (S + d).
            edits = round(shingles * (1 - target) / (1 + target) / SHINGLE_WORDS)
            spread = len(tokens) - (SHINGLE_WORDS - 1) * max(edits - 1, 0)
            for i, position in enumerate(sorted(rng.sample(range(spread), edits))):
                position += (SHINGLE_WORDS - 1) * i
                replacement = tokens[position]
                while replacement == tokens[position]:
                    replacement = words[rng.randrange(len(words))]
                tokens[position] = replacement
            texts.append((render(rng, tokens), tokens))
            planted.append((original + 1, n + 1, target))
        else:
            tokens = rng.choices(words, cum_weights=weights, k=rng.randint(200, 400))
            texts.append((render(rng, tokens), tokens))
            uncopied.append(n)
    with open(path, "w") as out:
        for n, (text, _) in enumerate(texts):
            out.write(json.dumps({"id": f"doc-{n + 1:06d}", "text": text}) + "\n")
    with open(planted_path, "w") as out:
        out.write("first_line\tsecond_line\ttarget_jaccard\n")
        for first, second, target in planted:
            out.write(f"{first}\t{second}\t{target:.4f}\n")


def render(rng, tokens):
    """Words as sentences: capitals, commas and full stops, which tokenization must see past."""
    out, start = [], True
    for i, token in enumerate(tokens):
        word = token.capitalize() if start else token
        start = False
        if i == len(tokens) - 1 or rng.random() < 0.08:
            word += "."
            start = True
        elif rng.random() < 0.06:
            word += ","
        out.append(word)
    return " ".join(out)


def write_text_pairs(hypotheses_path, references_path, pairs, seed):
    """Writes `pairs` references of 5-40 tokens (words, numbers, punctuation, contractions) and
    hypotheses that are edited copies of them: substitutions, deletions, insertions and swaps."""
    rng = random.Random(seed + 1)
    words = vocabulary(rng, 8_000)
    weights = zipf_weights(len(words))
    extras = ["3.5", "1,000", "42", "2026", "don't", "it's", "e-mail", "(see", "above)", "\"quoted\"", "50%", "$12", "U.S.", "--", ";", ":", "?", "!"]
    with open(hypotheses_path, "w") as hyp_out, open(references_path, "w") as ref_out:
        for _ in range(pairs):
            reference = []
            for word in rng.choices(words, cum_weights=weights, k=rng.randint(5, 40)):
                reference.append(rng.choice(extras) if rng.random() < 0.08 else word)
                if rng.random() < 0.07:
                    reference[-1] += rng.choice([",", ".", "!", "?"])
            reference[0] = reference[0].capitalize()
            hypothesis = []
            for word in reference:
                r = rng.random()
                if r < 0.12:
                    hypothesis.append(words[rng.randrange(len(words))])
                elif r < 0.20:
                    continue
                elif r < 0.26:
                    hypothesis += [word, rng.choice(words[:200])]
                else:
                    hypothesis.append(word)
            if len(hypothesis) > 3 and rng.random() < 0.3:
                i = rng.randrange(len(hypothesis) - 1)
                hypothesis[i], hypothesis[i + 1] = hypothesis[i + 1], hypothesis[i]
            if not hypothesis:
                hypothesis = [reference[0]]
            hyp_out.write(" ".join(hypothesis) + "\n")
            ref_out.write(" ".join(reference) + "\n")


# --- shared helpers ----------------------------------------------------------------------------

WORD = re.compile(r"[a-z0-9\u0080-\U0010ffff]+")


def shingles(text):
    """The distinct 5-word shingles of `text` as SynthForge cuts them: runs of lower-cased letters
    and digits (non-ASCII letters included), joined by single spaces."""
    tokens = WORD.findall(text.lower())
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def read_texts(path):
    with open(path) as f:
        return [json.loads(line)["text"] for line in f]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_tsv(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return header, [line.rstrip("\n").split("\t") for line in f]


def peak_rss_bytes():
    """This process's peak resident memory (VmHWM, as synthforge reports it). Not ru_maxrss, which
    on Linux keeps the high-water mark of the parent that forked this process."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


class Clock:
    """Wall and CPU seconds accumulated over timed stretches."""

    def __init__(self):
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_):
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu

    def json(self):
        return {"wall_seconds": self.wall, "cpu_seconds": self.cpu}


# --- the references, each run in its own process ------------------------------------------------


def datasketch_near_dup(documents_path, pairs_path, style="bulk"):
    """datasketch's MinHash and MinHashLSH, each document queried and then inserted, as SynthForge
    does. Style "bulk" copies one prototype MinHash per document, as `MinHash.bulk` does, so the
    permutations are made once; "per-document" makes a new `MinHash(num_perm=128)` for each, as
    datasketch's README does. Writes the candidate pairs with their estimated Jaccard index and
    prints the figures as JSON."""
    from datasketch import MinHash, MinHashLSH

    texts = read_texts(documents_path)
    shingling, hashing, indexing = Clock(), Clock(), Clock()
    prototype = MinHash(num_perm=PERMUTATIONS)
    signatures = []
    for text in texts:
        with shingling:
            encoded = [s.encode() for s in shingles(text)]
        with hashing:
            m = prototype.copy() if style == "bulk" else MinHash(num_perm=PERMUTATIONS)
            m.update_batch(encoded)
        signatures.append(m)
    pairs = []
    with indexing:
        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        for i, m in enumerate(signatures):
            for j in lsh.query(m):
                pairs.append((j, i))
            lsh.insert(i, m)
    with open(pairs_path, "w") as out:
        out.write("first_line\tsecond_line\testimated_jaccard\n")
        for j, i in pairs:
            out.write(f"{j + 1}\t{i + 1}\t{signatures[i].jaccard(signatures[j])}\n")
    total = Clock()
    for part in (shingling, hashing, indexing):
        total.wall += part.wall
        total.cpu += part.cpu
    print(json.dumps({
        "documents": len(texts), "bands": lsh.b, "rows": lsh.r, "shingling": shingling.json(), "signatures": hashing.json(),
        "lsh": indexing.json(), "total": total.json(), "candidate_pairs": len(pairs), "peak_rss_bytes": peak_rss_bytes(),
    }))


def python_text_metrics(hypotheses_path, references_path, scores_path):
    """sacrebleu's corpus and sentence BLEU (through its BLEU objects, made once) and rouge-score's
    ROUGE-1/2/L; writes each pair's scores and prints the figures as JSON."""
    from rouge_score import rouge_scorer
    from sacrebleu.metrics import BLEU

    hypotheses, references = read_lines(hypotheses_path), read_lines(references_path)
    corpus_clock, sentence_clock, rouge_clock = Clock(), Clock(), Clock()
    with corpus_clock:
        corpus = BLEU().corpus_score(hypotheses, [references]).score
    with sentence_clock:
        bleu = BLEU(effective_order=True)
        sentence = [bleu.sentence_score(h, [r]).score for h, r in zip(hypotheses, references)]
    with rouge_clock:
        scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
        rouge = [scorer.score(r, h) for h, r in zip(hypotheses, references)]
    with open(scores_path, "w") as out:
        out.write("sentence_bleu\t" + "\t".join(f"{v}_{x}" for v in ("rouge1", "rouge2", "rougeL") for x in "prf") + "\n")
        for s, r in zip(sentence, rouge):
            values = [s] + [getattr(r[v], x) for v in ("rouge1", "rouge2", "rougeL") for x in ("precision", "recall", "fmeasure")]
            out.write("\t".join(repr(float(x)) for x in values) + "\n")
    print(json.dumps({
        "pairs": len(hypotheses), "corpus_bleu": corpus, "corpus_bleu_time": corpus_clock.json(),
        "sentence_bleu_time": sentence_clock.json(), "rouge_time": rouge_clock.json(), "peak_rss_bytes": peak_rss_bytes(),
    }))


# --- the comparison ----------------------------------------------------------------------------


def run_json(command):
    """Runs `command`, timing it, and returns the JSON object it printed last and its wall time."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def quality(found, truth):
    """Recall of the pairs with true Jaccard >= the threshold, and precision of `found`."""
    above = {p for p, j in truth.items() if j >= THRESHOLD}
    hits = len(above & found)
    return hits / len(above) if above else float("nan"), (len([p for p in found if truth[p] >= THRESHOLD]) / len(found)) if found else float("nan")


def seconds(clock):
    return clock["wall_seconds"], clock["cpu_seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthforge", default=".build/release/synthforge", help="the synthforge binary to time")
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the near-duplicate corpus (default 100,000)")
    parser.add_argument("--copies", type=int, help="planted near duplicates (default: a tenth of --docs)")
    parser.add_argument("--pairs", type=int, default=10_000, help="hypothesis/reference pairs for BLEU and ROUGE (default 10,000)")
    parser.add_argument("--seed", type=int, default=20261121, help="seed of both corpora")
    parser.add_argument("--work", help="keep the corpora, pairs and scores in this folder (default: a temporary one, removed)")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--per-document", action="store_true", help="also time datasketch making a new MinHash per document (its README's usage)")
    parser.add_argument("--reference", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.reference:
        kind, *paths = args.reference
        {"near-dup": datasketch_near_dup, "text-metrics": python_text_metrics}[kind](*paths)
        return

    synthforge = os.path.abspath(args.synthforge)
    if not os.access(synthforge, os.X_OK):
        sys.exit(f"no synthforge binary at {synthforge}: build it with swift build -c release --product synthforge")
    work = args.work or tempfile.mkdtemp(prefix="synthforge-bench-")
    os.makedirs(work, exist_ok=True)
    me = [sys.executable, os.path.abspath(__file__), "--reference"]
    path = lambda name: os.path.join(work, name)
    copies = args.copies if args.copies is not None else args.docs // 10
    try:
        print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} on {os.cpu_count()} cores", flush=True)
        print(f"making {args.docs:,} documents ({copies:,} planted near duplicates) and {args.pairs:,} text pairs in {work}", flush=True)
        write_near_dup_corpus(path("docs.jsonl"), path("planted.tsv"), args.docs, copies, args.seed)
        write_text_pairs(path("hypotheses.txt"), path("references.txt"), args.pairs, args.seed)

        print("near-dup: synthforge", flush=True)
        ours, ours_process = run_json([synthforge, "bench", "near-dup", "--input", path("docs.jsonl"), "--pairs-out", path("pairs-synthforge.tsv"), "--json"])
        print("near-dup: datasketch", flush=True)
        theirs, theirs_process = run_json(me + ["near-dup", path("docs.jsonl"), path("pairs-datasketch.tsv")])
        if args.per_document:
            print("near-dup: datasketch, a new MinHash per document", flush=True)
            naive, naive_process = run_json(me + ["near-dup", path("docs.jsonl"), path("pairs-datasketch-per-document.tsv"), "per-document"])

        _, our_rows = read_tsv(path("pairs-synthforge.tsv"))
        _, their_rows = read_tsv(path("pairs-datasketch.tsv"))
        _, planted_rows = read_tsv(path("planted.tsv"))
        key = lambda row: (int(row[0]), int(row[1]))
        our_candidates = {key(r) for r in our_rows}
        our_confirmed = {key(r) for r in our_rows if r[3] == "1"}
        their_candidates = {key(r) for r in their_rows}
        their_confirmed = {key(r) for r in their_rows if float(r[2]) >= THRESHOLD}
        planted = {key(r) for r in planted_rows}
        texts = read_texts(path("docs.jsonl"))
        cache = {}
        def shingle_set(line):
            if line not in cache:
                cache[line] = shingles(texts[line - 1])
            return cache[line]
        truth = {}
        for a, b in planted | our_candidates | their_candidates:
            x, y = shingle_set(a), shingle_set(b)
            shared = len(x & y)
            truth[(a, b)] = shared / (len(x) + len(y) - shared)
        above = sum(1 for j in truth.values() if j >= THRESHOLD)
        near = {
            "synthforge candidates": quality(our_candidates, truth),
            f"synthforge near duplicates (estimate >= {ours['confirm_at']:.3f})": quality(our_confirmed, truth),
            "datasketch candidates": quality(their_candidates, truth),
            f"datasketch candidates with estimate >= {THRESHOLD}": quality(their_confirmed, truth),
        }

        print("text metrics: synthforge", flush=True)
        our_text, _ = run_json([synthforge, "bench", "text-metrics", "--hypotheses", path("hypotheses.txt"), "--references", path("references.txt"), "--scores-out", path("scores-synthforge.tsv"), "--json"])
        print("text metrics: sacrebleu and rouge-score", flush=True)
        their_text, _ = run_json(me + ["text-metrics", path("hypotheses.txt"), path("references.txt"), path("scores-python.tsv")])
        header, our_scores = read_tsv(path("scores-synthforge.tsv"))
        _, their_scores = read_tsv(path("scores-python.tsv"))
        if len(our_scores) != len(their_scores):
            sys.exit(f"score counts differ: synthforge {len(our_scores)}, python {len(their_scores)}")
        worst = {name: 0.0 for name in header}
        for ours_row, theirs_row in zip(our_scores, their_scores):
            for name, a, b in zip(header, ours_row, theirs_row):
                worst[name] = max(worst[name], abs(float(a) - float(b)))
        worst["corpus_bleu"] = abs(our_text["corpus_bleu"] - their_text["corpus_bleu"])
        agree = all(d <= TOLERANCE for d in worst.values())

        print()
        print(f"Near duplicates: {ours['documents']:,} documents, {len(planted):,} planted pairs, {above:,} pairs with true Jaccard >= {THRESHOLD}")
        print(f"  (5-word shingles, {PERMUTATIONS} permutations, threshold {THRESHOLD}; synthforge {ours['bands']} bands x {ours['rows']} rows, datasketch {theirs['bands']} x {theirs['rows']})")
        row = "  {:<50} {:>20} {:>24} {:>10}"
        print(row.format("", "synthforge", "datasketch 2.0.0", "speed-up"))
        for label, a, b in [
            ("shingles + signatures + LSH (wall)", ours["total"]["wall_seconds"], theirs["total"]["wall_seconds"]),
            ("shingles + signatures + LSH (CPU)", ours["total"]["cpu_seconds"], theirs["total"]["cpu_seconds"]),
        ]:
            print(row.format(label, f"{a:.2f} s", f"{b:.2f} s", f"{b / a:.1f}x"))
        print(row.format("  of which signatures (wall / CPU)", "{:.2f} / {:.2f} s".format(*seconds(ours["signatures"])), "{:.2f} / {:.2f} s".format(theirs["shingling"]["wall_seconds"] + theirs["signatures"]["wall_seconds"], theirs["shingling"]["cpu_seconds"] + theirs["signatures"]["cpu_seconds"]), ""))
        print(row.format("  of which LSH (wall / CPU)", "{:.2f} / {:.2f} s".format(*seconds(ours["lsh"])), "{:.2f} / {:.2f} s".format(*seconds(theirs["lsh"])), ""))
        if args.per_document:
            print(row.format("datasketch with a new MinHash per document (wall)", "", f"{naive['total']['wall_seconds']:.2f} s", f"{naive['total']['wall_seconds'] / ours['total']['wall_seconds']:.1f}x"))
            print(row.format("datasketch with a new MinHash per document (CPU)", "", f"{naive['total']['cpu_seconds']:.2f} s", f"{naive['total']['cpu_seconds'] / ours['total']['cpu_seconds']:.1f}x"))
        print(row.format("reading the file (not in the total)", "{:.2f} s".format(ours["read"]["wall_seconds"]), "", ""))
        print(row.format("whole process (wall)", f"{ours_process:.2f} s", f"{theirs_process:.2f} s", ""))
        print(row.format("peak RSS", f"{ours['peak_rss_bytes'] / 2**20:,.0f} MB", f"{theirs['peak_rss_bytes'] / 2**20:,.0f} MB", ""))
        print(row.format("candidate pairs", f"{len(our_candidates):,}", f"{len(their_candidates):,}", ""))
        print("  {:<66} {:>8} {:>10}".format("pairs reported", "recall", "precision"))
        for label, (recall, precision) in near.items():
            print("  {:<66} {:>8.4f} {:>10.4f}".format(label, recall, precision))

        print()
        print(f"Text metrics: {our_text['pairs']:,} pairs")
        print(row.format("", "synthforge", "sacrebleu / rouge-score", "speed-up"))
        for label, name, reference in [("corpus BLEU", "corpus_bleu_time", "sacrebleu 2.6.0"), ("sentence BLEU x each pair", "sentence_bleu_time", "sacrebleu 2.6.0"), ("ROUGE-1/2/L x each pair", "rouge_time", "rouge-score 0.1.2")]:
            a, b = our_text[name], their_text[name]
            print(row.format(label + " (wall)", f"{a['wall_seconds']:.3f} s", f"{b['wall_seconds']:.3f} s", f"{b['wall_seconds'] / a['wall_seconds']:.1f}x"))
            print(row.format(label + " (CPU)", f"{a['cpu_seconds']:.3f} s", f"{b['cpu_seconds']:.3f} s", f"{b['cpu_seconds'] / a['cpu_seconds']:.1f}x"))
        print(row.format("peak RSS", f"{our_text['peak_rss_bytes'] / 2**20:,.0f} MB", f"{their_text['peak_rss_bytes'] / 2**20:,.0f} MB", ""))
        print(f"  corpus BLEU {our_text['corpus_bleu']:.6f} (sacrebleu {their_text['corpus_bleu']:.6f}); largest difference of any score: {max(worst.values()):.2e} ({'agree' if agree else 'DISAGREE'} to {TOLERANCE})")
        print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

        if args.json:
            with open(args.json, "w") as out:
                json.dump({
                    "near_dup": {"synthforge": ours, "datasketch": theirs, "datasketch_per_document": naive if args.per_document else None, "planted": len(planted), "true_pairs_at_threshold": above,
                                 "recall_precision": near, "process_wall_seconds": {"synthforge": ours_process, "datasketch": theirs_process}},
                    "text_metrics": {"synthforge": our_text, "python": their_text, "largest_difference": worst},
                }, out, indent=2)
        if not agree:
            sys.exit("scores disagree: " + ", ".join(f"{k} {v:.2e}" for k, v in worst.items() if v > TOLERANCE))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
