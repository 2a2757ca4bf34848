import Foundation
import SentinelSimulation
import Testing

/// The deterministic simulation inside `swift test`: a few hundred schedules in debug builds.
/// `make test` also runs 10 000 through the release-built `sentinel-simulate`.
@Suite struct SimulationTests {
    static var seedCount: Int { Int(ProcessInfo.processInfo.environment["SIM_SEEDS"] ?? "") ?? 200 }

    @Test func seededSchedulesKeepEveryInvariant() {
        var failures = 0
        for seed in 1...UInt64(Self.seedCount) {
            let schedule = SimSchedule(seed: seed)
            let outcome = schedule.run()
            guard !outcome.ok else { continue }
            failures += 1
            if failures <= 3 {
                Issue.record(
                    """
                    \(schedule)
                    violations: \(outcome.violations); converged: \(outcome.converged) (\(outcome.reason))
                    replay: swift run sentinel-simulate --seed \(seed)
                    \(outcome.trace.suffix(40).joined(separator: "\n"))
                    """)
            }
        }
        #expect(failures == 0)
    }

    /// `SENTINEL FAILOVER` on random sentinels, among the random faults: every invariant holds
    /// (a forced failover is the only one allowed to start without ODOWN).
    @Test func forcedFailoverSchedulesKeepEveryInvariant() {
        var failures = 0
        for seed in 1...UInt64(Self.seedCount / 2) {
            let schedule = SimSchedule(seed: seed, forcedFailover: false)
            let outcome = schedule.run()
            guard !outcome.ok else { continue }
            failures += 1
            if failures <= 3 {
                Issue.record(
                    """
                    \(schedule)
                    violations: \(outcome.violations); converged: \(outcome.converged) (\(outcome.reason))
                    replay: swift run sentinel-simulate --family forced --seed \(seed)
                    \(outcome.trace.suffix(40).joined(separator: "\n"))
                    """)
            }
        }
        #expect(failures == 0)
    }

    /// A forced failover of a healthy master, and nothing else: it happens once, and every
    /// sentinel ends up answering the promoted replica, not 6379.
    @Test func forcedFailoverAloneMovesThePrimaryOnce() {
        var failures = 0
        for seed in 1...UInt64(Self.seedCount / 2) {
            let schedule = SimSchedule(seed: seed, forcedFailover: true)
            let outcome = schedule.run()
            let problems = Self.failoverProblems(outcome.trace)
            guard !outcome.ok || !problems.isEmpty || outcome.reason == "all at 6379" else { continue }
            failures += 1
            if failures <= 3 {
                Issue.record(
                    """
                    \(schedule)
                    violations: \(outcome.violations); converged: \(outcome.converged) (\(outcome.reason)); \(problems)
                    replay: swift run sentinel-simulate --family forced-alone --seed \(seed)
                    """)
            }
        }
        #expect(failures == 0)
    }

    /// A master that crashes once is failed over once: the promoted replica, which never fails,
    /// is never seen down (`+sdown master`) by any sentinel after its `+switch-master`, no
    /// sentinel switches twice, and the only leader elected is for the crashed 6379. Down-after
    /// equals the ping period here, the setting of the race `SwitchReconnectTests` describes.
    @Test func oneCrashOneFailover() {
        var failures = 0
        for seed in 1...UInt64(Self.seedCount) {
            let schedule = SimSchedule(seed: seed, primaryCrashOnly: true)
            let outcome = schedule.run()
            let problems = Self.failoverProblems(outcome.trace)
            guard !outcome.ok || !problems.isEmpty else { continue }
            failures += 1
            if failures <= 3 {
                Issue.record(
                    """
                    \(schedule)
                    violations: \(outcome.violations); converged: \(outcome.converged); \(problems)
                    replay: swift run sentinel-simulate --seed \(seed)
                    """)
            }
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
