/// One Sentinel event (SPEC §11): rendered as a log line, a pub/sub message on the channel named
/// after `type`, and (WARNING level, with an instance) a notification-script job.
public struct SentinelEvent: Equatable, Sendable {
    public var level: LogLevel
    /// The event name, which is also its pub/sub channel (`+sdown`, `+switch-master`, ...).
    public var type: String
    /// The message text, `%@` already expanded (SPEC §11.2).
    public var message: String
    /// The master whose notification-script gets WARNING events (SPEC §11.1); nil for global events.
    public var primary: String?
    /// What the event says, as data; nil for a plain log line. `message` is its `text`.
    public var payload: EventPayload?

    /// `+odown`: the count that decided it (the message says `#quorum votes/quorum`).
    public var quorum: QuorumCount? {
        guard case .quorum(_, let count) = self.payload else { return nil }
        return count
    }

    /// An event of the table (`EventType`, which gives its name and level) with its payload.
    public init(_ type: EventType, _ payload: EventPayload, primary: String? = nil) {
        self.init(level: type.level, type: type.name, message: payload.text, primary: primary)
        self.payload = payload
    }

    /// A plain log line (`type` empty), or an event built from its parts.
    public init(level: LogLevel, type: String, message: String, primary: String? = nil) {
        self.level = level
        self.type = type
        self.message = message
        self.primary = primary
    }

    /// The log text, `<type> <msg>` (SPEC §11.1), cut to Redis's LOG_MAX_LEN.
    public var logText: String {
        let text = "\(self.type) \(self.message)"
        return text.utf8.count <= 1023 ? text : String(decoding: text.utf8.prefix(1023), as: UTF8.self)
    }

    /// The pub/sub payload: Redis's `sentinelEvent` formats the message into a `LOG_MAX_LEN`
    /// (1024) buffer, so it is cut to 1023 bytes too. Without the cut, one `SENTINEL SET` with a
    /// long value (or a long master name) fanned out megabyte messages to every subscriber.
    public var publishedMessage: String {
        self.message.utf8.count <= 1023 ? self.message : String(decoding: self.message.utf8.prefix(1023), as: UTF8.self)
    }

    /// DEBUG events are logged but never published (SPEC §11.1).
    public var isPublished: Bool { self.level != .debug }
}

/// The sentinels that found a master down (this one included) and the quorum it needed (SPEC §6.4).
public struct QuorumCount: Equatable, Sendable {
    public var votes: Int
    public var quorum: Int

    public init(votes: Int, quorum: Int) {
        self.votes = votes
        self.quorum = quorum
    }
}
