/// Names one instance record inside the core: a master, or a replica or sentinel of a master.
///
/// Replies carry it back through the runtime, so a reply that arrives after its instance was
/// removed (`SENTINEL RESET`, `REMOVE`, an address switch) finds nothing and is dropped.
public enum InstanceRef: Hashable, Sendable {
    case primary(String)
    /// A replica by its name (`ip:port`, SPEC §13.4).
    case replica(primary: String, name: String)
    case sentinel(primary: String, runID: String)

    public var primaryName: String {
        switch self {
        case .primary(let name), .replica(let name, _), .sentinel(let name, _): name
        }
    }

    public var isPrimary: Bool {
        if case .primary = self { return true }
        return false
    }
}

/// What a reply answers, so the core knows what to do with it (SPEC §4.7).
public enum ReplyTag: Hashable, Sendable {
    /// AUTH, CLIENT SETNAME, the transaction of §8.4, SCRIPT KILL: replies are ignored.
    case ignore
    case ping(InstanceRef)
    case info(InstanceRef)
    case hello(InstanceRef)
    /// The SUBSCRIBE on a pub/sub connection: an error reply closes the connection (SPEC §4.6).
    case subscribe
    /// `SENTINEL is-master-down-by-addr` sent to a sentinel of a master (SPEC §6.3).
    case isPrimaryDown(InstanceRef)
    /// The EXEC of the SLAVEOF NO ONE transaction sent to the replica a failover promotes: its
    /// reply says the replica is a master now (issue 11 §2).
    case promotion(InstanceRef)
    /// A coordinated failover's `CLIENT PAUSE … WRITE` to the master.
    case writesPause(InstanceRef)
    /// The `INFO replication` sent right after it: the master's offset under the pause.
    case pausedOffset(InstanceRef)
    /// `CLIENT PAUSE … WRITE` sent to fence a master, or an old master after a switch (DESIGN.md
    /// "Fencing"): an error reply means it cannot be fenced.
    case fencePause(InstanceRef)
    /// `SENTINEL GET-MASTER-ADDR-BY-NAME` sent to a peer sentinel of a fenced master whose
    /// majority is back: its answer confirms the master or tells of a failover.
    case fenceAsk(InstanceRef)
}
