import Foundation
import SentinelSimulation
import Testing

/// The deterministic simulation inside `swift test`: a few hundred schedules in debug builds.
/// `make test` also runs 10 000 through the release-built `sentinel-simulate`.
@Suite struct SimulationTests {
    static var seedCount: Int { Int(ProcessInfo.processInfo.environment["SIM_SEEDS"] ?? "") ?? 200 }

    @Test func seededSchedulesKeepEveryInvariant() {
        Self.expectNoFailure(seeds: Self.seedCount, family: "faults") { SimSchedule(seed: $0) }
    }

    /// `SENTINEL FAILOVER` on random sentinels, among the random faults: every invariant holds
    /// (a forced failover is the only one allowed to start without ODOWN).
    @Test func forcedFailoverSchedulesKeepEveryInvariant() {
        Self.expectNoFailure(seeds: Self.seedCount / 2, family: "forced") {
            SimSchedule(seed: $0, forcedFailover: false, coordinated: true)
        }
    }

    /// `SENTINEL FAILOVER … COORDINATED` of a healthy master under a client's writes, and nothing
    /// else: the master moves once, no acknowledged write is lost (issue 11 §2, §6; the
    /// schedule records a violation for a lost write), and the loss estimate says 0. The plain command, in the same
    /// schedules, loses the writes the replica had not received yet: the model sees the
    /// difference, or the check above would be empty.
    @Test func coordinatedFailoverAloneLosesNoAcknowledgedWrite() {
        Self.expectNoFailure(seeds: Self.seedCount / 2, family: "coordinated") {
            SimSchedule(seed: $0, forcedFailover: true, coordinated: true)
        } problems: { outcome in
            // The loss estimate of a failover that waited for the paused offset says 0 (§4).
            let estimates = outcome.trace.filter { $0.contains(" +failover-loss-estimate ") }
            let nonZero = estimates.filter { !$0.contains("#bytes-behind 0 ") }
            return Self.failoverProblems(outcome.trace)
                + (outcome.ackedWrites < 100 ? ["only \(outcome.ackedWrites) writes"] : [])
                + (estimates.isEmpty ? ["no +failover-loss-estimate"] : []) + nonZero
        }
        let plainLost = (1...UInt64(20)).reduce(0) { $0 + SimSchedule(seed: $1, forcedFailover: true).run().lostWrites }
        #expect(plainLost > 0, "the plain forced failovers lost nothing: the client model cannot tell")
    }

    /// A forced failover of a healthy master, and nothing else: it happens once, and every
    /// sentinel ends up answering the promoted replica, not 6379.
    @Test func forcedFailoverAloneMovesThePrimaryOnce() {
        Self.expectNoFailure(seeds: Self.seedCount / 2, family: "forced-alone") {
            SimSchedule(seed: $0, forcedFailover: true)
        } problems: { outcome in
            Self.failoverProblems(outcome.trace) + (outcome.reason == "all at 6379" ? ["the master did not move"] : [])
        }
    }

    /// Partitions (issue 11 §3, §6): Jepsen's (master, sentinel 0 and the client on the minority
    /// side), where every lost write was acknowledged within the fence bound of the cut; or one
    /// replica or one sentinel cut off alone, where nothing is fenced, failed over or lost (the
    /// schedule records a violation otherwise). The minority's sentinel must have fenced.
    @Test func partitionsLoseOnlyTheFenceWindowAndControlsNothing() {
        Self.expectNoFailure(seeds: Self.seedCount / 2, family: "partition") {
            SimSchedule(seed: $0, partition: true)
        } problems: { outcome in
            let jepsen = outcome.trace.contains { $0.contains("FAULT partition [") && $0.contains("redis(6379)") }
            let fenced = outcome.trace.contains { $0.contains(" s0 +fence-master ") }
            return jepsen && !fenced ? ["the minority's sentinel never fenced the old master"] : []
        }
    }

    /// A master that crashes once is failed over once: the promoted replica, which never fails,
    /// is never seen down (`+sdown master`) by any sentinel after its `+switch-master`, no
    /// sentinel switches twice, and the only leader elected is for the crashed 6379. Down-after
    /// equals the ping period here, the setting of the race `SwitchReconnectTests` describes.
    @Test func oneCrashOneFailover() {
        Self.expectNoFailure(seeds: Self.seedCount, family: nil) {
            SimSchedule(seed: $0, primaryCrashOnly: true)
        } problems: {
            Self.failoverProblems($0.trace)
        }
    }

    /// Runs `seeds` schedules; a schedule fails when it breaks an invariant, does not converge, or
    /// shows `problems`. The first three failures are recorded with their trace and replay line.
    static func expectNoFailure(
        seeds: Int, family: String?, _ schedule: (UInt64) -> SimSchedule,
        problems: (SimSchedule.Outcome) -> [String] = { _ in [] }
    ) {
        var failures = 0
        for seed in 1...UInt64(max(seeds, 1)) {
            let schedule = schedule(seed)
            let outcome = schedule.run()
            let found = problems(outcome)
            guard !outcome.ok || !found.isEmpty else { continue }
            failures += 1
            guard failures <= 3 else { continue }
            let replay = family.map { "swift run sentinel-simulate --family \($0) --seed \(seed)" } ?? "seed \(seed)"
            Issue.record(
                """
                \(schedule)
                violations: \(outcome.violations); converged: \(outcome.converged) (\(outcome.reason)); \(found)
                replay: \(replay)
                \(outcome.trace.suffix(40).joined(separator: "\n"))
                """)
        }
        #expect(failures == 0)
    }

    /// What in a trace shows more than one failover: a leader elected for another master address
    /// than 6379, a sentinel switching twice, a switched master found down.
    static func failoverProblems(_ trace: [String]) -> [String] {
        var problems: [String] = []
        var switches: [Substring: Int] = [:]
        for line in trace {
            // `<clock> s<i> <type> <message>`
            let words = line.split(separator: " ")
            guard words.count > 3 else { continue }
            let sentinel = words[1]
            let type = words[2]
            if type == "+elected-leader", words.last != "6379" {
                problems.append("second election: \(line)")
            }
            if type == "+switch-master" {
                switches[sentinel, default: 0] += 1
                if switches[sentinel]! > 1 { problems.append("second switch: \(line)") }
            }
            if type == "+sdown", words[3] == "master", switches[sentinel] != nil {
                problems.append("switched master down: \(line)")
            }
        }
        return problems
    }

    @Test func sameSeedSameRun() {
        let a = SimSchedule(seed: 4242).run()
        let b = SimSchedule(seed: 4242).run()
        #expect(a.trace == b.trace)
        #expect(a.trace.contains { $0.contains("+sdown") })
    }
}
