import SentinelSimulation

#if canImport(Glibc)
    import Glibc
#endif

/// `sentinel-simulate [--family F] [--seeds N] [--first S] [--seed S]`: runs seeded failover
/// schedules through the deterministic simulation (issue: make simulate SEEDS=N). One failing
/// schedule prints its seed and trace; `--seed S` replays it with the whole trace. Exit status 1
/// on any failure. Families: `faults` (the default: random faults), `forced` (the same faults
/// with `SENTINEL FAILOVER [COORDINATED]` sent to random sentinels), `forced-alone` (a forced
/// failover only), `coordinated` (a COORDINATED failover only: no acknowledged write lost),
/// `partition` (Jepsen's partition: lost writes only within the fence bound; or one process cut
/// off alone: no fence, no failover).
var family = "faults"
var seeds = 10_000
var first: UInt64 = 1
var single: UInt64?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--seeds": seeds = arguments.popFirst().flatMap { Int($0) } ?? seeds
    case "--first": first = arguments.popFirst().flatMap { UInt64($0) } ?? first
    case "--seed": single = arguments.popFirst().flatMap { UInt64($0) }
    case "--family": family = arguments.popFirst() ?? ""
    default:
        print(
            "usage: sentinel-simulate [--family faults|forced|forced-alone|coordinated|partition] [--seeds N] [--first S] [--seed S]"
        )
        exit(2)
    }
}

func schedule(_ seed: UInt64, family: String) -> SimSchedule {
    switch family {
    case "forced": SimSchedule(seed: seed, forcedFailover: false, coordinated: true)
    case "forced-alone": SimSchedule(seed: seed, forcedFailover: true)
    case "coordinated": SimSchedule(seed: seed, forcedFailover: true, coordinated: true)
    case "partition": SimSchedule(seed: seed, partition: true)
    default: SimSchedule(seed: seed)
    }
}
guard ["faults", "forced", "forced-alone", "coordinated", "partition"].contains(family) else {
    print("sentinel-simulate: unknown family '\(family)' (faults, forced, forced-alone, coordinated, partition)")
    exit(2)
}
if let single {
    let schedule = schedule(single, family: family)
    let outcome = schedule.run()
    print(schedule)
    print(outcome.trace.joined(separator: "\n"))
    print("violations: \(outcome.violations)\nconverged: \(outcome.converged) (\(outcome.reason))")
    print("client: \(outcome.ackedWrites) writes acknowledged, \(outcome.lostWrites) lost")
    print(outcome.ok ? "1 passed, 0 failed" : "0 passed, 1 failed")
    exit(outcome.ok ? 0 : 1)
}
var failed = 0
var collisions = 0
var acked = 0
var lost = 0
var losing = 0
for seed in first..<(first + UInt64(seeds)) {
    let schedule = schedule(seed, family: family)
    let outcome = schedule.run()
    if !outcome.forcedCollisions.isEmpty { collisions += 1 }
    acked += outcome.ackedWrites
    lost += outcome.lostWrites
    if outcome.lostWrites > 0 { losing += 1 }
    if outcome.ok { continue }
    failed += 1
    if failed <= 3 {
        print("FAILED \(schedule)")
        print("  violations: \(outcome.violations)")
        print("  converged: \(outcome.converged) (\(outcome.reason))")
        print("  replay: make simulate-seed SEED=\(seed) FAMILY=\(family)")
        print(outcome.trace.suffix(40).map { "    \($0)" }.joined(separator: "\n"))
    }
}
let note = collisions == 0 ? "" : " (\(collisions) with a forced failover sharing an epoch with another)"
print("simulation (\(family)): \(seeds - failed) passed, \(failed) failed\(note)")
print("  client: \(acked) writes acknowledged, \(lost) lost (in \(losing) schedules)")
exit(failed == 0 ? 0 : 1)
