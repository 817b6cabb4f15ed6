/// An exact nearest-neighbour index over points under the distance Σ min(|pᵢ − qᵢ|, 1): a k-d tree
/// whose boxes give a lower bound, so whole branches are skipped without missing a closer point.
///
/// Written here because the distance (capped per coordinate, labels as codes) is not one a
/// general library offers; exact and deterministic, whatever the order points are visited in.
struct NearestRows: Sendable {
    let dimensions: Int
    /// The distinct points in tree order, one after another.
    private let points: [Float]
    /// How many times each distinct point occurs.
    private let counts: [Int32]
    /// Per node: first and end point, children (-1 for a leaf), and the split.
    private let nodes: [Node]
    /// Per node: `dimensions` lower then `dimensions` upper box bounds.
    private let boxes: [Float]

    private struct Node {
        var start: Int32
        var end: Int32
        var left: Int32
        var right: Int32
        /// The coordinate split on, and the smallest value of the right child there.
        var dimension: Int32
        var split: Float
    }

    private static let leafSize = 12

    /// An index over `points` (`count` points of `dimensions` coordinates each).
    init(points all: [Float], dimensions: Int) {
        self.dimensions = dimensions
        // Repeated points are kept once with a count, so a table of few distinct rows stays fast.
        var seen: [ArraySlice<Float>: Int] = [:]
        var input: [Float] = []
        var multiplicity: [Int32] = []
        if dimensions > 0 {
            for start in stride(from: 0, to: all.count, by: dimensions) {
                let point = all[start..<(start + dimensions)]
                if let index = seen[point] {
                    multiplicity[index] += 1
                } else {
                    seen[point] = multiplicity.count
                    multiplicity.append(1)
                    input += point
                }
            }
        }
        let count = multiplicity.count
        var order = Array(0..<count)
        var nodes: [Node] = []
        var boxes: [Float] = []
        func box(_ range: Range<Int>) -> [Float] {
            var lo = [Float](repeating: .infinity, count: dimensions)
            var hi = [Float](repeating: -.infinity, count: dimensions)
            for i in range {
                let base = order[i] * dimensions
                for d in 0..<dimensions {
                    lo[d] = min(lo[d], input[base + d])
                    hi[d] = max(hi[d], input[base + d])
                }
            }
            return lo + hi
        }
        func build(_ range: Range<Int>) -> Int32 {
            let index = nodes.count
            nodes.append(Node(start: Int32(range.lowerBound), end: Int32(range.upperBound), left: -1, right: -1, dimension: 0, split: 0))
            let bounds = box(range)
            boxes += bounds
            guard range.count > Self.leafSize else { return Int32(index) }
            // Split the coordinate where two points of the node differ most on average (capped at
            // 1, as the distance is), estimated from a fixed sample of pairs: for labels this is the
            // chance two differ, for numbers about their mean absolute difference.
            var split = -1
            var widest: Float = 0
            let n = range.count
            let pairs = min(n, 48)
            var spread = [Float](repeating: 0, count: dimensions)
            for i in 0..<pairs {
                let a = order[range.lowerBound + i * n / pairs] * dimensions
                let b = order[range.lowerBound + (i * n / pairs + n / 2 + i) % n] * dimensions
                for d in 0..<dimensions { spread[d] += min(abs(input[a + d] - input[b + d]), 1) }
            }
            for d in 0..<dimensions where bounds[dimensions + d] > bounds[d] && spread[d] >= widest {
                if spread[d] > widest || split < 0 {
                    widest = spread[d]
                    split = d
                }
            }
            guard split >= 0 else { return Int32(index) }
            order[range].sort { input[$0 * dimensions + split] < input[$1 * dimensions + split] }
            let middle = range.lowerBound + range.count / 2
            let left = build(range.lowerBound..<middle)
            let right = build(middle..<range.upperBound)
            nodes[index].left = left
            nodes[index].right = right
            nodes[index].dimension = Int32(split)
            nodes[index].split = input[order[middle] * dimensions + split]
            return Int32(index)
        }
        if count > 0 { _ = build(0..<count) }
        var sorted = [Float]()
        sorted.reserveCapacity(input.count)
        for i in order { sorted += input[(i * dimensions)..<((i + 1) * dimensions)] }
        self.points = sorted
        self.counts = order.map { multiplicity[$0] }
        self.nodes = nodes
        self.boxes = boxes
    }

    /// The leaf a point descends to by the splits (queries near in the tree share leaves, and cache lines).
    func leaf(of query: UnsafeBufferPointer<Float>) -> Int {
        guard !nodes.isEmpty else { return 0 }
        var index = 0
        while nodes[index].left >= 0 {
            let node = nodes[index]
            index = Int(query[Int(node.dimension)] < node.split ? node.left : node.right)
        }
        return index
    }

    /// The smallest and second-smallest distance (sums, not yet divided by the dimension count)
    /// from `query` to the indexed points; infinity where there are too few points.
    func nearestTwo(_ query: UnsafeBufferPointer<Float>) -> (Float, Float) {
        var best1 = Float.infinity
        var best2 = Float.infinity
        guard !nodes.isEmpty else { return (best1, best2) }
        let d = dimensions
        points.withUnsafeBufferPointer { points in
            counts.withUnsafeBufferPointer { counts in
                boxes.withUnsafeBufferPointer { boxes in
                    nodes.withUnsafeBufferPointer { nodes in
                        func bound(_ node: Int) -> Float {
                            let base = node * 2 * d
                            var sum: Float = 0
                            for k in 0..<d {
                                let q = query[k]
                                let gap = max(boxes[base + k] - q, q - boxes[base + d + k], 0)
                                sum += min(gap, 1)
                            }
                            return sum
                        }
                        var stack: [(node: Int32, bound: Float)] = [(0, bound(0))]
                        stack.reserveCapacity(64)
                        while let (index, lower) = stack.popLast() {
                            guard lower < best2 else { continue }
                            let node = nodes[Int(index)]
                            if node.left < 0 {
                                for p in Int(node.start)..<Int(node.end) {
                                    let base = p * d
                                    var sum: Float = 0
                                    for k in 0..<d { sum += min(abs(points[base + k] - query[k]), 1) }
                                    if sum < best1 {
                                        best2 = counts[p] > 1 ? sum : best1
                                        best1 = sum
                                    } else if sum < best2 {
                                        best2 = sum
                                    }
                                }
                                continue
                            }
                            let left = bound(Int(node.left))
                            let right = bound(Int(node.right))
                            // Push the farther child first so the nearer one is searched first; on a tie,
                            // the side of the split the query lies on is searched first.
                            if left < right || (left == right && query[Int(node.dimension)] < node.split) {
                                stack.append((node.right, right))
                                stack.append((node.left, left))
                            } else {
                                stack.append((node.left, left))
                                stack.append((node.right, right))
                            }
                        }
                    }
                }
            }
        }
        return (best1, best2)
    }
}
