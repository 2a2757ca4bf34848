import NIOCore
import SentinelCore

/// `timeout <seconds>` on the query port (Redis 7.0 `clientsCronHandleTimeout`).
extension SentinelServer {
    /// Once a second from the tick: closes the clients that sent nothing for more than
    /// `timeout` seconds. Pub/sub subscribers and clients held by CLIENT PAUSE are never idle,
    /// as in Redis (which has no replica or master clients here to spare).
    func closeIdleClientsIfDue() {
        let timeout = Int64(self.core.server.timeout)
        let now = self.now
        guard timeout > 0, now - self.lastIdleCheck >= 1000 else { return }
        self.lastIdleCheck = now
        for client in self.clients.values
        where !client.isPubSub && client.postponed.isEmpty && (now - client.lastInteractionAt) / 1000 > timeout {
            self.log.log(.verbose, "Closing idle client")
            client.channel.close(promise: nil)
        }
    }
}
