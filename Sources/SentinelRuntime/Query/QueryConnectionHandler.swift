import NIOCore
import SentinelCore

/// What a query-port connection reports to, and asks of, the one owner (`SentinelServer`); a
/// protocol so that tests can run the handler on an `EmbeddedChannel`.
protocol QueryConnectionOwner: AnyObject {
    /// The text to send before closing a connection refused at accept, or nil to admit it.
    func admissionError(for channel: any Channel) -> String?
    func clientConnected(_ channel: any Channel) -> QueryClient
    func clientDisconnected(_ client: QueryClient)
    /// Runs one request and writes its reply (flushed at the end of the read).
    func execute(_ args: [String], for client: QueryClient)
    /// Sends a last reply and closes the connection once it is written (protocol errors).
    func writeAndClose(_ value: RESPValue, to client: QueryClient)
    /// The decoder's query buffer limit was passed: logged, closed, no reply.
    func queryBufferLimitReached(_ client: QueryClient, initialBytes: String)
    /// Whether the client must still authenticate before sending bulk requests past the
    /// unauthenticated limits.
    func authRequired(_ client: QueryClient?) -> Bool
    /// A read ended: its replies are flushed now.
    func readFinished(_ client: QueryClient?)
    func record(_ event: QueryStats.Event)
    func drainBacklog(_ client: QueryClient)
}

/// The query-port connection handler: requests in (decoded by `QueryRequestDecoder`), replies out
/// (encoded by `RESPReplyEncoder` in the client's protocol). Every client is independent; a
/// protocol error answers that client and closes it, nothing else (DESIGN "Failure and bad input").
final class QueryConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = QueryRequest
    typealias OutboundOut = ByteBuffer

    private unowned let owner: any QueryConnectionOwner
    private var client: QueryClient?

    init(owner: any QueryConnectionOwner) {
        self.owner = owner
    }

    func channelActive(context: ChannelHandlerContext) {
        if let refusal = self.owner.admissionError(for: context.channel) {
            // Redis writes the error straight to the socket and drops the connection.
            self.owner.record(.connectionRejected)
            var buffer = context.channel.allocator.buffer(capacity: refusal.utf8.count)
            buffer.writeString(refusal)
            let channel = context.channel
            channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        self.client = self.owner.clientConnected(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let client = self.client { self.owner.clientDisconnected(client) }
        self.client = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client = self.client else { return }
        switch Self.unwrapInboundIn(data) {
        case .command(let args):
            self.owner.execute(args, for: client)
        case .protocolError(let message):
            // Redis answers, then closes the connection once the reply is out.
            self.owner.writeAndClose(.error(.protocolError(message)), to: client)
        case .queryBufferLimitReached(let initialBytes):
            self.owner.queryBufferLimitReached(client, initialBytes: initialBytes)
        }
    }

    /// For the decoder's unauthenticated limits (`SentinelServer.authRequired`).
    var authRequired: Bool { self.owner.authRequired(self.client) }

    /// Request bytes held outside the decoder (commands postponed by CLIENT PAUSE).
    var heldBytes: Int { self.client?.postponedBytes ?? 0 }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.owner.readFinished(self.client)
        context.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let client = self.client { self.owner.drainBacklog(client) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
