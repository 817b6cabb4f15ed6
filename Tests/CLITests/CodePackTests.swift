import Foundation
import SynthTesting
import Testing

/// The code domain's examples are real code: Python runs them and their tests pass.
@Suite struct CodePackTests {
    @Test func programmingExamplesRunAndTheirTestsPass() throws {
        let out = try Processes.temporaryFolder() + "/code.jsonl"
        let result = try Processes.synthforge(
            "generate", "--domain", "code", "--task", "programming-examples", "--count", "150", "--seed", "21", "--out", out)
        #expect(result.status == 0)
        let report = try Processes.python(
            """
            import contextlib, io, json, sys
            failures, total = [], 0
            for line in open(sys.argv[1]):
                record = json.loads(line)
                total += 1
                try:
                    with contextlib.redirect_stdout(io.StringIO()):  # examples may print "all tests passed"
                        exec(compile(record["output"], record["id"], "exec"), {"__name__": "__main__"})
                except Exception as error:
                    failures.append(f"{record['id']}: {type(error).__name__}: {error}")
            print(total, len(failures), *failures[:3], sep="\\n")
            """, [out])
        let lines = report.split(separator: "\n")
        #expect(lines.first == "150")
        #expect(lines.dropFirst().first == "0", "\(report)")
    }
}
