import Foundation
import SynthCore

/// The design matrix a linear model reads: numbers and datetimes standardized with the training
/// rows' mean and (population) standard deviation, missing numbers at the mean, and every label
/// of a categorical or boolean column seen in training (the 50 most frequent) as its own 0/1 column (missing is a label;
/// a label training never saw is all zeros). Identifier and text columns are not features.
struct Features {
    private enum Part {
        case number(column: Int, mean: Double, sd: Double)
        case labels(column: Int, index: [Int: Int], count: Int)
    }

    private let parts: [Part]
    /// At most this many labels of a column become 0/1 columns (the most frequent in training).
    static let maximumLabels = 50
    /// The number of columns of the matrix (without the intercept).
    let width: Int

    /// The features of `table` (all scored columns but `target`), learned from `table`'s rows.
    init(_ table: Table, target: Int) {
        var parts: [Part] = []
        var width = 0
        for (c, column) in table.columns.enumerated() where c != target && QualityReport.isScored(column.kind) {
            if column.kind == .boolean || !column.kind.isNumeric {
                // The most frequent labels get a column each; rarer ones (past `maximumLabels`) none.
                var frequency: [Int: Int] = [:]
                for label in Features.labels(column) { frequency[label, default: 0] += 1 }
                let kept = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.maximumLabels)
                var index: [Int: Int] = [:]
                for (label, _) in kept.sorted(by: { $0.key < $1.key }) { index[label] = index.count }
                parts.append(.labels(column: c, index: index, count: index.count))
                width += index.count
            } else {
                let present = column.numbers.filter { !$0.isNaN }
                let mean = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
                let variance = present.isEmpty ? 0 : present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
                parts.append(.number(column: c, mean: mean, sd: variance > 0 ? variance.squareRoot() : 1))
                width += 1
            }
        }
        self.parts = parts
        self.width = width
    }

    /// A discrete column's labels: codes, or 0/1 for booleans; -1 is missing.
    static func labels(_ column: Column) -> [Int] {
        column.kind.isNumeric ? column.numbers.map { $0.isNaN ? -1 : ($0 != 0 ? 1 : 0) } : column.codes.map(Int.init)
    }

    /// `table`'s rows as a row-major matrix of `width` columns.
    func matrix(_ table: Table) -> [Double] {
        var x = [Double](repeating: 0, count: table.rowCount * width)
        var offset = 0
        for part in parts {
            switch part {
            case .number(let c, let mean, let sd):
                let numbers = table.columns[c].numbers
                for row in 0..<table.rowCount where !numbers[row].isNaN { x[row * width + offset] = (numbers[row] - mean) / sd }
                offset += 1
            case .labels(let c, let index, let count):
                let labels = Features.labels(table.columns[c])
                for row in 0..<table.rowCount {
                    if let k = index[labels[row]] { x[row * width + offset + k] = 1 }
                }
                offset += count
            }
        }
        return x
    }
}

/// Multinomial logistic regression with an L2 penalty on the weights (not the intercepts),
/// minimizing Σ log-loss + ½‖W‖² (scikit-learn's `LogisticRegression()` with C = 1), fitted by L-BFGS.
struct LogisticRegression {
    let classes: Int
    let width: Int
    /// Per class (per class but the first, with two): `width` weights then the intercept.
    private(set) var coefficients: [Double]

    init(x: [Double], y: [Int], width: Int, classes: Int) {
        self.classes = classes
        self.width = width
        let n = y.count
        let stride = width + 1
        // Two classes take one weight vector (class 0 scores 0), as scikit-learn's binary model does.
        let vectors = classes == 2 ? 1 : classes
        func objective(_ w: [Double], _ gradient: inout [Double]) -> Double {
            for i in gradient.indices { gradient[i] = 0 }
            var loss = 0.0
            var scores = [Double](repeating: 0, count: classes)
            for row in 0..<n {
                Self.scores(w, x, row: row, width: width, classes: classes, into: &scores)
                let top = scores.max()!
                var total = 0.0
                for k in 0..<classes {
                    scores[k] = exp(scores[k] - top)
                    total += scores[k]
                }
                loss += log(total) - log(scores[y[row]])
                for v in 0..<vectors {
                    let k = classes - vectors + v
                    let residual = scores[k] / total - (k == y[row] ? 1 : 0)
                    guard residual != 0 else { continue }
                    for j in 0..<width { gradient[v * stride + j] += residual * x[row * width + j] }
                    gradient[v * stride + width] += residual
                }
            }
            for v in 0..<vectors {
                for j in 0..<width {
                    loss += 0.5 * w[v * stride + j] * w[v * stride + j]
                    gradient[v * stride + j] += w[v * stride + j]
                }
            }
            return loss
        }
        coefficients = LBFGS.minimize(objective, start: [Double](repeating: 0, count: vectors * stride))
    }

    /// The linear score of each class for one row (class 0 scores 0 in a two-class model).
    private static func scores(_ w: [Double], _ x: [Double], row: Int, width: Int, classes: Int, into scores: inout [Double]) {
        let vectors = classes == 2 ? 1 : classes
        let stride = width + 1
        scores[0] = 0
        for v in 0..<vectors {
            var s = w[v * stride + width]
            for j in 0..<width { s += w[v * stride + j] * x[row * width + j] }
            scores[classes - vectors + v] = s
        }
    }

    /// The most probable class of each of the `n` rows of `x`.
    func predict(_ x: [Double], rows n: Int) -> [Int] {
        var scores = [Double](repeating: 0, count: classes)
        return (0..<n).map { row in
            Self.scores(coefficients, x, row: row, width: width, classes: classes, into: &scores)
            var best = 0
            for k in 1..<classes where scores[k] > scores[best] { best = k }
            return best
        }
    }
}

/// Ordinary least squares with an intercept (scikit-learn's `LinearRegression()`), by the normal
/// equations; a 1e-10 ridge keeps one-hot columns that sum to the intercept solvable without
/// changing the fitted values.
struct LinearRegression {
    let width: Int
    /// `width` weights then the intercept.
    private(set) var coefficients: [Double]

    init(x: [Double], y: [Double], width: Int) {
        self.width = width
        let p = width + 1
        let n = y.count
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        var row = [Double](repeating: 1, count: p)
        for r in 0..<n {
            for j in 0..<width { row[j] = x[r * width + j] }
            for i in 0..<p {
                b[i] += row[i] * y[r]
                for j in i..<p { a[i * p + j] += row[i] * row[j] }
            }
        }
        for i in 0..<p {
            for j in 0..<i { a[i * p + j] = a[j * p + i] }
            a[i * p + i] += 1e-10 * max(a[i * p + i], 1)
        }
        coefficients = Self.solve(a, b, p)
    }

    /// Solves the symmetric positive definite system `a` x = `b` by Cholesky factorization.
    private static func solve(_ matrix: [Double], _ b: [Double], _ p: Int) -> [Double] {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var s = matrix[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = i == j ? max(s, 1e-300).squareRoot() : s / l[j * p + j]
            }
        }
        var z = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = b[i]
            for k in 0..<i { s -= l[i * p + k] * z[k] }
            z[i] = s / l[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = z[i]
            for k in (i + 1)..<p { s -= l[k * p + i] * x[k] }
            x[i] = s / l[i * p + i]
        }
        return x
    }

    /// The prediction for each of the `n` rows of `x`.
    func predict(_ x: [Double], rows n: Int) -> [Double] {
        return (0..<n).map { row in
            var s = coefficients[width]
            for j in 0..<width { s += coefficients[j] * x[row * width + j] }
            return s
        }
    }
}

/// Limited-memory BFGS with a backtracking (Armijo) line search: deterministic, for smooth convex objectives.
enum LBFGS {
    static func minimize(_ f: ([Double], inout [Double]) -> Double, start: [Double], memory: Int = 10, iterations: Int = 500) -> [Double] {
        var x = start
        var g = [Double](repeating: 0, count: x.count)
        var fx = f(x, &g)
        var ss: [[Double]] = []
        var ys: [[Double]] = []
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for i in a.indices { s += a[i] * b[i] }
            return s
        }
        for _ in 0..<iterations {
            let gnorm = dot(g, g).squareRoot()
            if gnorm <= 1e-7 * max(1, abs(fx)) { break }
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: ss.count)
            for i in stride(from: ss.count - 1, through: 0, by: -1) {
                alphas[i] = dot(ss[i], q) / dot(ys[i], ss[i])
                for j in q.indices { q[j] -= alphas[i] * ys[i][j] }
            }
            if let s = ss.last, let y = ys.last {
                let gamma = dot(s, y) / dot(y, y)
                for j in q.indices { q[j] *= gamma }
            } else {
                for j in q.indices { q[j] /= max(gnorm, 1) }
            }
            for i in ss.indices {
                let beta = dot(ys[i], q) / dot(ys[i], ss[i])
                for j in q.indices { q[j] += ss[i][j] * (alphas[i] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if slope >= 0 {
                direction = g.map { -$0 }
                slope = -dot(g, g)
                ss.removeAll()
                ys.removeAll()
            }
            var step = 1.0
            var next = x
            var nextGradient = g
            var fnext = fx
            var accepted = false
            for _ in 0..<60 {
                for j in x.indices { next[j] = x[j] + step * direction[j] }
                fnext = f(next, &nextGradient)
                if fnext <= fx + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step /= 2
            }
            guard accepted else { break }
            let s = zip(next, x).map { $0 - $1 }
            let y = zip(nextGradient, g).map { $0 - $1 }
            if dot(s, y) > 1e-12 {
                ss.append(s)
                ys.append(y)
                if ss.count > memory {
                    ss.removeFirst()
                    ys.removeFirst()
                }
            }
            let improvement = fx - fnext
            x = next
            g = nextGradient
            fx = fnext
            if improvement <= 1e-12 * max(1, abs(fx)) { break }
        }
        return x
    }
}
