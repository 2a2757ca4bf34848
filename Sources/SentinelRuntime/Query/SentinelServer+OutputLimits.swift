import NIOCore
import SentinelCore

/// `client-output-buffer-limit` on the query port (Redis 7.0 `checkClientOutputBufferLimits` and
/// `closeClientOnOutputBufferLimitReached`). A client that does not read its replies or pub/sub
/// messages leaves them queued in its channel; past the limit of its class it is closed and the
/// queue dropped, so one slow subscriber cannot grow the daemon without bound.
extension SentinelServer {
    /// Checked after every reply or message written to `client`, as Redis checks after each
    /// `addReply`. The class is pubsub while the client has a subscription, normal otherwise
    /// (a sentinel has no replica clients).
    func checkOutputBufferLimits(_ client: QueryClient) {
        let limit = client.isPubSub ? self.clientLimits.pubsubOutput : self.clientLimits.normalOutput
        guard !limit.isUnlimited, !client.closingASAP,
            let queued = self.queuedOutputBytes(client)
        else { return }
        let used = Int64(queued)
        let now = self.now
        let hard = limit.hard > 0 && used >= limit.hard
        var soft = false
        if limit.soft > 0 && used >= limit.soft {
            if let since = client.softLimitReachedAt {
                // Redis compares whole seconds: over the limit for longer than `seconds`.
                soft = (now - since) / 1000 > limit.seconds
            } else {
                client.softLimitReachedAt = now  // the first time: start the clock
            }
        } else {
            client.softLimitReachedAt = nil
        }
        guard hard || soft else { return }
        client.closingASAP = true
        self.log.log(
            .warning,
            "Client \(self.clientInfo(client).line) scheduled to be closed ASAP for overcoming of output buffer "
                + "limits.")
        // Closing drops what is still queued, as freeClient does.
        client.channel.close(promise: nil)
    }
}
