import NIOCore
import SentinelCore

/// The query-port connection handler: requests in (decoded by `QueryRequestDecoder`), replies out
/// (encoded by `RESPReplyEncoder` in the client's protocol). Every client is independent; a
/// protocol error answers that client and closes it, nothing else (DESIGN "Failure and bad input").
final class QueryConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = QueryRequest
    typealias OutboundOut = ByteBuffer

    private unowned let server: SentinelServer
    private var client: QueryClient?

    init(server: SentinelServer) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        if let refusal = self.server.admissionError(for: context.channel) {
            // Redis writes the error straight to the socket and drops the connection.
            self.server.stats.rejectedConnections += 1
            var buffer = context.channel.allocator.buffer(capacity: refusal.utf8.count)
            buffer.writeString(refusal)
            let channel = context.channel
            channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        self.client = self.server.clientConnected(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let client = self.client { self.server.clientDisconnected(client) }
        self.client = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client = self.client else { return }
        switch Self.unwrapInboundIn(data) {
        case .command(let args):
            self.server.execute(args, for: client)
        case .protocolError(let message):
            // Redis answers, then closes the connection once the reply is out.
            self.server.writeAndClose(.error("ERR \(message)"), to: client)
        case .queryBufferLimitReached(let initialBytes):
            // `readQueryFromClient`: logged, closed, no reply.
            self.server.log.log(
                .warning,
                "Closing client that reached max query buffer length: \(self.server.clientInfo(client).line) "
                    + "(qbuf initial bytes: \(initialBytes))")
            client.closingASAP = true
            context.close(promise: nil)
        }
    }

    /// Redis's `authRequired(c)` for the decoder's unauthenticated limits. A client whose held
    /// commands (CLIENT PAUSE) include AUTH or HELLO may be authenticated by the time its next
    /// request runs, as in Redis, which parses nothing of a blocked client's input until it is
    /// unblocked; its bytes stay bounded by `client-query-buffer-limit`.
    var authRequired: Bool {
        guard let client = self.client else { return true }
        guard self.server.acl.users.authRequired(authenticated: client.authenticated) else { return false }
        return !client.postponed.contains { args in
            guard let name = self.server.commandTable.resolve(args)?.fullName else { return false }
            return name == "auth" || name.hasPrefix("hello")
        }
    }

    /// Request bytes held outside the decoder (commands postponed by CLIENT PAUSE).
    var heldBytes: Int { self.client?.postponedBytes ?? 0 }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.client?.lastInteractionAt = self.server.now
        self.server.stats.writesProcessed += 1
        context.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let client = self.client { self.server.drainBacklog(client) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
