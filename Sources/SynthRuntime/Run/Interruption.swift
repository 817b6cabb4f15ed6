import Dispatch
import Foundation
import SynthCore
import SynthExport

/// Makes Ctrl-C and `kill` leave no partial output behind.
public enum Interruption {
    /// Until the returned handlers are released, SIGINT and SIGTERM remove the partial output of
    /// `spec` and exit with 130 or 143, the shell's codes for those signals.
    public static func removePartialOutputOnSignal(for spec: GenerationSpec) -> [any DispatchSourceSignal] {
        guard spec.out != "-" else { return [] }
        let partial = FileSink.partialPath(for: spec.out)
        return [(SIGINT, Int32(130)), (SIGTERM, Int32(143))].map { signalNumber, code in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                unlink(partial)
                FileHandle.standardError.write(Data("\nsynthforge: interrupted; removed the partial output\n".utf8))
                exit(code)
            }
            source.resume()
            return source
        }
    }
}

extension Interruption {
    /// Until the returned handlers are released, the first SIGINT or SIGTERM asks `stop` to end the run
    /// cleanly (records in hand are written, the output stays as a resumable `.partial`); a second one
    /// exits at once, which loses nothing either: every accepted record is already in the journal.
    public static func stopGracefullyOnSignal(_ stop: StopRequest, partialPath: String) -> [any DispatchSourceSignal] {
        [(SIGINT, Int32(130), "interrupted (Ctrl-C)"), (SIGTERM, Int32(143), "terminated (SIGTERM)")].map { signalNumber, code, reason in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if stop.reason == nil {
                    stop.stop(reason)
                    FileHandle.standardError.write(
                        Data(
                            "\nsynthforge: stopping; writing the records in hand to \(partialPath) (press Ctrl-C again to quit now)\n".utf8)
                    )
                } else {
                    FileHandle.standardError.write(Data("\nsynthforge: quit; \(partialPath) keeps every record accepted so far\n".utf8))
                    exit(code)
                }
            }
            source.resume()
            return source
        }
    }
}
