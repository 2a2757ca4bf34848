/// Instance flags (SPEC §4.1), rendered in the `flags` field in this order.
public struct InstanceFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let sDown = InstanceFlags(rawValue: 1 << 0)
    public static let oDown = InstanceFlags(rawValue: 1 << 1)
    public static let primary = InstanceFlags(rawValue: 1 << 2)
    public static let replica = InstanceFlags(rawValue: 1 << 3)
    public static let sentinel = InstanceFlags(rawValue: 1 << 4)
    /// Never stored: derived from the link when rendering.
    public static let disconnected = InstanceFlags(rawValue: 1 << 5)
    public static let primaryDown = InstanceFlags(rawValue: 1 << 6)
    public static let failoverInProgress = InstanceFlags(rawValue: 1 << 7)
    public static let promoted = InstanceFlags(rawValue: 1 << 8)
    public static let reconfSent = InstanceFlags(rawValue: 1 << 9)
    public static let reconfInProgress = InstanceFlags(rawValue: 1 << 10)
    public static let reconfDone = InstanceFlags(rawValue: 1 << 11)
    public static let forceFailover = InstanceFlags(rawValue: 1 << 12)
    public static let scriptKillSent = InstanceFlags(rawValue: 1 << 13)
    /// Internal in 7.0 (SPEC §6.2): not shown in `flags`.
    public static let primaryReboot = InstanceFlags(rawValue: 1 << 14)

    static let rendered: [(InstanceFlags, String)] = [
        (.sDown, "s_down"), (.oDown, "o_down"), (.primary, "master"), (.replica, "slave"),
        (.sentinel, "sentinel"), (.disconnected, "disconnected"), (.primaryDown, "master_down"),
        (.failoverInProgress, "failover_in_progress"), (.promoted, "promoted"), (.reconfSent, "reconf_sent"),
        (.reconfInProgress, "reconf_inprog"), (.reconfDone, "reconf_done"), (.forceFailover, "force_failover"),
        (.scriptKillSent, "script_kill_sent"),
    ]

    /// The `flags` field text, e.g. `s_down,slave,disconnected`.
    public var text: String {
        Self.rendered.compactMap { self.contains($0.0) ? $0.1 : nil }.joined(separator: ",")
    }
}

/// The failover states of SPEC §8.2, in order.
public enum FailoverState: Int, Comparable, Sendable {
    case none = 0
    case waitStart, selectReplica, pausePrimary, waitSync, sendReplicaOfNoOne, waitPromotion, reconfReplicas,
        updateConfig

    public static func < (lhs: FailoverState, rhs: FailoverState) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The wire name shown in `failover-state` (SPEC §13.4).
    public var name: String {
        switch self {
        case .none: "none"
        case .waitStart: "wait_start"
        case .selectReplica: "select_slave"
        // A coordinated failover's two steps (issue 11 §2), named in Redis's style.
        case .pausePrimary: "pause_master"
        case .waitSync: "wait_sync"
        case .sendReplicaOfNoOne: "send_slaveof_noone"
        case .waitPromotion: "wait_promotion"
        case .reconfReplicas: "reconf_slaves"
        case .updateConfig: "update_config"
        }
    }
}

/// The role an instance reports in INFO.
public enum ReportedRole: Sendable, Equatable {
    case primary, replica

    public var name: String { self == .primary ? "master" : "slave" }
}
