/// A host and port as Sentinel stores them (`sentinelAddr`): the host as given (an IP, or a
/// hostname with `resolve-hostnames yes`) and the IP it resolved to.
///
/// Equality and hashing use `host` and `port` only: the IP is derived, and an unresolved
/// hostname (empty `ip`) is still the same address.
public struct InstanceAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The resolved IP; a literal IP host is its own (canonical) IP; `""` while unresolved.
    public var ip: String

    public init(host: String, port: Int, ip: String? = nil) {
        self.host = host
        self.port = port
        self.ip = ip ?? ConfigIPAddress.normalized(host) ?? ""
    }

    public static func == (lhs: InstanceAddress, rhs: InstanceAddress) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.host)
        hasher.combine(self.port)
    }

    /// `announceSentinelAddr`: the hostname with `announce-hostnames yes`, else the IP (the host
    /// while a hostname is unresolved).
    public func announced(hostnames: Bool) -> String {
        hostnames || self.ip.isEmpty ? self.host : self.ip
    }

    /// The replica naming of SPEC §13.4: `ip:port`, IPv6 as `[ip]:port`.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}

/// A peer sentinel remembered in the config (`sentinel known-sentinel <master> <ip> <port> <runid>`).
public struct KnownSentinel: Equatable, Sendable {
    public var address: InstanceAddress
    public var runID: String

    public init(address: InstanceAddress, runID: String) {
        self.address = address
        self.runID = runID
    }
}

/// `sentinel rename-command <master> <command> <renamed>` (SPEC §13.6).
public struct RenamedCommand: Equatable, Sendable {
    public var command: String
    public var renamed: String

    public init(command: String, renamed: String) {
        self.command = command
        self.renamed = renamed
    }
}

/// Everything about one monitored master that the config file holds (SPEC §3.2, §3.7).
///
/// The parser produces it from `sentinel ...` lines; the core hands a fresh snapshot of it to the
/// rewriter on every flush. Times are milliseconds, like the file.
public struct PrimarySettings: Equatable, Sendable {
    public var name: String
    public var address: InstanceAddress
    public var quorum: Int
    public var downAfter: Int64 = SentinelDefaults.downAfter
    public var failoverTimeout: Int64 = SentinelDefaults.failoverTimeout
    public var parallelSyncs: Int = 1
    public var notificationScript: String?
    public var clientReconfigScript: String?
    public var authPass: String?
    public var authUser: String?
    /// `master-reboot-down-after-period` (Valkey: `primary-reboot-down-after-period`); 0 = off.
    public var primaryRebootDownAfterPeriod: Int64 = 0
    public var renamedCommands: [RenamedCommand] = []
    /// `fence-isolated-master` (beyond Redis, DESIGN.md "Fencing"): pause writes on the master when
    /// this sentinel is cut off from a majority of its sentinels and no replica is in sync.
    public var fenceIsolatedPrimary = true
    public var configEpoch: UInt64 = 0
    /// The epoch of our last vote for this master (`sentinel leader-epoch`).
    public var leaderEpoch: UInt64 = 0
    /// Our last vote (runid), not persisted by Redis; kept here so a reload keeps `leader-epoch` only.
    public var leader: String?
    public var knownReplicas: [InstanceAddress] = []
    public var knownSentinels: [KnownSentinel] = []

    public init(name: String, address: InstanceAddress, quorum: Int) {
        self.name = name
        self.address = address
        self.quorum = quorum
    }
}

/// The global `sentinel ...` directives (SPEC §3.2).
public struct SentinelSettings: Equatable, Sendable {
    public var myID: String?
    public var currentEpoch: UInt64 = 0
    /// `nil` = unset; 7.0 keeps `""` set by `SENTINEL CONFIG SET announce-ip ""` as an empty string.
    public var announceIP: String?
    public var announcePort: Int = 0
    public var denyScriptsReconfig = true
    public var sentinelUser: String?
    public var sentinelPass: String?
    public var resolveHostnames = false
    public var announceHostnames = false

    public init() {}
}

/// Constants of SPEC §5.1 that are also defaults of per-master settings.
public enum SentinelDefaults {
    public static let downAfter: Int64 = 30_000
    public static let failoverTimeout: Int64 = 180_000
    public static let port = 26379
}
