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
            "synthforge: error: unknown metric 'vibes'; metrics are: similarity, diversity, duplicates, pii, toxicity, bias, privacy\n"
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
