import Foundation
import SynthCore

/// Measures SynthForge's work: a generation run (wall time, throughput, output size and memory
/// over the run), and the quality algorithms that have Python references (near duplicates, text metrics).
public enum Benchmark {
    /// What a benchmark run measured.
    public struct Figures: Sendable {
        /// The run's summary.
        public var summary: RunSummary
        /// Bytes written.
        public var outputBytes: Int
        /// Peak resident memory of the process (VmHWM), in bytes.
        public var peakRSS: Int
        /// Resident memory (VmRSS) when each tenth of the records had been written.
        public var rssByDecile: [(written: Int, rss: Int)]
    }

    /// Runs `spec` (to a file) and measures it.
    public static func run(_ spec: GenerationSpec, concurrency: Int) async throws -> Figures {
        var samples: [(Int, Int)] = []
        var nextDecile = 1
        let summary = try await Generation.run(spec, concurrency: concurrency) { progress in
            while nextDecile <= 10, progress.written * 10 >= progress.target * nextDecile {
                samples.append((progress.written, MemoryStatus.read("VmRSS") ?? 0))
                nextDecile += 1
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: spec.out)[.size] as? Int) ?? 0
        return Figures(
            summary: summary, outputBytes: size, peakRSS: MemoryStatus.read("VmHWM") ?? 0, rssByDecile: samples)
    }
}

extension Benchmark {
    /// Bytes as megabytes for people ("68.1 MB").
    public static func megabytes(_ bytes: Int) -> String {
        NumberFormat.fixed(Double(bytes) / 1_048_576, decimals: 1) + " MB"
    }

    /// A timing for people ("4.812 s wall, 9.204 s CPU").
    static func describe(_ timing: Timing) -> String {
        "\(NumberFormat.fixed(timing.wall, decimals: 3)) s wall, \(NumberFormat.fixed(timing.cpu, decimals: 3)) s CPU"
    }

    /// A timing as a JSON object of seconds.
    static func json(_ timing: Timing) -> Value {
        .object(["wall_seconds": .double(timing.wall), "cpu_seconds": .double(timing.cpu)])
    }
}

/// Reads this process's memory figures from /proc/self/status (Linux).
public enum MemoryStatus {
    /// Resets the peak (VmHWM) to the current resident size, so a later read gives the peak of
    /// what happened since; false where the kernel does not allow it.
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The figure called `key` (such as VmRSS or VmHWM) in bytes, if available.
    public static func read(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first.map { $0 * 1024 }
        }
        return nil
    }
}
