import NIOCore
import NIOEmbedded
import Testing

@testable import SentinelRuntime

extension CodecTests {
    @Suite struct RESPCommandEncoderTests {
        private func encode(_ arguments: [String]) throws -> String {
            var out = ByteBuffer()
            try RESPCommandEncoder().encode(data: arguments, out: &out)
            return String(buffer: out)
        }

        @Test func encodesMultibulkLikeRedisFormatCommandArgv() throws {
            #expect(
                try self.encode(["SET", "k", "v w", ""]) == "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv w\r\n$0\r\n\r\n"
            )
        }

        @Test func worksAsAChannelHandler() throws {
            let channel = EmbeddedChannel(handler: MessageToByteHandler(RESPCommandEncoder()))
            try channel.writeOutbound(["PING"])
            try channel.writeOutbound(["SENTINEL", "is-master-down-by-addr", "127.0.0.1", "6379", "0", "*"])
            let first = try #require(try channel.readOutbound(as: ByteBuffer.self))
            let second = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(String(buffer: first) == "*1\r\n$4\r\nPING\r\n")
            #expect(
                String(buffer: second)
                    == "*6\r\n$8\r\nSENTINEL\r\n$22\r\nis-master-down-by-addr\r\n$9\r\n127.0.0.1\r\n"
                    + "$4\r\n6379\r\n$1\r\n0\r\n$1\r\n*\r\n"
            )
            #expect(try channel.finish().isClean)
        }

        @Test func countsBytesNotCharacters() throws {
            #expect(try self.encode(["ECHO", "é€"]) == "*2\r\n$4\r\nECHO\r\n$5\r\né€\r\n")
            #expect(try self.encode([]) == "*0\r\n")
            #expect(try self.encode(["a\r\nb"]) == "*1\r\n$4\r\na\r\nb\r\n")
        }

        @Test func roundTripsThroughTheRequestDecoder() throws {
            let commands = [["SET", "k", "v w", ""], ["PUBLISH", "__sentinel__:hello", "a,b,c\r\n"], ["é", "\"'"]]
            var bytes: [UInt8] = []
            for command in commands {
                var out = ByteBuffer()
                try RESPCommandEncoder().encode(data: command, out: &out)
                bytes += out.readableBytesView
            }
            #expect(try CodecTestSupport.requests([bytes]) == commands.map { .command($0) })
        }
    }
}
