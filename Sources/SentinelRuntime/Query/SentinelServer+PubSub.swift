import NIOCore
import SentinelCore

/// Pub/sub on the query port: clients subscribe to event channels (SPEC §11.1, §13.2).
extension SentinelServer {
    func publish(channel: String, message: String) {
        guard !self.clients.isEmpty else { return }
        for client in self.clients.values {
            if client.session.channels.contains(channel) {
                self.write(
                    .push([.bulkString("message"), .bulkString(channel), .bulkString(message)]), to: client, flush: true
                )
            }
            for pattern in client.session.patterns where GlobMatch.matches(pattern, channel) {
                self.write(
                    .push([.bulkString("pmessage"), .bulkString(pattern), .bulkString(channel), .bulkString(message)]),
                    to: client, flush: true)
            }
        }
    }

    /// SUBSCRIBE / PSUBSCRIBE: one confirmation per channel.
    func subscribe(_ names: [String], pattern: Bool, client: QueryClient) {
        let kind = pattern ? "psubscribe" : "subscribe"
        for name in names {
            if pattern { client.session.patterns.insert(name) } else { client.session.channels.insert(name) }
            self.write(
                .push([.bulkString(kind), .bulkString(name), .integer(Int64(client.subscriptionCount))]), to: client)
        }
    }

    /// UNSUBSCRIBE / PUNSUBSCRIBE: no names = all; nothing to leave = one reply with a null name.
    func unsubscribe(_ names: [String], pattern: Bool, client: QueryClient) {
        let kind = pattern ? "punsubscribe" : "unsubscribe"
        let current = pattern ? client.session.patterns : client.session.channels
        let targets = names.isEmpty ? current.sorted() : names
        if targets.isEmpty {
            self.write(.push([.bulkString(kind), .null, .integer(Int64(client.subscriptionCount))]), to: client)
            return
        }
        for name in targets {
            if pattern { client.session.patterns.remove(name) } else { client.session.channels.remove(name) }
            self.write(
                .push([.bulkString(kind), .bulkString(name), .integer(Int64(client.subscriptionCount))]), to: client)
        }
    }
}

/// Redis's glob matcher for PSUBSCRIBE patterns (case-sensitive).
enum GlobMatch {
    static func matches(_ pattern: String, _ string: String) -> Bool {
        if pattern == "*" { return true }
        return SentinelGlob.matches(pattern, string)
    }
}
