import NIOCore
import SentinelCore

/// One query-port client: its session (a core value: what its commands see and change) and what
/// only the channel work needs, replies held or queued, commands held by CLIENT PAUSE, limits.
final class QueryClient {
    let channel: any Channel
    var session: ClientSession
    /// Redis's `lastinteraction`: the last read from this client (monotonic ms), for `timeout`.
    var lastInteractionAt: Int64
    /// Replies held until the group config flush (`SentinelServer+GroupFlush`): nil when none
    /// waits. Everything written to the client queues here meanwhile, so its replies keep their order.
    var heldReplies: [ByteBuffer]?
    /// A protocol error arrived while replies were held: close once they are out.
    var closeAfterHeldReplies = false
    /// Commands held back by CLIENT PAUSE (the first one is the command that blocked), in order:
    /// Redis stops reading a blocked client's input until the pause ends.
    private(set) var postponed: [[String]] = []
    /// The argument bytes of `postponed`, counted against `client-query-buffer-limit`.
    private(set) var postponedBytes = 0
    /// Replies the socket did not take yet, in blocks (`SentinelServer+Output`), and their bytes.
    var backlog: [ByteBuffer] = []
    var backlogBytes = 0
    /// Close once the backlog is out (`closeAfterOutput` while replies were still queued).
    var closeAfterBacklog = false
    /// Redis's `CLIENT_CLOSE_ASAP`: the output buffer limit was passed; nothing more is written.
    var closingASAP = false
    /// When the output buffer first stayed over the soft limit (monotonic ms), or nil
    /// (`obuf_soft_limit_reached_time`).
    var softLimitReachedAt: Int64?

    init(id: Int, channel: any Channel, authenticated: Bool, now: Int64) {
        self.channel = channel
        self.session = ClientSession(
            id: id, addr: Self.format(channel.remoteAddress), laddr: Self.format(channel.localAddress),
            authenticated: authenticated, now: now)
        self.lastInteractionAt = now
    }

    var id: Int { self.session.id }
    var isPubSub: Bool { self.session.isPubSub }
    var subscriptionCount: Int { self.session.subscriptionCount }
    var inPubSubContext: Bool { self.session.inPubSubContext }

    /// Holds `args` back behind the commands already held (CLIENT PAUSE).
    func hold(_ args: [String]) {
        self.postponed.append(args)
        self.postponedBytes += Self.size(of: args)
    }

    /// Takes every held command out, in order.
    func takePostponed() -> [[String]] {
        defer {
            self.postponed = []
            self.postponedBytes = 0
        }
        return self.postponed
    }

    /// The bytes of a request's arguments, for the query buffer limit.
    static func size(of args: [String]) -> Int {
        args.reduce(0) { $0 + $1.utf8.count }
    }

    private static func format(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "?" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
