import SynthCore
import SynthLLM
import Testing

/// A server in simulated time that serves `capacity` requests at once. Past that it either queues
/// them, so every request in flight slows down (latency = base × max(1, in flight / capacity),
/// as llama.cpp or vLLM behave), or refuses the extra ones with a quick 429 (as hosted APIs do).
private struct SimulatedServer {
    var capacity: Int
    var base = 1.0
    var refuses = false
}

/// What a simulated run saw in its second half, once the controller had settled.
private struct Run {
    var throughput = 0.0
    var averageLimit = 0.0
    var highestLimit = 0
    var lowestLimit = Int.max
}

/// Runs a client that always has work against `server` for `seconds` of simulated time, keeping
/// as many requests in flight as `controller` allows.
private func simulate(_ controller: inout AdaptiveConcurrency, _ server: SimulatedServer, seconds: Double) -> Run {
    var random = SeededRandom(seed: 7)
    var now = 0.0
    var inFlight = 0
    var pending: [(end: Double, sent: Double, refused: Bool)] = []
    var run = Run()
    var answered = 0
    var limitTime = 0.0
    let half = seconds / 2
    func launch() {
        while inFlight < controller.limit {
            inFlight += 1
            if server.refuses, inFlight > server.capacity {
                pending.append((now + 0.05 * server.base, now, true))
            } else {
                let latency = server.base * max(1, Double(inFlight) / Double(server.capacity)) * (0.9 + 0.2 * random.unit())
                pending.append((now + latency, now, false))
            }
        }
    }
    launch()
    while now < seconds, let next = pending.indices.min(by: { pending[$0].end < pending[$1].end }) {
        let event = pending.remove(at: next)
        if now >= half {
            limitTime += Double(controller.limit) * (event.end - now)
            run.highestLimit = max(run.highestLimit, controller.limit)
            run.lowestLimit = min(run.lowestLimit, controller.limit)
        }
        now = event.end
        if event.refused {
            controller.backpressure(sent: .seconds(event.sent), now: .seconds(now))
        } else {
            controller.succeeded(sent: .seconds(event.sent), now: .seconds(now), inFlight: inFlight)
            if now >= half { answered += 1 }
        }
        inFlight -= 1
        launch()
    }
    run.throughput = Double(answered) / (now - half)
    run.averageLimit = limitTime / (now - half)
    return run
}

@Test(arguments: [4, 16, 48])
func latencyBringsTheLimitNearAQueueingServersCapacity(capacity: Int) {
    var controller = AdaptiveConcurrency(.init(initial: 1, maximum: 256))
    let run = simulate(&controller, SimulatedServer(capacity: capacity), seconds: 2000)
    // The best any fixed concurrency can do is `capacity` answers per second (base latency 1 s).
    #expect(run.throughput >= 0.9 * Double(capacity))
    // It stops near the capacity instead of climbing to the maximum, which would only lengthen the queue.
    #expect(run.averageLimit >= Double(capacity) * 0.9)
    #expect(run.averageLimit <= Double(capacity) * 1.6)
    #expect(run.highestLimit <= capacity * 2)
}

@Test func refusalsKeepTheLimitAroundAHostedApisCapacity() {
    var controller = AdaptiveConcurrency(.init(initial: 1, maximum: 256))
    let run = simulate(&controller, SimulatedServer(capacity: 20, refuses: true), seconds: 2000)
    #expect(run.highestLimit <= 22)
    #expect(run.lowestLimit >= 9)
    #expect(run.throughput >= 0.6 * 20)
}

@Test func aBurstOf429sCutsTheLimitOnceAndItRecovers() {
    var controller = AdaptiveConcurrency(.init(initial: 32, maximum: 64, coolDown: .seconds(2)))
    // 32 requests sent at t = 0 all come back refused between t = 1 s and t = 1.3 s.
    for i in 0..<32 { controller.backpressure(sent: .zero, now: .milliseconds(1000 + 10 * i)) }
    #expect(controller.limit == 16)
    // A refusal of a request sent after the cut, but inside the cool-down, is still the same burst.
    controller.backpressure(sent: .milliseconds(1100), now: .milliseconds(1500))
    #expect(controller.limit == 16)
    // Past the cool-down, a refusal of a request sent after the cut is news: cut again.
    controller.backpressure(sent: .milliseconds(2500), now: .milliseconds(3500))
    #expect(controller.limit == 8)
    // Recovery: one step up per window of `limit` successes while the limit is in use.
    var now = Duration.seconds(4)
    for _ in 0..<8 {
        controller.succeeded(sent: now, now: now + .milliseconds(200), inFlight: controller.limit)
        now += .milliseconds(10)
    }
    #expect(controller.limit == 9)
    for _ in 0..<1000 {
        controller.succeeded(sent: now, now: now + .milliseconds(200), inFlight: controller.limit)
        now += .milliseconds(10)
    }
    // Windows of 9, 10, …, 45 successes take 999 of them.
    #expect(controller.limit == 46)
}

@Test func theLimitStaysWithinItsBoundsAndOnlyGrowsWhenUsed() {
    var controller = AdaptiveConcurrency(.init(initial: 4, minimum: 2, maximum: 6, coolDown: .zero))
    for i in 0..<10 { controller.backpressure(sent: .seconds(i), now: .seconds(i) + .milliseconds(1)) }
    #expect(controller.limit == 2)
    for i in 0..<100 { controller.succeeded(sent: .seconds(20 + i), now: .seconds(20 + i) + .milliseconds(5), inFlight: 6) }
    #expect(controller.limit == 6)

    // A client with fewer requests than its limit in flight has not shown the server takes more.
    var idle = AdaptiveConcurrency(.init(initial: 4, maximum: 64))
    for i in 0..<100 { idle.succeeded(sent: .seconds(i), now: .seconds(i) + .milliseconds(5), inFlight: 2) }
    #expect(idle.limit == 4)
}

@Test func millisecondJitterOnAFastServerIsNotAQueue() {
    var controller = AdaptiveConcurrency(.init(initial: 8, maximum: 64))
    var now = Duration.seconds(1)
    // A loopback server answering in 20 µs, with every third answer delayed 5 ms by the client's scheduler.
    for i in 0..<400 {
        let latency: Duration = i % 3 == 0 ? .milliseconds(5) : .microseconds(20)
        controller.succeeded(sent: now, now: now + latency, inFlight: controller.limit)
        now += .milliseconds(1)
    }
    #expect(controller.limit > 8)
    // The same shape a hundred times slower is a queue, and is cut.
    var slow = AdaptiveConcurrency(.init(initial: 8, maximum: 64))
    for i in 0..<400 {
        let latency: Duration = i % 3 == 0 ? .milliseconds(500) : .milliseconds(2)
        slow.succeeded(sent: now, now: now + latency, inFlight: slow.limit)
        now += .milliseconds(100)
    }
    #expect(slow.limit < 8)
}
