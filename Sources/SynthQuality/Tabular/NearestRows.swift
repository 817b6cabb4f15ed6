/// An exact nearest-neighbour index over points under the distance Σ min(|pᵢ − qᵢ|, 1): a k-d tree
/// whose boxes give a lower bound, so whole branches are skipped without missing a closer point.
///
/// Written here because the distance (capped per coordinate, labels as codes) is not one a
/// general library offers; exact and deterministic, whatever the order points are visited in.
struct NearestRows: Sendable {
    let dimensions: Int
    /// The points in tree order, one after another.
    private let points: [Float]
    /// Per node: first and end point, children (-1 for a leaf).
    private let nodes: [Node]
    /// Per node: `dimensions` lower then `dimensions` upper box bounds.
    private let boxes: [Float]

    private struct Node {
        var start: Int32
        var end: Int32
        var left: Int32
        var right: Int32
    }

    private static let leafSize = 12

    /// An index over `points` (`count` points of `dimensions` coordinates each).
    init(points input: [Float], dimensions: Int) {
        self.dimensions = dimensions
        let count = dimensions == 0 ? 0 : input.count / dimensions
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
            nodes.append(Node(start: Int32(range.lowerBound), end: Int32(range.upperBound), left: -1, right: -1))
            let bounds = box(range)
            boxes += bounds
            guard range.count > Self.leafSize else { return Int32(index) }
            // Split the widest coordinate, counting a spread past 1 as 1 (the distance caps there).
            var split = -1
            var widest: Float = 0
            for d in 0..<dimensions {
                let spread = min(bounds[dimensions + d] - bounds[d], 1)
                if spread > widest {
                    widest = spread
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
            return Int32(index)
        }
        if count > 0 { _ = build(0..<count) }
        var sorted = [Float]()
        sorted.reserveCapacity(input.count)
        for i in order { sorted += input[(i * dimensions)..<((i + 1) * dimensions)] }
        self.points = sorted
        self.nodes = nodes
        self.boxes = boxes
    }

    /// The smallest and second-smallest distance (sums, not yet divided by the dimension count)
    /// from `query` to the indexed points; infinity where there are too few points.
    func nearestTwo(_ query: UnsafeBufferPointer<Float>) -> (Float, Float) {
        var best1 = Float.infinity
        var best2 = Float.infinity
        guard !nodes.isEmpty else { return (best1, best2) }
        let d = dimensions
        points.withUnsafeBufferPointer { points in
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
                                    best2 = best1
                                    best1 = sum
                                } else if sum < best2 {
                                    best2 = sum
                                }
                            }
                            continue
                        }
                        let left = bound(Int(node.left))
                        let right = bound(Int(node.right))
                        // Push the farther child first so the nearer one is searched first.
                        if left <= right {
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
        return (best1, best2)
    }
}
