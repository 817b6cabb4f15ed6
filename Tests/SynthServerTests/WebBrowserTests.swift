import Foundation
import SynthTesting
import Testing

/// The web UI in a real browser: headless Chromium (from apt, driven by Selenium in the reference
/// Python) against the built `synthforge serve`.
@Suite struct WebBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/ui_test.py").path

    /// The screenshots scripts/ui_test.py saves, one or more a step.
    static let screenshots = [
        "login", "dashboard", "page-dashboard", "page-builder", "page-datasets", "page-templates", "page-review", "page-jobs", "page-keys",
        "build",
        "build-done", "dataset", "review", "export",
    ]

    @Test(.timeLimit(.minutes(30)))
    func aUserSignsInBuildsADatasetApprovesARecordAndExportsIt() async throws {
        for tool in ["/usr/lib/chromium/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestFailure("\(tool) is missing: run ./scripts/test.sh once (it installs chromium and chromium-driver from apt)")
        }
        let password = "a browser's password 7"
        let scratch = try Processes.temporaryFolder()
        let server = try ServeProcess(
            store: scratch + "/store.db", arguments: ["--runs", scratch + "/runs"], environment: ["SYNTHFORGE_ADMIN_PASSWORD": password])
        defer { server.stop() }
        let folder = scratch + "/screenshots"
        let run = try Processes.run(
            Processes.referencePython, [Self.script, "--url", server.baseURL, "--password", password, "--screenshots", folder])
        try #require(run.status == 0, "ui_test.py failed:\n\(run.stdout)\n\(run.stderr)\nserver output:\n\(server.output.suffix(3000))")
        #expect(run.stdout.contains("failed: none; not run: none"), "\(run.stdout)")
        for name in Self.screenshots {
            let data = FileManager.default.contents(atPath: "\(folder)/\(name).png") ?? Data()
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name).png is not a PNG")
            #expect(data.count > 5_000, "\(name).png has \(data.count) bytes")
        }
    }
}
