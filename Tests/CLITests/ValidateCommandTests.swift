import Foundation
import SynthTesting
import Testing

@Suite struct ValidateCommandTests {
    @Test func reportsDiversityAndDuplicatesOfGeneratedData() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/chats.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "support", "--task", "conversations", "--count", "300", "--out", data).status
                == 0)
        // Append two copies of record 1: one as it is, one with its text re-cased and re-spaced.
        _ = try Processes.python(
            """
            import json, sys
            path = sys.argv[1]
            first = json.loads(open(path).readline())
            copy = json.loads(json.dumps(first))
            for m in copy["messages"]:
                m["content"] = "  " + m["content"].upper().replace(" ", "   ")
            with open(path, "a") as f:
                f.write(json.dumps(first) + "\\n" + json.dumps(copy) + "\\n")
            """, [data])

        let result = try Processes.synthforge("validate", "--synthetic", data, "--json", folder + "/report.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Read 302 records from \(data)."))
        #expect(result.stdout.contains("Duplicates: 2 exact duplicates in 1 clusters (first: lines 1, 301, 302)."))
        let check = try Processes.python(
            """
            import json, sys
            r = json.load(open(sys.argv[1]))
            print(r["synthetic"]["records"], r["synthetic"]["shapes"], r["metrics"]["duplicates"]["clusters"], r["metrics"]["diversity"]["tokens"] > 0)
            """, [folder + "/report.json"])
        #expect(check == "302 {'conversation': 302} [[1, 301, 302]] True\n")
    }

    @Test func badLinesAreSkippedAndCountedWithTheirNumbers() throws {
        let path = try Processes.temporaryFolder() + "/mixed.jsonl"
        try "{\"body\": \"first text\"}\nnot json\n{\"body\": \"second text\"}\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Processes.synthforge("validate", "--synthetic", path, "--field", "body")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Read 2 records from \(path); skipped 2 lines (first: line 2)."))
    }

    @Test(arguments: [
        (["--synthetic", "/no/such.jsonl"], "synthforge: error: cannot read '/no/such.jsonl': no such file or not readable\n"),
        (["--synthetic", "/dev/null"], "synthforge: error: '/dev/null' is empty: there are no records to validate\n"),
        (
            ["--synthetic", "x", "--metrics", "vibes"],
            "synthforge: error: unknown metric 'vibes'; metrics are: similarity, diversity, duplicates, pii, toxicity, bias, quality, privacy\n"
        ),
    ])
    func badInvocationsFailWithOneLine(arguments: [String], message: String) throws {
        let result = try Processes.run(Processes.synthforge, ["validate"] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr == message)
    }
}

/// The HTML report as a person sees it: headless Chromium renders it, with no console errors.
@Suite struct HTMLReportTests {
    @Test func theReportRendersInChromiumWithoutErrors() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/reviews.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "ecommerce", "--task", "reviews", "--count", "500", "--out", data).status == 0)
        let html = folder + "/report.html"
        let validate = try Processes.synthforge("validate", "--synthetic", data, "--report", html)
        #expect(validate.status == 0, "\(validate.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        // Self-contained: no scripts, no external assets.
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("<link"))
        let result = try Processes.python(
            """
            import sys
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
            from PIL import Image
            options = webdriver.ChromeOptions()
            options.binary_location = "/usr/lib/chromium/chromium"
            for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1400"]:
                options.add_argument(a)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
            try:
                driver.get("file://" + sys.argv[1])
                errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
                title = driver.find_element("tag name", "h1").text
                bars = len(driver.find_elements("css selector", "svg rect"))
                driver.save_screenshot(sys.argv[2])
            finally:
                driver.quit()
            image = Image.open(sys.argv[2]).convert("RGB")
            pixels = list(image.getdata())
            inked = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
            print(len(errors), title, bars > 10, inked > 0.02)
            """, [html, folder + "/shot.png"])
        #expect(result == "0 Quality report True True\n")
    }
}

/// `validate --reference` gives the numbers the reference implementations give on the same texts.
@Suite struct SimilarityTests {
    @Test func bleuRougeAndDistancesMatchSacrebleuRougeScoreAndScipy() throws {
        let folder = try Processes.temporaryFolder()
        for (name, seed) in [("synthetic", "1"), ("real", "2")] {
            let result = try Processes.synthforge(
                "generate", "--domain", "support", "--task", "ticket-triage", "--count", "400", "--seed", seed, "--out",
                "\(folder)/\(name).jsonl")
            #expect(result.status == 0)
        }
        let validate = try Processes.synthforge(
            "validate", "--synthetic", folder + "/synthetic.jsonl", "--reference", folder + "/real.jsonl", "--json", folder + "/r.json")
        #expect(validate.status == 0, "\(validate.stderr)")
        let check = try Processes.python(
            """
            import json, re, sys
            import sacrebleu
            from rouge_score import rouge_scorer
            from scipy import stats
            from collections import Counter
            folder = sys.argv[1]
            syn = [json.loads(l) for l in open(folder + "/synthetic.jsonl")]
            real = [json.loads(l) for l in open(folder + "/real.jsonl")]
            report = json.load(open(folder + "/r.json"))["metrics"]["similarity"]
            hyp, ref = [r["text"] for r in syn], [r["text"] for r in real]
            bleu = sacrebleu.corpus_bleu(hyp, [ref]).score
            scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
            scores = [scorer.score(t, p) for t, p in zip(ref, hyp)]
            mean = lambda k: sum(s[k].fmeasure for s in scores) / len(scores)
            words = lambda t: len(re.findall(r"[a-z0-9\\u0080-\\U0010ffff]+", t.lower()))  # word tokens, as distinct-n counts them
            ks = stats.ks_2samp([words(t) for t in hyp], [words(t) for t in ref]).statistic
            ws = stats.wasserstein_distance([words(t) for t in hyp], [words(t) for t in ref])
            a, b = Counter(r["label"] for r in syn), Counter(r["label"] for r in real)
            tvd = 0.5 * sum(abs(a[k] / len(syn) - b[k] / len(real)) for k in set(a) | set(b))
            diffs = [abs(report["bleu"] - bleu), abs(report["rouge1_f"] - mean("rouge1")), abs(report["rouge2_f"] - mean("rouge2")),
                     abs(report["rougeL_f"] - mean("rougeL")), abs(report["length_ks"] - ks), abs(report["length_wasserstein"] - ws),
                     abs(report["label_tvd"] - tvd)]
            print(max(diffs) < 1e-6, report["pairs"], bleu > 0)
            """, [folder])
        #expect(check == "True 400 True\n")
    }

    @Test func similarityWithoutAReferenceSaysWhatIsMissing() throws {
        let result = try Processes.synthforge("validate", "--synthetic", "x.jsonl", "--metrics", "similarity")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "synthforge: error: metric 'similarity' compares with real data: pass --reference FILE (or leave 'similarity' out)\n")
    }
}

@Suite struct PIIValidationTests {
    @Test func findsTheEmailsTheEngineWrote() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/tickets.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "support", "--task", "ticket-entities", "--count", "300", "--out", data).status
                == 0)
        let result = try Processes.synthforge("validate", "--synthetic", data, "--metrics", "pii", "--json", folder + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        // The NER labels say where the engine put each email: validate must count the same number.
        let check = try Processes.python(
            """
            import json, sys
            labelled = sum(1 for l in open(sys.argv[1]) for e in json.loads(l)["entities"] if e["type"] == "EMAIL")
            found = json.load(open(sys.argv[2]))["metrics"]["pii"]["by_type"]["EMAIL"]
            print(labelled == found, labelled > 100)
            """, [data, folder + "/r.json"])
        #expect(check == "True True\n")
    }
}
