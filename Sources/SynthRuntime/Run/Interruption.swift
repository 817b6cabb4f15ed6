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
