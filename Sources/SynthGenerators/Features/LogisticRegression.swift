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
        let x = inputs.map { row in (0..<width).map { (row[$0] - means[$0]) * scales[$0] } + [1] }
        var w = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: classes)
        var gradient = w
        var p = [Double](repeating: 0, count: classes)
        for _ in 0..<iterations {
            for k in 0..<classes { for j in 0...width { gradient[k][j] = 0 } }
            for (i, row) in x.enumerated() {
                Self.probabilities(w, row, into: &p)
                for k in 0..<classes {
                    let error = p[k] - (labels[i] == k ? 1 : 0)
                    for j in 0...width { gradient[k][j] += error * row[j] }
                }
            }
            for k in 0..<classes {
                for j in 0...width { w[k][j] -= rate * (gradient[k][j] / Double(max(n, 1)) + penalty * w[k][j]) }
            }
        }
        weights = w
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

    private static func probabilities(_ w: [[Double]], _ row: [Double], into p: inout [Double]) {
        var top = -Double.infinity
        for k in w.indices {
            var s = 0.0
            for j in row.indices { s += w[k][j] * row[j] }
            p[k] = s
            top = max(top, s)
        }
        var total = 0.0
        for k in w.indices {
            p[k] = exp(p[k] - top)
            total += p[k]
        }
        for k in w.indices { p[k] /= total }
    }
}
