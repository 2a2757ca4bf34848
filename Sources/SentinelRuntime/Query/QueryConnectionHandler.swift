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
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.server.stats.writesProcessed += 1
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
