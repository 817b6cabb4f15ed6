import Foundation
import SynthCore
import SynthQuality

/// Prints HTML reports to PDF with headless Chromium, as a person's browser prints them.
///
/// Chromium is the one dependency outside the binary: a PDF laid out by a real browser engine
/// looks like the HTML page, which a hand-written PDF writer would not.
public struct PDFPrinter: Sendable {
    /// The names looked for on `PATH`, in order.
    public static let executableNames = ["chromium", "chromium-browser", "google-chrome"]

    /// The Chromium (or Chrome) executable.
    public let chromium: String
    /// How long Chromium may take to print one page before it is stopped.
    public var timeout: Duration

    /// A printer that runs `chromium`.
    public init(chromium: String, timeout: Duration = .seconds(120)) {
        self.chromium = chromium
        self.timeout = timeout
    }

    /// A printer for the Chromium named by `SYNTHFORGE_CHROMIUM`, else the first of
    /// `executableNames` found on `PATH`; an error that says how to install it when there is none.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SynthError) -> PDFPrinter {
        let files = FileManager.default
        if let named = environment["SYNTHFORGE_CHROMIUM"], !named.isEmpty {
            guard files.isExecutableFile(atPath: named) else {
                throw SynthError(.io, "SYNTHFORGE_CHROMIUM is '\(named)', which is not an executable file")
            }
            return PDFPrinter(chromium: named)
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in executableNames {
            for folder in folders where files.isExecutableFile(atPath: "\(folder)/\(name)") {
                return PDFPrinter(chromium: "\(folder)/\(name)")
            }
        }
        throw SynthError(
            .io,
            "printing to PDF needs Chromium, and none of \(executableNames.joined(separator: ", ")) is on PATH: "
                + "install it (for example `apt-get install chromium`) or set SYNTHFORGE_CHROMIUM to its path")
    }

    /// Prints `document` as `HTMLReport` renders it to a PDF at `path`.
    public func print(_ document: ReportDocument, to path: String) throws(SynthError) {
        try print(html: HTMLReport.render(document), to: path)
    }

    /// Prints the self-contained HTML page `html` to a PDF at `path` (A4 unless the page's CSS says
    /// otherwise, no header or footer), atomically: a reader never sees half a file. Blocks until
    /// Chromium is done.
    public func print(html: String, to path: String) throws(SynthError) {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SynthError(.io, "cannot write '\(path)': folder '\(folder)' does not exist")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("synthforge-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("report.html")
        let pdf = work.appendingPathComponent("report.pdf")
        let log = work.appendingPathComponent("chromium.log")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: page)
            try Data().write(to: log)
        } catch {
            throw SynthError(.io, "cannot prepare the page to print in '\(work.path)': \(error.localizedDescription)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // A profile of its own, so runs side by side never wait on one another's profile lock.
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
            "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try? FileHandle(forWritingTo: log)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw SynthError(.io, "cannot run Chromium at '\(chromium)': \(error.localizedDescription)")
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            finished.wait()
            throw SynthError(.io, "Chromium did not finish printing '\(path)' within \(Int(seconds)) s" + Self.tail(of: log))
        }
        let bytes = (try? Data(contentsOf: pdf)) ?? Data()
        guard process.terminationStatus == 0, bytes.starts(with: Array("%PDF".utf8)) else {
            throw SynthError(
                .io,
                "Chromium (\(chromium)) could not print '\(path)' (exit status \(process.terminationStatus)"
                    + (bytes.isEmpty ? ", no PDF written)" : ", output is not a PDF)") + Self.tail(of: log))
        }
        do {
            try bytes.write(to: target, options: .atomic)
        } catch {
            throw SynthError(.io, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// The last lines Chromium wrote to standard error, to end an error message with.
    private static func tail(of log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").suffix(8)
        return lines.isEmpty ? "" : "; Chromium said: " + lines.joined(separator: " | ")
    }
}
