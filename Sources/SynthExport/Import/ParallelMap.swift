import Dispatch

/// `items.map(transform)` on all cores, in order: each core takes a contiguous share. For work
/// such as parsing a batch of lines, where each item costs much more than handing it out.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    return [R](unsafeUninitializedCapacity: items.count) { buffer, count in
        let out = Destination(base: buffer.baseAddress!)
        let parts = min(items.count, 16)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in (part * items.count / parts)..<((part + 1) * items.count / parts) {
                (out.base + i).initialize(to: transform(items[i]))
            }
        }
        count = items.count
    }
}

/// The result buffer, shared by the workers: each writes only its own share of the slots.
private struct Destination<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R>
}
