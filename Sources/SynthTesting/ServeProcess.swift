import Foundation
import Synchronization

/// A real `synthforge serve` for tests: started on a free loopback port with its own store,
/// and stopped with a signal, as an operator would.
public final class ServeProcess: Sendable {
    /// The running process.
    public let process: Process
    /// Such as `http://127.0.0.1:41234`.
    public let baseURL: String
    /// The owner's API key printed on a first start, or nil when the store had users already.
    public let firstKey: String?
    private let collected: Output

    /// What the server printed, gathered as it arrives.
    final class Output: Sendable {
        let data = Mutex(Data())
        var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    /// Everything the server printed on standard output and standard error so far.
    public var output: String { collected.text }

    /// Starts `synthforge serve --port 0 --db STORE` plus `arguments` in `directory`, and waits
    /// (up to `timeout` seconds) until it prints where it listens.
    public init(
        store: String, arguments: [String] = [], environment: [String: String] = [:], directory: String? = nil,
        timeout: Double = 120
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Processes.synthforge)
        process.arguments = ["serve", "--port", "0", "--db", store] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = Output()
        let started = DispatchSemaphore(value: 0)
        let signalled = Atomic<Bool>(false)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                if !signalled.exchange(true, ordering: .relaxed) { started.signal() }
                return
            }
            let text = collected.data.withLock { all in
                all.append(data)
                return String(decoding: all, as: UTF8.self)
            }
            if text.contains("serving on http://"), !signalled.exchange(true, ordering: .relaxed) { started.signal() }
        }
        try process.run()
        let text: String
        if started.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            text = collected.text
            throw ServeFailure("synthforge serve did not start within \(Int(timeout)) s:\n\(text)")
        }
        text = collected.text
        guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw ServeFailure("synthforge serve stopped before listening:\n\(text)")
        }
        self.process = process
        self.collected = collected
        baseURL = String(text[range])
        firstKey = text.range(of: #"sf_[A-Za-z0-9]{40}"#, options: .regularExpression).map { String(text[$0]) }
    }

    /// Sends `signal` (SIGTERM by default) and waits for the server to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// A server for tests that did not start.
public struct ServeFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
