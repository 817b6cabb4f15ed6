import Foundation
import SynthCore

/// Shows run progress on standard error: a redrawn bar on a terminal, plain lines every few
/// seconds otherwise (logs and CI), nothing when quiet.
public struct ProgressDisplay {
    /// How progress is shown.
    public enum Mode: Sendable {
        case bar
        case lines(every: Duration)
        case quiet
    }

    private let mode: Mode
    private var lastDraw: ContinuousClock.Instant?
    private let clock = ContinuousClock()
    private var drewBar = false

    /// A bar when standard error is a terminal, lines every 5 s otherwise; none when `quiet`.
    public init(quiet: Bool) {
        if quiet {
            mode = .quiet
        } else {
            mode = isatty(STDERR_FILENO) == 1 ? .bar : .lines(every: .seconds(5))
        }
    }

    /// Records one update of a run.
    public mutating func update(_ progress: RunProgress) {
        let rate = Self.rate(progress.written, progress.elapsed)
        let remaining = rate > 0 ? NumberText.duration(Double(progress.target - progress.written) / Double(rate)) : "–"
        show(
            fraction: progress.fraction, done: progress.written >= progress.target,
            bar:
                "\(NumberText.grouped(progress.written))/\(NumberText.grouped(progress.target)) · \(NumberText.grouped(rate)) rec/s · ETA \(remaining)",
            line:
                "\(NumberText.grouped(progress.written))/\(NumberText.grouped(progress.target)) records (\(Int(progress.fraction * 100))%), \(NumberText.grouped(rate)) records/s"
        )
    }

    /// Records one update of a file being read: `records` so far, `bytesRead` of `totalBytes`
    /// (nil when the size is unknown, as for a pipe).
    public mutating func update(records: Int, bytesRead: Int, totalBytes: Int?, elapsed: Duration) {
        let fraction = totalBytes.map { $0 > 0 ? min(1, Double(bytesRead) / Double($0)) : 1 } ?? 0
        let rate = Self.rate(records, elapsed)
        let megabytes = { (n: Int) in NumberText.fixed(Double(n) / 1_048_576, 0) }
        let read = megabytes(bytesRead) + (totalBytes.map { "/" + megabytes($0) } ?? "") + " MB"
        show(
            fraction: fraction, done: false, bar: "\(NumberText.grouped(records)) records · \(read) · \(NumberText.grouped(rate)) rec/s",
            line: "\(NumberText.grouped(records)) records, \(read) read, \(NumberText.grouped(rate)) records/s")
    }

    /// Draws the bar (at most ten times a second) or prints a line (every few seconds).
    private mutating func show(fraction: Double, done: Bool, bar text: String, line: String) {
        let now = clock.now
        switch mode {
        case .quiet: return
        case .bar:
            if let lastDraw, now - lastDraw < .milliseconds(100), !done { return }
            lastDraw = now
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(Int(fraction * 100))% \(text)\u{1B}[K".utf8))
            drewBar = true
        case .lines(let every):
            if let lastDraw, now - lastDraw < every { return }
            if lastDraw == nil {
                lastDraw = now
                return
            }
            lastDraw = now
            FileHandle.standardError.write(Data("progress: \(line)\n".utf8))
        }
    }

    /// Ends the bar's line so later output starts clean.
    public mutating func finish() {
        if drewBar {
            FileHandle.standardError.write(Data("\n".utf8))
            drewBar = false
        }
    }

    private static func rate(_ count: Int, _ elapsed: Duration) -> Int {
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return s > 0 ? Int(Double(count) / s) : 0
    }
}
