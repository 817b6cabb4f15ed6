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

    /// Records one update.
    public mutating func update(_ progress: RunProgress) {
        let now = clock.now
        switch mode {
        case .quiet: return
        case .bar:
            if let lastDraw, now - lastDraw < .milliseconds(100), progress.written < progress.target { return }
            lastDraw = now
            let width = 30
            let filled = Int(progress.fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let rate = Self.rate(progress)
            let line =
                "\r\(bar) \(Int(progress.fraction * 100))% \(NumberText.grouped(progress.written))/\(NumberText.grouped(progress.target)) · \(NumberText.grouped(rate)) rec/s · ETA \(Self.eta(progress, rate))\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
            drewBar = true
        case .lines(let every):
            if let lastDraw, now - lastDraw < every { return }
            if lastDraw == nil {
                lastDraw = now
                return
            }
            lastDraw = now
            let line =
                "progress: \(NumberText.grouped(progress.written))/\(NumberText.grouped(progress.target)) records (\(Int(progress.fraction * 100))%), \(NumberText.grouped(Self.rate(progress))) records/s\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Ends the bar's line so later output starts clean.
    public mutating func finish() {
        if drewBar {
            FileHandle.standardError.write(Data("\n".utf8))
            drewBar = false
        }
    }

    private static func rate(_ p: RunProgress) -> Int {
        let s = Double(p.elapsed.components.seconds) + Double(p.elapsed.components.attoseconds) * 1e-18
        return s > 0 ? Int(Double(p.written) / s) : 0
    }

    private static func eta(_ p: RunProgress, _ rate: Int) -> String {
        guard rate > 0 else { return "–" }
        return NumberText.duration(Double(p.target - p.written) / Double(rate))
    }
}
