/// An instance as an event's `%@` names it (SPEC §11.2), as data: hosts as announced.
public struct EventInstance: Equatable, Sendable {
    public var kind: InstanceKind
    public var name: String
    public var address: InstanceAddress
    public var primary: String
    public var primaryAddress: InstanceAddress

    /// `%@`, rendered by `InstanceDetails`.
    public var details: String {
        InstanceDetails.instanceDetails(
            kind: self.kind, name: self.name, address: self.address, primary: self.primary,
            primaryAddress: self.primaryAddress)
    }
}

/// What an event says besides its type, as data (SPEC §11.2). `text` is the one place where the
/// Redis message is written; readers (the simulation's invariants, tests) read the fields.
public enum EventPayload: Equatable, Sendable {
    /// `%@` alone (`+sdown`, `+slave`, `+failover-end` …).
    case instance(EventInstance)
    /// `+odown`: `%@ #quorum <votes>/<quorum>`, the count that decided it.
    case quorum(EventInstance, QuorumCount)
    /// `-cmd-link-reconnection`, `-pubsub-link-reconnection`: `%@ #<reason>`.
    case linkClosed(EventInstance, reason: String)
    /// `+role-change`, `-role-change`: `%@ new reported role is <role>`.
    case roleReported(EventInstance, role: String)
    /// `+monitor`: `%@ quorum <quorum>`.
    case monitored(EventInstance, quorum: Int64)
    /// `+set`: `%@ <option> <value> …` (secrets already hidden by the caller).
    case set(EventInstance, [String])
    /// `+sentinel-address-switch`: `%@ ip <host> port <port> for <runid>`.
    case sentinelAddressSwitch(EventInstance, host: String, port: Int, runID: String)
    /// `+sentinel-address-update`: `%@ <count> additional matching instances`.
    case sentinelAddressUpdate(EventInstance, count: Int)
    /// `+new-epoch <epoch>`.
    case epoch(UInt64)
    /// `+vote-for-leader <runid> <epoch>`.
    case vote(leader: String, epoch: UInt64)
    /// `+switch-master <name> <old-host> <old-port> <new-host> <new-port>`.
    case addressSwitch(primary: String, fromHost: String, fromPort: Int, toHost: String, toPort: Int)
    /// `+tilt` / `-tilt`: `#tilt mode entered` / `#tilt mode exited`.
    case tilt(entered: Bool)
    /// `-script-timeout <path> <pid>`.
    case scriptTimeout(path: String, pid: Int32)
    /// `+script-child <pid>`.
    case scriptChild(pid: Int32)
    /// `-script-child <pid> <exit code> <signal>`.
    case scriptChildEnded(pid: Int32, exitCode: Int32, signal: Int32)
    /// `-script-error <path> <first> <second>`: Redis writes `99 0` when the fork failed and
    /// `<signal> <exit code>` when the script failed for good (`sentinelCollectTerminatedScripts`).
    case scriptError(path: String, Int32, Int32)
    /// `+failover-state-wait-sync`: `%@ #offset <offset>`, the paused master's offset.
    case offset(EventInstance, UInt64)
    /// `+failover-loss-estimate`: `%@ #bytes-behind <n> #master-offset <m> #slave-offset <r>`.
    case lossEstimate(EventInstance, primaryOffset: UInt64, replicaOffset: UInt64)
    /// `+fence-master`: `%@ #sentinels <reachable>/<known> #replicas-in-sync <in sync>/<listed>`.
    case fenceRaised(EventInstance, reachableSentinels: Int, sentinels: Int, replicasInSync: Int, replicas: Int)
    /// `-fence-master`: `%@ #<reason>` (`Fence.LiftReason`).
    case fenceLifted(EventInstance, reason: String)

    /// The message as Redis writes it.
    public var text: String {
        switch self {
        case .instance(let instance): instance.details
        case .quorum(let instance, let count): "\(instance.details) #quorum \(count.votes)/\(count.quorum)"
        case .linkClosed(let instance, let reason): "\(instance.details) #\(reason)"
        case .roleReported(let instance, let role): "\(instance.details) new reported role is \(role)"
        case .monitored(let instance, let quorum): "\(instance.details) quorum \(quorum)"
        case .set(let instance, let words): ([instance.details] + words).joined(separator: " ")
        case .sentinelAddressSwitch(let instance, let host, let port, let runID):
            "\(instance.details) ip \(host) port \(port) for \(runID)"
        case .sentinelAddressUpdate(let instance, let count):
            "\(instance.details) \(count) additional matching instances"
        case .epoch(let epoch): String(epoch)
        case .vote(let leader, let epoch): "\(leader) \(epoch)"
        case .addressSwitch(let primary, let fromHost, let fromPort, let toHost, let toPort):
            "\(primary) \(fromHost) \(fromPort) \(toHost) \(toPort)"
        case .tilt(let entered): entered ? "#tilt mode entered" : "#tilt mode exited"
        case .scriptTimeout(let path, let pid): "\(path) \(pid)"
        case .scriptChild(let pid): String(pid)
        case .scriptChildEnded(let pid, let exitCode, let signal): "\(pid) \(exitCode) \(signal)"
        case .scriptError(let path, let first, let second): "\(path) \(first) \(second)"
        case .offset(let instance, let offset): "\(instance.details) #offset \(offset)"
        case .lossEstimate(let instance, let primaryOffset, let replicaOffset):
            "\(instance.details) #bytes-behind \(Self.bytesBehind(primaryOffset, replicaOffset))"
                + " #master-offset \(primaryOffset) #slave-offset \(replicaOffset)"
        case .fenceRaised(let instance, let reachable, let sentinels, let inSync, let replicas):
            "\(instance.details) #sentinels \(reachable)/\(sentinels) #replicas-in-sync \(inSync)/\(replicas)"
        case .fenceLifted(let instance, let reason): "\(instance.details) #\(reason)"
        }
    }

    /// The instance the event is about, when it names one.
    public var instance: EventInstance? {
        switch self {
        case .instance(let instance), .quorum(let instance, _), .linkClosed(let instance, _),
            .roleReported(let instance, _), .monitored(let instance, _), .set(let instance, _),
            .sentinelAddressSwitch(let instance, _, _, _), .sentinelAddressUpdate(let instance, _),
            .offset(let instance, _), .lossEstimate(let instance, _, _), .fenceRaised(let instance, _, _, _, _),
            .fenceLifted(let instance, _):
            instance
        default: nil
        }
    }

    /// What the master had that the replica did not; 0 when the replica was ahead of the
    /// master's (older) offset.
    public static func bytesBehind(_ primaryOffset: UInt64, _ replicaOffset: UInt64) -> UInt64 {
        primaryOffset > replicaOffset ? primaryOffset - replicaOffset : 0
    }
}
