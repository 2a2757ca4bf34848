import NIOCore
import SentinelCore

/// One query-port client's session: what Redis keeps in its `client` struct that we need.
final class QueryClient {
    let id: Int
    let channel: any Channel
    var name = ""
    var protocolVersion = 2
    var authenticated: Bool
    var user = "default"
    var channels: Set<String> = []
    var patterns: Set<String> = []
    let createdAt: Int64
    var lastCommandAt: Int64
    /// Redis's `lastinteraction`: the last read from this client (monotonic ms), for `timeout`.
    var lastInteractionAt: Int64
    /// `client|list` style full name of the last known command; `NULL` for an unknown one.
    var lastCommand = "NULL"
    var tracking = ClientTracking()
    var noEvict = false
    var reply = ReplyMode.on
    /// CLIENT KILL of itself: the reply goes out, then the connection closes.
    var closeAfterReply = false
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
    /// Redis's `CLIENT_PUBSUB` (flag `P`, type pubsub): set by a subscription, cleared when none is left.
    var isPubSub: Bool { self.subscriptionCount > 0 }
    let remote: String
    let local: String

    init(id: Int, channel: any Channel, authenticated: Bool, now: Int64) {
        self.id = id
        self.channel = channel
        self.authenticated = authenticated
        self.createdAt = now
        self.lastCommandAt = now
        self.lastInteractionAt = now
        self.remote = Self.format(channel.remoteAddress)
        self.local = Self.format(channel.localAddress)
    }

    var subscriptionCount: Int { self.channels.count + self.patterns.count }

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

    /// RESP2 clients with subscriptions can only run the pub/sub commands.
    var inPubSubContext: Bool { self.protocolVersion == 2 && self.subscriptionCount > 0 }

    private static func format(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "?" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// CLIENT REPLY: `skipNext` turns into `skip` once the CLIENT REPLY SKIP command is done.
enum ReplyMode {
    case on, off, skipNext, skip
}

/// Counters for INFO stats.
struct QueryStats {
    var connectionsReceived = 0
    var commandsProcessed = 0
    var rejectedConnections = 0
    var errorReplies = 0
    /// Reply bytes written to query-port clients (`total_net_output_bytes`).
    var outputBytes = 0
    /// Request bytes read from them (`total_net_input_bytes`).
    var inputBytes = 0
    /// Socket reads and reply flushes (`total_reads_processed` / `total_writes_processed`).
    var readsProcessed = 0
    var writesProcessed = 0
}
