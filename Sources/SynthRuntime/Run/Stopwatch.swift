import Foundation

/// Wall-clock and CPU time spent on a stretch of work.
public struct Timing: Sendable, Hashable {
    /// Seconds of wall-clock time.
    public var wall: Double
    /// Seconds of CPU time the whole process spent (all threads, user and system).
    public var cpu: Double

    /// A timing of `wall` and `cpu` seconds.
    public init(wall: Double, cpu: Double) {
        self.wall = wall
        self.cpu = cpu
    }

    /// The time of two stretches of work together.
    public static func + (a: Timing, b: Timing) -> Timing { Timing(wall: a.wall + b.wall, cpu: a.cpu + b.cpu) }
}

/// Measures the wall-clock and CPU time since it was started.
public struct Stopwatch: Sendable {
    private let wallStart = ContinuousClock.now
    private let cpuStart = Stopwatch.processCPUSeconds()

    /// A stopwatch started now.
    public init() {}

    /// The time since the stopwatch was started.
    public var elapsed: Timing {
        let wall = ContinuousClock.now - wallStart
        return Timing(
            wall: Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18,
            cpu: Self.processCPUSeconds() - cpuStart)
    }

    /// The CPU time this process has used so far, in seconds.
    private static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
