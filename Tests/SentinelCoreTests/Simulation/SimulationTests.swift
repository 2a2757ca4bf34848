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

    @Test func sameSeedSameRun() {
        let a = SimSchedule(seed: 4242).run()
        let b = SimSchedule(seed: 4242).run()
        #expect(a.trace == b.trace)
        #expect(a.trace.contains { $0.contains("+sdown") })
    }
}
