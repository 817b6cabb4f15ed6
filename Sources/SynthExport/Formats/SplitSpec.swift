import Foundation
import SynthCore

/// Named proportions to split an export into, such as `train=0.8,validation=0.1,test=0.1`.
public struct SplitSpec: Sendable, Equatable {
    /// The split names, in the order given.
    public let names: [String]
    /// Each split's share of the records, in the order of `names`; they sum to 1.
    public let proportions: [Double]

    /// Parses `name=share,…`; names are letters, digits and `_`, each once, and the shares are
    /// positive and sum to 1.
    public init(parsing text: String) throws(SynthError) {
        var names: [String] = []
        var proportions: [Double] = []
        let example = "such as train=0.8,validation=0.1,test=0.1"
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            let name = pieces.first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            guard pieces.count == 2 else {
                throw SynthError(.invalidArgument, "--split takes name=share pairs separated by commas, \(example); got '\(part)'")
            }
            guard !name.isEmpty,
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else {
                throw SynthError(.invalidArgument, "split name '\(name)' must be letters, digits and _ only, \(example)")
            }
            guard !names.contains(name) else { throw SynthError(.invalidArgument, "split '\(name)' is named twice in --split") }
            let shareText = pieces[1].trimmingCharacters(in: .whitespaces)
            guard let share = Double(shareText), share.isFinite, share > 0, share <= 1 else {
                throw SynthError(.invalidArgument, "split '\(name)' needs a share above 0 and at most 1, got '\(shareText)'")
            }
            names.append(name)
            proportions.append(share)
        }
        guard names.count <= 100 else { throw SynthError(.invalidArgument, "--split names at most 100 splits") }
        let total = proportions.reduce(0, +)
        guard abs(total - 1) < 1e-9 else {
            throw SynthError(
                .invalidArgument,
                "the --split shares must sum to 1, but \(proportions.map { NumberFormat.shortest($0) }.joined(separator: " + ")) = \(NumberFormat.shortest(total))"
            )
        }
        self.names = names
        self.proportions = proportions
    }

    /// How many of `count` records each split gets: the floors of the exact shares, then one more
    /// to the splits with the largest remainders (earlier splits first on ties), so every count
    /// is within one record of its exact share and the counts add up to `count`.
    public func counts(of count: Int) -> [Int] {
        let exact = proportions.map { $0 * Double(count) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = count - counts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(counts[a])
            let rb = exact[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(max(0, left)) { counts[i] += 1 }
        return counts
    }

    /// The split of each record, by its position: within each stratum, records are ordered by
    /// their id's hash mixed with `seed` and dealt out by ``counts(of:)``, so the same ids and
    /// seed give the same assignment whatever the file order.
    ///
    /// - Parameters:
    ///   - idHashes: `stableHash` of each record's id, in file order.
    ///   - strata: each record's stratum number (records with equal numbers are split together).
    public func assign(idHashes: [UInt64], strata: [Int], seed: UInt64) -> [UInt8] {
        var groups: [Int: [Int]] = [:]
        for i in idHashes.indices { groups[strata[i], default: []].append(i) }
        var assignment = [UInt8](repeating: 0, count: idHashes.count)
        for members in groups.values {
            let keys = members.map { SplitMix64.derive(seed, idHashes[$0]) }
            // Ties (repeated ids) fall back to file order, so the result never depends on the sort.
            let order = members.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            var next = 0
            for (split, n) in counts(of: members.count).enumerated() {
                for k in order[next..<(next + n)] { assignment[members[k]] = UInt8(split) }
                next += n
            }
        }
        return assignment
    }
}
