import CHiredis
import NIOCore
import SentinelCore

/// Turns the bytes a Redis server or peer sentinel sends on a link (SPEC §4.2) into `RESPValue`
/// replies, using hiredis's `redisReader` (STYLE §3, DESIGN decision 1).
///
/// A plain `ChannelInboundHandler`, not a `ByteToMessageDecoder`: hiredis buffers internally, so
/// every read feeds the reader and then drains every complete reply. On a reader error it fires a
/// ``RESPProtocolError``, closes the channel and ignores any later bytes (DESIGN "Failure and bad
/// input": a malformed reply closes that link only; STYLE §3 pitfall 6). Loop-confined: the reader
/// is not thread-safe and is freed in `deinit`.
final class HiredisReplyDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RESPValue

    private let reader: UnsafeMutablePointer<redisReader>
    private var failed = false

    /// Creates a decoder with its own `redisReader`.
    init() {
        self.reader = redisReaderCreate()
        // hiredis keeps up to 16 KiB of idle buffer per reader; a sentinel has two readers per
        // monitored instance and only INFO replies are big, so let the buffer go once empty.
        self.reader.pointee.maxbuf = 1024
    }

    deinit {
        redisReaderFree(self.reader)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.failed else { return }
        let buffer = Self.unwrapInboundIn(data)
        let fed = buffer.withUnsafeReadableBytes { bytes in
            redisReaderFeed(self.reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard fed == REDIS_OK else {
            return self.fail(context: context)
        }
        while true {
            var raw: UnsafeMutableRawPointer?
            guard redisReaderGetReply(self.reader, &raw) == REDIS_OK else {
                return self.fail(context: context)
            }
            guard let raw else { return }  // incomplete: wait for more bytes
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            let value = RESPValue(reply)  // deep copy first...
            freeReplyObject(reply)  // ...then free
            context.fireChannelRead(Self.wrapInboundOut(value))
        }
    }

    /// Reports the reader's error once, then closes the link.
    private func fail(context: ChannelHandlerContext) {
        self.failed = true
        var message = String(cString: CHiredis_readerError(self.reader))
        if message.isEmpty {
            message = "reader error \(self.reader.pointee.err)"
        }
        context.fireErrorCaught(RESPProtocolError(message: message))
        context.close(promise: nil)
    }
}
