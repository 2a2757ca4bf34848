import NIOCore
import SentinelCore

/// What a link connection tells its owner (`SentinelServer`). A protocol, so that the connection
/// runs on an `EmbeddedChannel` in tests with an owner that records what it was told.
protocol LinkConnectionOwner: AnyObject {
    /// A reply to the command sent with `tag` (replies come back in the order commands went out).
    func linkReply(_ value: RESPValue, tag: ReplyTag, from handler: LinkConnection)
    /// A value no command is waiting for: pub/sub messages, or an error a server sends unasked.
    func linkUnsolicited(_ value: RESPValue, from handler: LinkConnection)
    /// The connect failed or the connection broke; said once, never after our own `close()`.
    func linkClosed(_ handler: LinkConnection, reason: String)
}

/// One connection of a link (a command or pub/sub connection to a Redis instance or a peer
/// sentinel). It keeps the FIFO of reply tags (RESP replies come back in order), queues commands
/// until the TCP connection is up, and hands every decoded value to the owner.
///
/// Loop-confined: created, used and released on the owner's event loop.
final class LinkConnection: ChannelInboundHandler {
    typealias InboundIn = RESPValue

    let link: LinkID
    let connection: Connection
    private unowned let owner: any LinkConnectionOwner
    private var channel: (any Channel)?
    private var queued: [[String]] = []
    // A link rarely has more than a few commands in flight; start small (memory per instance).
    private var tags = CircularBuffer<ReplyTag>(initialCapacity: 4)
    private(set) var closed = false

    init(link: LinkID, connection: Connection, owner: any LinkConnectionOwner) {
        self.link = link
        self.connection = connection
        self.owner = owner
    }

    /// Written now, flushed by `flush()` at the end of the owner's batch, so the commands of one
    /// tick (INFO, PING, hello) leave in one syscall as Redis's do.
    func send(_ args: [String], tag: ReplyTag) -> Bool {
        guard !self.closed else { return false }
        self.tags.append(tag)
        if let channel = self.channel {
            channel.write(Self.encode(args, allocator: channel.allocator), promise: nil)
            return true
        }
        self.queued.append(args)
        return false
    }

    /// Encoded here rather than by a `MessageToByteHandler`, which would keep a buffer per channel.
    static func encode(_ args: [String], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        // Arguments are Swift strings: they always encode.
        try? RESPCommandEncoder().encode(data: args, out: &buffer)
        return buffer
    }

    func flush() {
        self.channel?.flush()
    }

    /// The TCP connection is up: send what was queued.
    func attach(_ channel: any Channel) {
        guard !self.closed else {
            channel.close(promise: nil)
            return
        }
        self.channel = channel
        for args in self.queued { channel.write(Self.encode(args, allocator: channel.allocator), promise: nil) }
        self.queued.removeAll()
        channel.flush()
    }

    /// Closes on our side; no callback reaches the owner afterwards.
    func close() {
        guard !self.closed else { return }
        self.closed = true
        self.queued.removeAll()
        self.channel?.close(promise: nil)
        self.channel = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.closed else { return }
        let value = Self.unwrapInboundIn(data)
        if let tag = self.tags.popFirst() {
            self.owner.linkReply(value, tag: tag, from: self)
        } else {
            self.owner.linkUnsolicited(value, from: self)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failed("connection closed")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.failed("\(error)")
        context.close(promise: nil)
    }

    /// Connect failure or a broken connection: tell the owner once.
    func failed(_ reason: String) {
        guard !self.closed else { return }
        self.closed = true
        self.queued.removeAll()
        self.channel = nil
        self.owner.linkClosed(self, reason: reason)
    }
}
