import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct DomainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domains",
        abstract: "List the built-in domains and their tasks, or one domain's tasks with a sample record.",
        discussion: """
            Examples:
              synthforge domains               # every domain, one line each
              synthforge domains medical       # medical's tasks, each with a sample record
              synthforge domains --packs mypacks   # include your own packs
            """
    )

    @Argument(help: "A domain to show in full.")
    var domain: String?

    @Option(help: ArgumentHelp("Folder of extra domain packs (*.yaml); repeatable.", valueName: "dir"))
    var packs: [String] = []

    func run() async throws {
        do {
            guard let domain else {
                let domains = try Domains.list(adding: packs)
                let width = domains.map(\.name.count).max() ?? 0
                for pack in domains {
                    let name = pack.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    print("\(name)  \(pack.tasks.map(\.name).joined(separator: ", "))")
                }
                print(
                    "\n\(domains.count) domains, \(domains.map(\.tasks.count).reduce(0, +)) tasks. `synthforge domains NAME` shows a domain's tasks with a sample record."
                )
                return
            }
            let pack = try Domains.info(domain, adding: packs)
            print("\(pack.name) (pack version \(pack.version)): \(pack.description)\n")
            for task in pack.tasks {
                print("\(task.name) [\(task.shape.rawValue)]: \(task.description)")
                if !task.labels.isEmpty {
                    print("  \(task.shape == .ner ? "span types" : "labels"): \(task.labels.joined(separator: ", "))")
                }
                print("  sample: \(SampleText.render(task.sample))\n")
            }
        } catch {
            fail(error)
        }
    }
}
