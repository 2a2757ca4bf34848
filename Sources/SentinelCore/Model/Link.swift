/// Identifies one link (a command connection and, for Redis instances, a pub/sub connection).
///
/// SPEC §4.2: masters and replicas own their link; a link to a peer sentinel is shared by every
/// master that knows that sentinel's runid.
public struct LinkID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public var description: String { "link#\(self.rawValue)" }
}

/// The two connections of a link (SPEC §4.2: cc and pc).
public enum Connection: Hashable, Sendable {
    case command
    case pubsub
}

/// Who a link talks to, which decides credentials and whether it has a pub/sub connection.
public enum LinkPeer: Hashable, Sendable {
    /// A master or replica of the named master (its auth-user/auth-pass, SPEC §4.4).
    case redis(primary: String)
    /// A peer sentinel, keyed by runid.
    case sentinel(runID: String)
}

/// What the core knows about one link: connection state and the PING timers of SPEC §4.1.
///
/// A connection counts as open from the moment the core asks for it, as hiredis's async contexts
/// do: commands queued before the TCP handshake completes go out once it does.
///
/// The plain-value fields live in `timers`, read as `link.actPingTime` through the dynamic
/// member: the tick reads `timers` of every link on every pass as one copy that does not touch
/// the strings of `peer` and `address` (no reference counting), and no field is listed twice.
@dynamicMemberLookup
struct Link: Sendable {
    var peer: LinkPeer
    var address: InstanceAddress
    /// The local address of the command socket, for hellos (SPEC §5.6).
    var localIP: String?
    var timers: LinkTimers

    init(peer: LinkPeer, address: InstanceAddress, now: Int64) {
        self.peer = peer
        self.address = address
        var needsPubsub = false
        if case .redis = peer { needsPubsub = true }
        self.timers = LinkTimers(needsPubsub: needsPubsub, now: now)
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<LinkTimers, Value>) -> Value {
        get { self.timers[keyPath: field] }
        set { self.timers[keyPath: field] = newValue }
    }

    /// The computed ones (`disconnected`, `connectionsToOpen`) and `needsPubsub`.
    subscript<Value>(dynamicMember field: KeyPath<LinkTimers, Value>) -> Value {
        self.timers[keyPath: field]
    }
}

/// The plain-value fields of a `Link`: connections, pending commands and the PING timers.
struct LinkTimers: Sendable {
    /// Masters and replicas have a pub/sub connection; peer sentinels do not.
    let needsPubsub: Bool
    var refcount = 1
    var commandOpen = false
    var pubsubOpen = false
    var commandConnTime: Int64 = 0
    var pubsubConnTime: Int64 = 0
    var pubsubLastActivity: Int64 = 0
    var pendingCommands = 0
    /// Send time of the oldest unanswered PING; 0 when none is pending.
    var actPingTime: Int64
    var lastPingTime: Int64 = 0
    var lastPongTime: Int64
    /// When the last valid PING reply arrived.
    var lastAvailTime: Int64
    var lastReconnectTime: Int64 = 0
    /// Whether a connection was ever asked for: later attempts are retries, which share the
    /// tick's budget (`Sentinel.reconnectBudget`) unless the link is a master's.
    var attempted = false
    /// Due for a retry but over the tick's budget: waiting in `Sentinel.retryQueue`.
    var waitingForRetry = false

    init(needsPubsub: Bool, now: Int64) {
        self.needsPubsub = needsPubsub
        self.actPingTime = now
        self.lastPongTime = now
        self.lastAvailTime = now
    }

    /// How many connections a reconnect opens now.
    var connectionsToOpen: Int { (self.commandOpen ? 0 : 1) + (self.needsPubsub && !self.pubsubOpen ? 1 : 0) }

    /// SPEC §4.2: disconnected if cc is missing, or pc for masters and replicas.
    var disconnected: Bool { !self.commandOpen || (self.needsPubsub && !self.pubsubOpen) }
}
