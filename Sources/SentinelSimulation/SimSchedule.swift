import SentinelCore

/// One seeded scenario: the topology and the faults, all drawn from the seed.
public struct SimSchedule: CustomStringConvertible, Sendable {
    public var seed: UInt64
    var sentinels: Int
    var quorum: Int
    var priorities: [Int]
    var faults: [(at: Int64, fault: SimFault)]
    var healAt: Int64
    /// A COORDINATED failover and nothing else: no acknowledged write may be lost (issue 11 §2).
    var requiresNoLoss = false
    /// A partition (issue 11 §3): `jepsen` puts the master, sentinel 0 and the client on the
    /// minority side, and every lost write must have been acknowledged within `fenceBound` of the
    /// cut (the old master is fenced); otherwise one replica or one sentinel is cut off alone,
    /// and nothing may be fenced or failed over.
    var partition: (at: Int64, jepsen: Bool)?
    /// Down-after plus the fence's worst case (DESIGN.md "Fencing": 2.2 s at down-after 1 s,
    /// whole seconds of `lag`) plus the sim's 100 ms replication steps.
    static let fenceBound: Int64 = downAfter + 2500
    static let downAfter: Int64 = 1000
    static let failoverTimeout: Int64 = 3000
    /// After the heal, every sentinel must agree within this bound.
    static let convergenceBound: Int64 = 60_000

    public init(seed: UInt64) {
        var random = SeededRandom(seed: seed &* 0x9E37_79B9)
        self.seed = seed
        self.sentinels = [3, 3, 3, 5, 5, 7][Int.random(in: 0..<6, using: &random)]
        let majority = self.sentinels / 2 + 1
        self.quorum = Int.random(in: 2...majority, using: &random)
        // Two or three replicas; some may never be promoted (priority 0), but one always can.
        let replicas = Int.random(in: 2...3, using: &random)
        self.priorities = (0..<replicas).map { _ in [0, 10, 100, 100][Int.random(in: 0..<4, using: &random)] }
        if !self.priorities.contains(where: { $0 > 0 }) { self.priorities[0] = 100 }
        var faults: [(Int64, SimFault)] = []
        var time: Int64 = 4000
        let count = Int.random(in: 1...4, using: &random)
        for _ in 0..<count {
            time += Int64.random(in: 0...4000, using: &random)
            let sentinel = Int.random(in: 0..<self.sentinels, using: &random)
            let other = (sentinel + 1 + Int.random(in: 0..<(self.sentinels - 1), using: &random)) % self.sentinels
            let length = Int64.random(in: 300...6000, using: &random)
            switch Int.random(in: 0..<9, using: &random) {
            case 0:
                faults.append((time, .crashNode(port: 6379)))
                if Bool.random(using: &random) { faults.append((time + length, .restartNode(port: 6379))) }
            case 1:
                faults.append((time, .pauseNode(port: 6379)))
                faults.append((time + length, .resumeNode(port: 6379)))
            case 2:
                faults.append((time, .crashSentinel(sentinel)))
                faults.append((time + length, .restartSentinel(sentinel)))
            case 3:
                faults.append((time, .pauseSentinel(sentinel)))
                faults.append((time + length, .resumeSentinel(sentinel)))
            case 4:
                faults.append((time, .isolateSentinel(sentinel)))
            case 5:
                faults.append((time, .cut(from: .sentinel(sentinel), to: .sentinel(other))))
            case 6:
                faults.append((time, .cut(from: .redis(6379), to: .sentinel(sentinel))))
            case 7:
                faults.append((time, .lossy(true)))
            default:
                faults.append((time, .crashNode(port: 6379)))
                faults.append((time + 200, .isolateSentinel(sentinel)))
            }
        }
        self.faults = faults.sorted { $0.0 < $1.0 }
        self.healAt = (self.faults.last?.at ?? time) + 2000
    }

    /// The plainest failover: the master crashes for good at t+4 s and nothing else goes wrong,
    /// so exactly one failover may follow (a second one means the promoted master was found down
    /// although it never failed).
    public init(seed: UInt64, primaryCrashOnly: Bool) {
        self.init(seed: seed)
        guard primaryCrashOnly else { return }
        self.faults = [(4000, .crashNode(port: 6379))]
        self.healAt = 4000 + 8000
    }

    /// The schedules with `SENTINEL FAILOVER` (SPEC §8.9): the random faults of `seed`, and one
    /// or two forced failovers on random sentinels at random times, healthy master or not. With
    /// `alone`, the forced failover is the only fault: it must happen, so every sentinel ends up
    /// answering a replica's address.
    ///
    /// `coordinated`: with `alone`, the forced failover is COORDINATED and must lose no
    /// acknowledged write; with the random faults, each forced failover is COORDINATED or not
    /// at random (the safety invariants hold either way).
    public init(seed: UInt64, forcedFailover alone: Bool, coordinated: Bool = false) {
        self.init(seed: seed)
        var random = SeededRandom(seed: seed &* 0x2545_F491)
        if alone { self.faults = [] }
        let forced = alone ? 1 : Int.random(in: 1...2, using: &random)
        for _ in 0..<forced {
            let at = Int64.random(in: 3000...9000, using: &random)
            let sentinel = Int.random(in: 0..<self.sentinels, using: &random)
            let asCoordinated = alone ? coordinated : coordinated && Bool.random(using: &random)
            self.faults.append((at, .forceFailover(sentinel, coordinated: asCoordinated)))
        }
        self.requiresNoLoss = alone && coordinated
        self.faults.sort { $0.at < $1.at }
        self.healAt = max(self.healAt, (self.faults.last?.at ?? 0) + 2000)
        if alone { self.healAt = (self.faults.last?.at ?? 0) + 8000 }
    }

    /// The partition schedules (issue 11 §3, §6): Jepsen's, or a control with one replica or one
    /// sentinel cut off alone, for 6–15 s, and nothing else.
    public init(seed: UInt64, partition: Bool) {
        self.init(seed: seed)
        guard partition else { return }
        var random = SeededRandom(seed: seed &* 0x5851_F42D)
        self.sentinels = [3, 5][Int.random(in: 0..<2, using: &random)]
        self.quorum = self.sentinels / 2 + 1
        self.priorities = (0..<Int.random(in: 2...3, using: &random)).map { _ in 100 }
        let length = Int64.random(in: 6000...15000, using: &random)
        let variant = Int.random(in: 0..<3, using: &random)
        let side: [SimEndpoint] =
            switch variant {
            case 0: [.redis(6379), .sentinel(0)]
            case 1: [.redis(6380 + Int.random(in: 0..<self.priorities.count, using: &random))]
            default: [.sentinel(Int.random(in: 1..<self.sentinels, using: &random))]
            }
        self.faults = [(4000, .partition(side))]
        self.partition = (4000, variant == 0)
        self.healAt = 4000 + length
    }

    public var description: String {
        "seed \(self.seed): \(self.sentinels) sentinels, quorum \(self.quorum), replica priorities \(self.priorities), "
            + "faults \(self.faults.map { "t+\($0.at)ms \($0.fault)" }), heal at t+\(self.healAt)ms"
    }

    public struct Outcome: Sendable {
        public var violations: [String]
        public var converged: Bool
        public var reason: String
        public var trace: [String]
        /// Epochs in which a forced failover and another one promoted different replicas.
        public var forcedCollisions: [UInt64]
        /// The client's acknowledged writes, and those the final master does not hold (counted
        /// once every sentinel agrees; 0 otherwise).
        public var ackedWrites: Int
        public var lostWrites: Int
        /// Safe, and every sentinel agrees. After a forced collision Redis's rules leave two
        /// configurations with the same epoch, and agreement is not required (it does not come).
        public var ok: Bool { self.violations.isEmpty && (self.converged || !self.forcedCollisions.isEmpty) }
    }

    /// Runs the schedule to the end and reports what the invariants saw.
    public func run() -> Outcome {
        var cluster = SimCluster(
            seed: self.seed, sentinelCount: self.sentinels, quorum: self.quorum, replicaPriorities: self.priorities,
            downAfter: Self.downAfter, failoverTimeout: Self.failoverTimeout)
        for (at, fault) in self.faults { cluster.queue.push(.fault(fault), at: cluster.start + at) }
        cluster.queue.push(.fault(.healAll), at: cluster.start + self.healAt)
        let end = cluster.start + self.healAt + Self.convergenceBound
        var converged = (false, "not checked")
        var step = cluster.start
        while step < end {
            step += 100
            cluster.run(until: step)
            cluster.advanceReplication()
            if !cluster.violations.isEmpty { break }
            if step > cluster.start + self.healAt && (step - cluster.start) % 1000 == 0 {
                converged = cluster.converged()
                if converged.0 { break }
            }
        }
        var lost = 0
        if converged.0,
            let port = cluster.sentinels.lazy.compactMap({ $0.core?.status(of: cluster.primaryName) })
                .first?.currentAddress.port
        {
            let lostWrites = cluster.lostWrites(primaryPort: port)
            lost = lostWrites.count
            if let partition = self.partition {
                let cut = cluster.start + partition.at
                if partition.jepsen, let late = lostWrites.first(where: { $0.at > cut + Self.fenceBound }) {
                    cluster.violate(
                        "write \(late.id) acknowledged by \(late.port) at t+\(late.at - cluster.start)ms, "
                            + "\(late.at - cut) ms after the cut, lost (fence bound \(Self.fenceBound) ms)")
                }
                if !partition.jepsen && (cluster.fences > 0 || cluster.switches > 0 || lost > 0) {
                    cluster.violate(
                        "one process cut off alone: \(cluster.fences) fences, \(cluster.switches) switches, \(lost) lost"
                    )
                }
            }
            if self.requiresNoLoss {
                if cluster.writer.acked.isEmpty { cluster.violate("the client got no write acknowledged") }
                if lost > 0 { cluster.violate("\(lost) acknowledged writes lost by a COORDINATED failover") }
                if port == 6379 { cluster.violate("the COORDINATED failover did not happen") }
            }
        }
        return Outcome(
            violations: cluster.violations, converged: converged.0, reason: converged.1, trace: cluster.trace,
            forcedCollisions: cluster.forcedCollisions.sorted(), ackedWrites: cluster.writer.acked.count,
            lostWrites: lost)
    }
}
