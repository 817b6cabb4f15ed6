import Foundation
import HTTPTypes
import SynthCore
import SynthStore
import Testing

@testable import SynthServer

@Suite(.timeLimit(.minutes(30))) struct ScheduleTests {
    /// Milliseconds since 1970 of a UTC time.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
        Int64(CivilCalendar.dayNumber(year: year, month: month, day: day) * 1440 + hour * 60 + minute) * 60_000
    }

    @Test(arguments: [
        // 2026-11-20 is a Friday.
        ("*/15 * * * *", at(2026, 11, 22, 10, 7), at(2026, 11, 22, 10, 15)),
        ("*/15 * * * *", at(2026, 11, 22, 10, 45), at(2026, 11, 22, 11, 0)),
        ("0 3 * * 1-5", at(2026, 11, 20, 3, 0), at(2026, 11, 23, 3, 0)),
        ("30 12 1,15 * *", at(2026, 11, 15, 12, 30), at(2026, 12, 1, 12, 30)),
        ("0 0 29 2 *", at(2026, 3, 1, 0, 0), at(2028, 2, 29, 0, 0)),
        ("0 9 * * sun", at(2026, 11, 20, 0, 0), at(2026, 11, 22, 9, 0)),
        ("0 9 * * 7", at(2026, 11, 20, 0, 0), at(2026, 11, 22, 9, 0)),
        // Both day fields restricted: the 13th or a Friday, whichever comes first.
        ("0 0 13 * 5", at(2026, 11, 21, 0, 0), at(2026, 11, 27, 0, 0)),
        ("0 0 13 * 5", at(2026, 12, 5, 0, 0), at(2026, 12, 11, 0, 0)),
        ("5-10/2 22 * dec *", at(2026, 11, 22, 10, 7), at(2026, 12, 1, 22, 5)),
        ("0 0 1 1 *", at(2026, 12, 31, 23, 59), at(2027, 1, 1, 0, 0)),
    ])
    func theNextTimeIsTheHandComputedOne(_ expression: String, _ after: Int64, _ expected: Int64) throws {
        let cron = try CronExpression(expression)
        #expect(cron.next(after: after) == expected)
        #expect(cron.fires(at: expected))
    }

    @Test(arguments: [
        ("60 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day-of-month"), ("* * * 13 *", "month"),
        ("* * * * 8", "day-of-week"), ("*/0 * * * *", "minute"), ("* * * foo *", "month"), ("5-1 * * * *", "minute"),
        ("* * * *", "5 fields"), ("0 0 30 2 *", "never fires"), ("1,,2 * * * *", "minute"),
    ])
    func aBadExpressionIsRefusedNamingTheField(_ expression: String, _ named: String) {
        #expect {
            try CronExpression(expression)
        } throws: { error in
            (error as? SynthError)?.message.contains(named) == true
        }
    }

    @Test func theNextTimeFiresAndNoMinuteBeforeItDoes() throws {
        // Seeded random expressions and start times: `next` is after the start, fires, and is the first minute that does.
        var random = SplitMix64(state: 2026)
        func pick(_ choices: [String]) -> String { choices[Int(random.next() % UInt64(choices.count))] }
        for _ in 0..<100 {
            let text = [
                pick(["*", "*/7", "0", "15,45", "10-20/5", "59"]), pick(["*", "*/5", "3", "0-6", "12,18"]),
                pick(["*", "1", "*/10", "28-31", "15"]), pick(["*", "2", "*/3", "jan,jul", "6-8"]), pick(["*", "1-5", "0", "6,0", "sat"]),
            ].joined(separator: " ")
            let cron = try CronExpression(text)
            let start = Int64(random.next() % (60 * 365 * 24 * 3600 * 1000))
            let next = try #require(cron.next(after: start), "\(text)")
            #expect(next > start && cron.fires(at: next), "\(text)")
            var minute = (start / 60_000 + 1) * 60_000
            var scanned = 0
            while minute < next && scanned < 100_000 {
                #expect(!cron.fires(at: minute), "\(text) fires at \(minute), before \(next)")
                minute += 60_000
                scanned += 1
            }
        }
    }

    @Test func schedulesAreKeptCheckedAndIsolated() async throws {
        let server = try await TestServer.make()
        let otherKey = try await server.otherOrg().key
        try await server.run { client in
            let spec: Value = .object(["domain": .string("medical"), "task": .string("clinical-notes"), "count": .int(5)])
            let made = try await client.call(
                .post, "/api/v1/schedules",
                json: .object(["name": .string("nightly"), "cron": .string("0 3 * * *"), "dataset": .string("notes"), "spec": spec]))
            #expect(made.status == 201, "\(made.text)")
            let next = Int64(try #require(made["next_run_at"]?.doubleValue))
            let day: Int64 = 24 * 3600 * 1000
            #expect(next % day == 3 * 3600 * 1000)
            let badCron = try await client.call(
                .post, "/api/v1/schedules",
                json: .object(["name": .string("b"), "cron": .string("0 25 * * *"), "dataset": .string("notes"), "spec": spec]))
            #expect(badCron.status == 400)
            #expect(badCron.errorField == "cron")
            let badSpec = try await client.call(
                .post, "/api/v1/schedules",
                json: .object([
                    "name": .string("b"), "cron": .string("0 2 * * *"), "dataset": .string("notes"),
                    "spec": .object(["domain": .string("medical"), "task": .string("clinical-notes"), "count": .string("many")]),
                ]))
            #expect(badSpec.errorField == "spec.count")
            let twice = try await client.call(
                .post, "/api/v1/schedules",
                json: .object(["name": .string("nightly"), "cron": .string("0 3 * * *"), "dataset": .string("notes"), "spec": spec]))
            #expect(twice.status == 409)
            #expect(try await client.call(.get, "/api/v1/schedules")["schedules"]?.arrayValue?.count == 1)
            #expect(try await client.call(.get, "/api/v1/schedules/nightly", key: otherKey).status == 404)
            #expect(try await client.call(.get, "/api/v1/schedules", key: otherKey)["schedules"]?.arrayValue?.isEmpty == true)

            let paused = try await client.call(.patch, "/api/v1/schedules/nightly", json: .object(["enabled": .bool(false)]))
            #expect(paused["enabled"] == .bool(false))
            #expect(paused["next_run_at"] == .null)
            let moved = try await client.call(
                .patch, "/api/v1/schedules/nightly", json: .object(["enabled": .bool(true), "cron": .string("30 4 * * *")]))
            #expect(moved["cron"] == .string("30 4 * * *"))
            #expect(try await client.call(.delete, "/api/v1/schedules/nightly", key: otherKey).status == 404)
            #expect(try await client.call(.delete, "/api/v1/schedules/nightly").status == 204)
            #expect(try await client.call(.get, "/api/v1/schedules/nightly").status == 404)
        }
    }

    @Test func aDueScheduleStartsOneJobThatRunsOnTime() async throws {
        let server = try await TestServer.make()
        try await server.runWithJobs { client in
            let made = try await client.call(
                .post, "/api/v1/schedules",
                json: .object([
                    "name": .string("every-5"), "cron": .string("*/5 * * * *"), "dataset": .string("scheduled"),
                    "spec": .object(["domain": .string("medical"), "task": .string("clinical-notes"), "count": .int(4)]),
                ]))
            let due = Int64(try #require(made["next_run_at"]?.doubleValue))
            let scheduler = Scheduler(services: server.services)
            #expect(try await scheduler.tick(at: due - 60_000).isEmpty)
            let started = try await scheduler.tick(at: due)
            #expect(started.count == 1)
            #expect(try await scheduler.tick(at: due).isEmpty)
            let job = try await client.finished(try #require(started.first?.id))
            #expect(job["status"] == .string("succeeded"))
            #expect(job["written"] == .int(4))
            let after = try await client.call(.get, "/api/v1/schedules/every-5")
            #expect(after["last_job"] == .string(started[0].id))
            #expect(after["next_run_at"]?.doubleValue.map { Int64($0) } == due + 5 * 60_000)
        }
        #expect(try await server.recordIDs("scheduled").count == 4)
    }
}
