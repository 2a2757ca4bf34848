/// One query-port client's session as a value: what Redis keeps in its `client` struct that
/// decides replies. The runtime keeps one beside the client's channel and hands it to the core's
/// session commands (`ClientSession+Commands`); no socket, buffer or timer lives here.
public struct ClientSession: Sendable {
    public let id: Int
    /// The peer's and our address as CLIENT LIST shows them (`ip:port`, `[ip]:port`, `?`).
    public let addr: String
    public let laddr: String
    public let createdAt: Int64
    public var lastCommandAt: Int64
    /// `client|list` style full name of the last known command; `NULL` for an unknown one.
    public var lastCommand = "NULL"
    public var name = ""
    public var protocolVersion = 2
    public var authenticated: Bool
    public var user = "default"
    public var channels: Set<String> = []
    public var patterns: Set<String> = []
    public var tracking = ClientTracking()
    public var noEvict = false
    public var reply = ReplyMode.on
    /// CLIENT KILL of itself: the reply goes out, then the connection closes.
    public var closeAfterReply = false

    public init(id: Int, addr: String, laddr: String, authenticated: Bool, now: Int64) {
        self.id = id
        self.addr = addr
        self.laddr = laddr
        self.authenticated = authenticated
        self.createdAt = now
        self.lastCommandAt = now
    }

    public var subscriptionCount: Int { self.channels.count + self.patterns.count }

    /// Redis's `CLIENT_PUBSUB` (flag `P`, type pubsub): set by a subscription, cleared when none is left.
    public var isPubSub: Bool { self.subscriptionCount > 0 }

    /// RESP2 clients with subscriptions can only run the pub/sub commands.
    public var inPubSubContext: Bool { self.protocolVersion == 2 && self.subscriptionCount > 0 }

    /// `processCommand`'s first check: before AUTH or HELLO succeeds (when the default user needs
    /// a password), every other command gets NOAUTH. `name` is the real command's lowercase name.
    public func authRefusal(command name: String, authRequired: Bool) -> ReplyError? {
        authRequired && name != "auth" && name != "hello" ? .noAuth : nil
    }

    /// After the ACL check: a RESP2 client with subscriptions runs only the pub/sub commands and
    /// PING (`fullName` as the error names it).
    public func contextRefusal(command name: String, fullName: String) -> ReplyError? {
        guard self.inPubSubContext else { return nil }
        switch name {
        case "subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping": return nil
        default: return .pubSubContext(command: fullName)
        }
    }

    /// Whether a reply written now reaches the client: CLIENT REPLY OFF / SKIP drop every reply,
    /// pub/sub messages included, as Redis 7.0 does.
    public var repliesEnabled: Bool { self.reply == .on || self.reply == .skipNext }

    /// What CLIENT LIST shows for this client. `blocked` (held by CLIENT PAUSE) is the runtime's
    /// to know; buffer and memory sizes are not tracked (zero) and NIO hides the descriptor.
    public func info(now: Int64, blocked: Bool) -> ClientInfo {
        var info = ClientInfo(id: self.id, addr: self.addr, laddr: self.laddr, fd: 0)
        info.name = self.name
        info.ageSeconds = (now - self.createdAt) / 1000
        info.idleSeconds = (now - self.lastCommandAt) / 1000
        info.pubsub = self.isPubSub
        info.tracking = self.tracking
        info.closeAfterReply = self.closeAfterReply
        info.noEvict = self.noEvict
        info.blocked = blocked
        info.channels = self.channels.count
        info.patterns = self.patterns.count
        info.lastCommand = self.lastCommand
        info.user = self.user
        info.protocolVersion = self.protocolVersion
        return info
    }

    /// Redis's `resetClient` after each command (`fullName` nil for an unknown one): CLIENT
    /// REPLY SKIP takes effect for the next command and CLIENT CACHING lasts one command.
    /// True when the client killed itself and is to be closed once its reply is out.
    public mutating func commandFinished(fullName: String?) -> Bool {
        if !(fullName?.hasPrefix("client") ?? false) { self.tracking.caching = false }
        switch self.reply {
        case .skip: self.reply = .on
        case .skipNext: self.reply = .skip
        case .on, .off: break
        }
        return self.closeAfterReply
    }
}

/// CLIENT REPLY: `skipNext` turns into `skip` once the CLIENT REPLY SKIP command is done.
public enum ReplyMode: Equatable, Sendable {
    case on, off, skipNext, skip
}

/// A CLIENT PAUSE in force: until when (monotonic ms) and whether only write commands wait.
public struct ClientPause: Equatable, Sendable {
    public var until: Int64
    public var writesOnly: Bool

    public init(until: Int64, writesOnly: Bool) {
        self.until = until
        self.writesOnly = writesOnly
    }

    /// A second pause keeps the later end and the wider type; one already over counts for nothing.
    public static func merged(_ new: ClientPause, over current: ClientPause?, now: Int64) -> ClientPause {
        let current = current.flatMap { $0.until > now ? $0 : nil }
        return ClientPause(
            until: max(new.until, current?.until ?? new.until),
            writesOnly: new.writesOnly && (current?.writesOnly ?? true))
    }

    /// Whether a command with these table flags waits: every command for ALL; write and
    /// may-replicate ones for WRITE, which no sentinel-mode command is.
    public func holds(flags: [String]?) -> Bool {
        let writes = flags.map { $0.contains("write") || $0.contains("may_replicate") } ?? false
        return !self.writesOnly || writes
    }
}

/// The arithmetic of CLIENT PAUSE on the client's timeout, none of which can trap.
public enum PauseDeadline {
    /// The longest timer armed at once (one day); a longer pause re-arms it. Keeps the delay far
    /// inside `TimeAmount`'s nanosecond range.
    public static let maxTimerDelay: Int64 = 86_400_000

    /// When a pause of `timeout` ms (not negative) started at `now` ends; 0 for a zero timeout.
    /// Redis 7.0.15 adds the clock without an overflow check (`getTimeoutFromObjectOrReply`), so a
    /// timeout near `LLONG_MAX` wraps into the past and the pause is over at once (checked
    /// against redis-sentinel 7.0.15: `CLIENT PAUSE 9223372036854775807` answers `+OK` and a PING
    /// right after gets `+PONG`). The wrap is deliberate and explicit here.
    public static func until(timeout: Int64, now: Int64) -> Int64 {
        timeout > 0 ? timeout &+ now : 0
    }

    /// Milliseconds to wait until `until`: 0 if it has passed (however far in the past), at most
    /// `maxTimerDelay`.
    public static func timerDelay(until: Int64, now: Int64) -> Int64 {
        let (left, overflow) = until.subtractingReportingOverflow(now)
        if overflow { return until < now ? 0 : Self.maxTimerDelay }
        return min(max(0, left), Self.maxTimerDelay)
    }
}
