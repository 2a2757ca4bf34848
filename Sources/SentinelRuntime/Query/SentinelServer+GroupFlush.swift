import NIOCore
import SentinelCore

/// Group commit for replies that may leave only once the config is on disk: a vote
/// (`SENTINEL IS-MASTER-DOWN-BY-ADDR`, SPEC §7.2: the vote is persisted before the reply).
///
/// Redis rewrites the whole config, with fsync, once per vote. When many masters fail together
/// every peer asks for a vote per master at once: 100 masters and two peers were 200 rewrites of
/// a 1,600-line file in a row, seconds of blocked event loop, TILT, and no failover at all
/// (issue 9 §7). Here every reply that needs a flush waits for one flush at the end of the
/// current loop turn, shared by all the requests read in that turn, and then goes out.
///
/// Order per client is kept: from its first held reply until the flush, everything written to
/// that client (later replies, pub/sub messages, a protocol error) queues behind it. Commands
/// still run at once and in order; what they change is in the same flush.
extension SentinelServer {
    func replyAfterGroupFlush(_ value: RESPValue, to client: QueryClient) {
        if client.heldReplies == nil {
            client.heldReplies = []
            if self.groupFlushClients.isEmpty {
                // The first held reply of this turn: flush after every request read in it has run.
                let bound = NIOLoopBound(self, eventLoop: self.loop)
                self.loop.execute { bound.value.completeGroupFlush() }
            }
            self.groupFlushClients.append(client)
        }
        self.write(value, to: client)
    }

    /// Writes the config once, then releases every held reply in order.
    func completeGroupFlush() {
        let clients = self.groupFlushClients
        self.groupFlushClients = []
        guard !clients.isEmpty else { return }
        self.flushConfig()
        for client in clients {
            let held = client.heldReplies ?? []
            client.heldReplies = nil
            guard client.channel.isActive, !held.isEmpty else { continue }
            for (index, buffer) in held.enumerated() { self.send(buffer, to: client, flush: index == held.count - 1) }
            if client.closeAfterHeldReplies { self.closeAfterOutput(client) }
        }
    }
}
