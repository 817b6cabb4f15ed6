import Foundation
import Synchronization

/// The server's Prometheus metrics: requests and their latency by route, and counters that the
/// job runner adds to (jobs, records generated, tokens, cost).
public final class ServerMetrics: Sendable {
    /// Latency histogram bounds, in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: ServerMetrics.bounds.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [String: Int] = [:]
        var latency: [String: Histogram] = [:]
        var counters: [String: Double] = [:]
        var gauges: [String: Double] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one request to `route` (such as `GET /api/v1/datasets`) that answered `status` in `seconds`.
    public func observe(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests["route=\"\(route)\",status=\"\(status)\"", default: 0] += 1
            var histogram = state.latency[route] ?? Histogram()
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { histogram.buckets[i] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[route] = histogram
        }
    }

    /// Adds `amount` to the counter `name` (such as `synthforge_records_generated_total`).
    public func add(_ name: String, _ amount: Double = 1) { state.withLock { $0.counters[name, default: 0] += amount } }

    /// Sets the gauge `name` (such as `synthforge_jobs_running`).
    public func set(_ name: String, _ value: Double) { state.withLock { $0.gauges[name] = value } }

    /// The metrics in Prometheus' text format.
    public func render() -> String {
        state.withLock { state in
            var out =
                "# HELP synthforge_http_requests_total HTTP requests by route and status.\n# TYPE synthforge_http_requests_total counter\n"
            for (labels, n) in state.requests.sorted(by: { $0.key < $1.key }) { out += "synthforge_http_requests_total{\(labels)} \(n)\n" }
            out += "# HELP synthforge_http_request_seconds Request latency by route.\n# TYPE synthforge_http_request_seconds histogram\n"
            for (route, h) in state.latency.sorted(by: { $0.key < $1.key }) {
                for (i, bound) in Self.bounds.enumerated() {
                    out += "synthforge_http_request_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(h.buckets[i])\n"
                }
                out += "synthforge_http_request_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(h.count)\n"
                out += "synthforge_http_request_seconds_sum{route=\"\(route)\"} \(h.sum)\n"
                out += "synthforge_http_request_seconds_count{route=\"\(route)\"} \(h.count)\n"
            }
            for (name, value) in state.counters.sorted(by: { $0.key < $1.key }) {
                out += "# TYPE \(name) counter\n\(name) \(Self.format(value))\n"
            }
            for (name, value) in state.gauges.sorted(by: { $0.key < $1.key }) {
                out += "# TYPE \(name) gauge\n\(name) \(Self.format(value))\n"
            }
            return out
        }
    }

    static func format(_ x: Double) -> String { x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x) }
}
