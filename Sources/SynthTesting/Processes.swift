import Foundation

/// The result of running a program.
public struct ProcessResult: Sendable {
    /// The exit status, or the signal's number when `killedBySignal`.
    public var status: Int32
    /// True when a signal ended the program (a crash or a kill) rather than an exit.
    public var killedBySignal = false
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
}

/// Runs programs for tests: the built `synthforge` binary and reference tools such as python3.
public enum Processes {
    /// The folder holding the built products (where `synthforge` is).
    public static var productsFolder: URL {
        let bundle = Bundle.main.bundleURL
        // Tests run from .build/<config>/<Package>PackageTests.xctest; products sit beside it.
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    /// The built `synthforge` executable.
    public static var synthforge: String { productsFolder.appendingPathComponent("synthforge").path }

    /// Runs `executable` with `arguments`, feeding `input` on standard input, and waits for it.
    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
        directory: String? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the built `synthforge` with `arguments`.
    public static func synthforge(_ arguments: String..., input: String? = nil, directory: String? = nil) throws -> ProcessResult {
        try run(synthforge, arguments, input: input, directory: directory)
    }

    /// Runs the built `synthforge` with an array of `arguments`.
    public static func synthforge(arguments: [String], input: String? = nil, directory: String? = nil) throws -> ProcessResult {
        try run(synthforge, arguments, input: input, directory: directory)
    }

    /// The Python with the reference packages (sacrebleu, rouge-score, datasketch, scipy):
    /// `SYNTHFORGE_PYTHON`, else the env `scripts/test.sh` creates, else python3.
    public static var referencePython: String {
        if let path = ProcessInfo.processInfo.environment["SYNTHFORGE_PYTHON"], !path.isEmpty { return path }
        let venv =
            (ProcessInfo.processInfo.environment["SYNTHFORGE_PYENV"]
                ?? NSHomeDirectory() + "/.cache/synthforge/venv") + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Runs a Python program with the reference Python and returns what it printed; throws on a
    /// non-zero exit (a missing package says to run `./scripts/test.sh` once).
    ///
    /// A run that a signal ended is run once more: on a starved machine the reference libraries'
    /// native thread pools have aborted ("terminate called without an active exception") on
    /// programs that pass when run again. A second crash fails the test.
    public static func python(_ program: String, _ arguments: [String] = []) throws -> String {
        var result = try run(referencePython, ["-c", program] + arguments)
        if result.killedBySignal { result = try run(referencePython, ["-c", program] + arguments) }
        if result.stderr.contains("ModuleNotFoundError") {
            throw TestFailure(
                "a reference package is missing from \(referencePython); run ./scripts/test.sh once to create it: \(result.stderr)")
        }
        guard result.status == 0 else {
            let how = result.killedBySignal ? "was killed by signal \(result.status) twice" : "failed (\(result.status))"
            throw TestFailure("\(referencePython) \(how): \(result.stderr)")
        }
        return result.stdout
    }

    /// A fresh empty folder under the system's temporary folder.
    public static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "synthforge-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A failure raised by test support code.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Makes a failure.
    public init(_ description: String) { self.description = description }
}
