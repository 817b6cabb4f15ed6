import Foundation

/// A multinomial logistic regression trained by full-batch gradient descent on standardized
/// inputs: the separability check's classifier, written here to keep the CLI free of Python.
struct LogisticRegression {
    private var weights: [[Double]]
    private let means: [Double]
    private let scales: [Double]

    /// Fits `labels` (0..<classes) from the rows of `inputs`, with a small L2 penalty.
    init(inputs: [[Double]], labels: [Int], classes: Int, iterations: Int = 300, rate: Double = 0.5, penalty: Double = 1e-4) {
        let n = inputs.count
        let width = inputs.first?.count ?? 0
        var means = [Double](repeating: 0, count: width)
        var scales = [Double](repeating: 1, count: width)
        for j in 0..<width {
            var sum = 0.0
            for row in inputs { sum += row[j] }
            let mean = sum / Double(max(n, 1))
            var squares = 0.0
            for row in inputs { squares += (row[j] - mean) * (row[j] - mean) }
            let sd = (squares / Double(max(n, 1))).squareRoot()
            means[j] = mean
            scales[j] = sd > 0 ? 1 / sd : 0
        }
        self.means = means
        self.scales = scales
        // Flat row-major arrays: the fit runs hundreds of passes over up to 14,000 rows.
        let stride = width + 1
        var x = [Double](repeating: 1, count: n * stride)
        for (i, row) in inputs.enumerated() {
            for j in 0..<width { x[i * stride + j] = (row[j] - means[j]) * scales[j] }
        }
        var w = [Double](repeating: 0, count: classes * stride)
        var gradient = w
        var p = [Double](repeating: 0, count: classes)
        x.withUnsafeBufferPointer { x in
            for _ in 0..<iterations {
                for j in gradient.indices { gradient[j] = 0 }
                for i in 0..<n {
                    let row = UnsafeBufferPointer(rebasing: x[(i * stride)..<((i + 1) * stride)])
                    Self.probabilities(w, row, classes: classes, into: &p)
                    for k in 0..<classes {
                        let error = p[k] - (labels[i] == k ? 1 : 0)
                        for j in 0..<stride { gradient[k * stride + j] += error * row[j] }
                    }
                }
                for j in w.indices { w[j] -= rate * (gradient[j] / Double(max(n, 1)) + penalty * w[j]) }
            }
        }
        weights = (0..<classes).map { Array(w[($0 * stride)..<(($0 + 1) * stride)]) }
    }

    /// The most likely class of `input`.
    func predict(_ input: [Double]) -> Int {
        let row = input.indices.map { (input[$0] - means[$0]) * scales[$0] } + [1]
        var best = 0
        var bestScore = -Double.infinity
        for (k, w) in weights.enumerated() {
            var s = 0.0
            for j in row.indices { s += w[j] * row[j] }
            if s > bestScore {
                bestScore = s
                best = k
            }
        }
        return best
    }

    private static func probabilities(_ w: [Double], _ row: UnsafeBufferPointer<Double>, classes: Int, into p: inout [Double]) {
        let stride = row.count
        var top = -Double.infinity
        for k in 0..<classes {
            var s = 0.0
            for j in 0..<stride { s += w[k * stride + j] * row[j] }
            p[k] = s
            top = max(top, s)
        }
        var total = 0.0
        for k in 0..<classes {
            p[k] = exp(p[k] - top)
            total += p[k]
        }
        for k in 0..<classes { p[k] /= total }
    }
}
