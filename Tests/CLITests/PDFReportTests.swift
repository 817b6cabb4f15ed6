import Foundation
import SynthTesting
import Testing

/// `validate --pdf`: the HTML report printed by headless Chromium, read back with pypdf.
@Suite struct PDFReportTests {
    @Test func thePDFHasTheReportsTitleAndFigures() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/notes.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "medical", "--task", "clinical-notes", "--count", "1234", "--out", data).status
                == 0)
        let pdf = folder + "/report.pdf"
        let result = try Processes.synthforge("validate", "--synthetic", data, "--json", folder + "/report.json", "--pdf", pdf)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("Report: \(folder)/report.json\nReport: \(pdf)\n"))
        let check = try Processes.python(
            """
            import json, sys
            from pypdf import PdfReader
            report = json.load(open(sys.argv[2]))
            reader = PdfReader(sys.argv[1])
            text = "\\n".join(page.extract_text() for page in reader.pages)
            box = reader.pages[0].mediabox
            records = report["synthetic"]["records"]
            distinct2 = "%.4f" % report["metrics"]["diversity"]["distinct-2"]
            print(text.startswith("Quality report"), f"{records:,}" in text, records, distinct2 in text,
                  "Near duplicates" in text, (round(float(box.width)), round(float(box.height))))
            """, [pdf, folder + "/report.json"])
        // A4 is 595 × 842 points.
        #expect(check == "True True 1234 True True (595, 842)\n")
    }

    @Test func aMissingChromiumIsNamedBeforeAnyWork() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["validate", "--synthetic", "/no/such.jsonl", "--pdf", folder + "/r.pdf"]
        let none = try Processes.run(Processes.synthforge, arguments, environment: ["PATH": folder])
        #expect(none.status == 1)
        #expect(
            none.stderr
                == "synthforge: error: printing to PDF needs Chromium, and none of chromium, chromium-browser, google-chrome is on PATH: "
                + "install it (for example `apt-get install chromium`) or set SYNTHFORGE_CHROMIUM to its path\n")
        let named = try Processes.run(Processes.synthforge, arguments, environment: ["SYNTHFORGE_CHROMIUM": folder + "/chromium"])
        #expect(named.stderr == "synthforge: error: SYNTHFORGE_CHROMIUM is '\(folder)/chromium', which is not an executable file\n")
    }

    @Test func aFailingChromiumLeavesNoFileAndSaysWhy() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/data.jsonl"
        try "{\"text\": \"a short document\"}\n".write(toFile: data, atomically: true, encoding: .utf8)
        let fake = folder + "/chromium"
        try "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let pdf = folder + "/report.pdf"
        let result = try Processes.run(
            Processes.synthforge, ["validate", "--synthetic", data, "--pdf", pdf], environment: ["SYNTHFORGE_CHROMIUM": fake])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "synthforge: error: Chromium (\(fake)) could not print '\(pdf)' (exit status 3, no PDF written); "
                + "Chromium said: cannot open display\n")
        #expect(!FileManager.default.fileExists(atPath: pdf))
    }
}
