import NIOCore

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
    var lastCommand = "NULL"
    let remote: String
    let local: String

    init(id: Int, channel: any Channel, authenticated: Bool, now: Int64) {
        self.id = id
        self.channel = channel
        self.authenticated = authenticated
        self.createdAt = now
        self.lastCommandAt = now
        self.remote = Self.format(channel.remoteAddress)
        self.local = Self.format(channel.localAddress)
    }

    var subscriptionCount: Int { self.channels.count + self.patterns.count }

    /// RESP2 clients with subscriptions can only run the pub/sub commands.
    var inPubSubContext: Bool { self.protocolVersion == 2 && self.subscriptionCount > 0 }

    private static func format(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "?" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// Counters for INFO stats.
struct QueryStats {
    var connectionsReceived = 0
    var commandsProcessed = 0
    var rejectedConnections = 0
    var errorReplies = 0
}
