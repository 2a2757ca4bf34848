/// The timer constants of SPEC §5.1 that `SENTINEL DEBUG` can change at run time (SPEC §13.8).
///
/// Process-wide and never persisted. All values are milliseconds.
public struct SentinelTimers: Equatable, Sendable {
    public var infoPeriod: Int64 = 10_000
    public var pingPeriod: Int64 = 1_000
    public var askPeriod: Int64 = 1_000
    public var publishPeriod: Int64 = 2_000
    public var defaultDownAfter: Int64 = SentinelDefaults.downAfter
    public var defaultFailoverTimeout: Int64 = SentinelDefaults.failoverTimeout
    public var tiltTrigger: Int64 = 2_000
    public var tiltPeriod: Int64 = 30_000
    public var replicaReconfTimeout: Int64 = 10_000
    public var minLinkReconnectPeriod: Int64 = 15_000
    public var electionTimeout: Int64 = 10_000
    public var scriptMaxRuntime: Int64 = 60_000
    public var scriptRetryDelay: Int64 = 30_000

    public init() {}

    /// The `SENTINEL DEBUG` names in reply order (SPEC §13.8), with their key paths.
    static var debugFields: [(String, WritableKeyPath<SentinelTimers, Int64>)] {
        [
            ("info-period", \.infoPeriod), ("ping-period", \.pingPeriod), ("ask-period", \.askPeriod),
            ("publish-period", \.publishPeriod), ("default-down-after", \.defaultDownAfter),
            ("default-failover-timeout", \.defaultFailoverTimeout), ("tilt-trigger", \.tiltTrigger),
            ("tilt-period", \.tiltPeriod), ("slave-reconf-timeout", \.replicaReconfTimeout),
            ("min-link-reconnect-period", \.minLinkReconnectPeriod), ("election-timeout", \.electionTimeout),
            ("script-max-runtime", \.scriptMaxRuntime), ("script-retry-delay", \.scriptRetryDelay),
        ]
    }
}

/// Fixed constants of SPEC §5.1.
enum SentinelConstants {
    static let fastInfoPeriod: Int64 = 1_000
    /// Beyond Redis: the INFO period of the replica a coordinated failover waits for (it is
    /// promoted as soon as it has the paused master's offset, while the master's writes wait).
    static let syncInfoPeriod: Int64 = 100
    static let maxPendingCommands = 100
    static let maxDesync: Int64 = 1_000
    /// Connections a tick may open to retry replicas and peer sentinels (not in Redis). Peers and
    /// INFO can add thousands of unreachable instances; retrying them all in one tick blocked the
    /// event loop for a third of a second every second (issue 9 §5: 3,000 injected sentinels, a
    /// connect and its failure cost about 60 µs each in NIO). Past this many, the rest are tried
    /// on the next ticks, each still at most once per ping period. Masters (configured by the
    /// operator) and first connects are never held back, so a deployment with fewer than this
    /// many retries per tick behaves exactly as Redis.
    static let maxRetryConnectsPerTick = 200
}
