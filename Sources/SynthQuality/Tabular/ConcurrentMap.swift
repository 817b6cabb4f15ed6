import Dispatch

extension Array where Element: Sendable {
    /// `map(transform)` on all cores, in order, each core taking a contiguous share (for items
    /// that each cost far more than handing them out, such as a column pair's statistics).
    func concurrentMap<R: Sendable>(_ transform: @escaping @Sendable (Element) -> R) -> [R] {
        guard count > 1 else { return map(transform) }
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = Slots(base: buffer.baseAddress!)
            let parts = Swift.min(count, 16)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for i in (part * count / parts)..<((part + 1) * count / parts) {
                    (out.base + i).initialize(to: transform(self[i]))
                }
            }
            initialized = count
        }
    }
}

/// The result buffer shared by the workers: each writes only its own share of the slots.
private struct Slots<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R>
}
