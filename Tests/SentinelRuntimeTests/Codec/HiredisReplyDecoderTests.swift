import NIOCore
import NIOEmbedded
import SentinelCore
import Testing

@testable import SentinelRuntime

extension CodecTests {
    @Suite struct HiredisReplyDecoderTests {
        /// Feeds `chunks` to a fresh decoder and returns every reply it emitted.
        static func decode(_ chunks: [[UInt8]]) throws -> [RESPValue] {
            let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
            var replies: [RESPValue] = []
            for chunk in chunks {
                try channel.writeInbound(CodecTestSupport.buffer(chunk))
                while let reply = try channel.readInbound(as: RESPValue.self) {
                    replies.append(reply)
                }
            }
            #expect(try channel.finish().isClean)
            return replies
        }

        static let stream = Array(
            ("+PONG\r\n-LOADING Redis is loading the dataset in memory\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n"
                + "$-1\r\n*-1\r\n*0\r\n$8\r\nhé\r\nllo\r\n*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+OK\r\n").utf8
        )
        static let expected: [RESPValue] = [
            .simpleString("PONG"),
            .error("LOADING Redis is loading the dataset in memory"),
            .integer(42),
            .integer(-7),
            .bulkString("hello"),
            .bulkString(""),
            .null,
            .null,  // hiredis 0.14 does not tell `*-1` from `$-1`
            .array([]),
            .bulkString("hé\r\nllo"),
            .array([.integer(1), .array([.bulkString("a"), .null]), .simpleString("OK")]),
        ]

        @Test func decodesEveryRESP2Type() throws {
            #expect(try Self.decode([Self.stream]) == Self.expected)
        }

        @Test func decodesAtEverySplitAndByteByByte() throws {
            for chunks in CodecTestSupport.chunkings(of: Self.stream) {
                #expect(try Self.decode(chunks) == Self.expected, "chunks: \(chunks.map(\.count))")
            }
        }

        @Test func drainsManyPipelinedRepliesFromOneRead() throws {
            var bytes: [UInt8] = []
            var expected: [RESPValue] = []
            for index in 0..<1000 {
                bytes += Array("*2\r\n$7\r\nmessage\r\n:\(index)\r\n".utf8)
                expected.append(.array([.bulkString("message"), .integer(Int64(index))]))
            }
            #expect(try Self.decode([bytes]) == expected)
            // Also in uneven reads that cut replies anywhere.
            var chunks: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + start % 97)
                chunks.append(Array(bytes[start..<end]))
                start = end
            }
            #expect(try Self.decode(chunks) == expected)
        }

        @Test func decodesDeeplyNestedArrays() throws {
            let bytes = Array("*2\r\n*2\r\n*1\r\n*1\r\n:5\r\n$1\r\nx\r\n*0\r\n".utf8)
            #expect(
                try Self.decode([bytes]) == [
                    .array([.array([.array([.array([.integer(5)])]), .bulkString("x")]), .array([])])
                ]
            )
        }

        @Test func decodesInfoSizedBulkStrings() throws {
            let payload = String(repeating: "role:master\r\n", count: 5000)
            let bytes = Array("$\(payload.utf8.count)\r\n\(payload)\r\n".utf8)
            let chunks = stride(from: 0, to: bytes.count, by: 1000).map {
                Array(bytes[$0..<min(bytes.count, $0 + 1000)])
            }
            #expect(try Self.decode(chunks) == [.bulkString(payload)])
        }

        @Test func malformedInputFiresAnErrorAndClosesTheLink() throws {
            let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
            #expect(channel.isActive)
            #expect(throws: RESPProtocolError(message: "Protocol error, got \"!\" as reply type byte")) {
                try channel.writeInbound(CodecTestSupport.buffer(Array("+OK\r\n!oops\r\n:1\r\n".utf8)))
            }
            // The reply before the bad byte was still delivered, nothing after it.
            #expect(try channel.readInbound(as: RESPValue.self) == .simpleString("OK"))
            #expect(try channel.readInbound(as: RESPValue.self) == nil)
            #expect(!channel.isActive)
            _ = try channel.finish(acceptAlreadyClosed: true)
        }

        @Test func malformedInputFedByteByByteFailsOnce() throws {
            let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
            var caught: [any Error] = []
            for byte in Array(":1\r\n%2\r\n:1\r\n".utf8) {
                do {
                    try channel.writeInbound(CodecTestSupport.buffer([byte]))
                } catch {
                    caught.append(error)
                }
            }
            #expect(caught.count == 1)
            #expect((caught.first as? RESPProtocolError)?.message == "Protocol error, got \"%\" as reply type byte")
            #expect(try channel.readInbound(as: RESPValue.self) == .integer(1))
            #expect(try channel.readInbound(as: RESPValue.self) == nil)
            #expect(!channel.isActive)
            _ = try channel.finish(acceptAlreadyClosed: true)
        }

        @Test func nestingDeeperThanHiredisSupportsIsAnError() throws {
            let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
            let bytes = Array((String(repeating: "*1\r\n", count: 9) + ":1\r\n").utf8)
            #expect(throws: RESPProtocolError.self) {
                try channel.writeInbound(CodecTestSupport.buffer(bytes))
            }
            #expect(!channel.isActive)
            _ = try channel.finish(acceptAlreadyClosed: true)
        }
    }
}
