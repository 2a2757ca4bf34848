import NIOCore
import NIOEmbedded
import SentinelCore
import Testing

@testable import SentinelRuntime

extension CodecTests.QueryRequestDecoderTests {
    // MARK: Limits (Redis 7.0 processMultibulkBuffer and readQueryFromClient)

    /// Passes requests on; an `AUTH pw` turns `authenticated` on, as the connection handler would.
    private final class AuthenticatingHandler: ChannelInboundHandler {
        typealias InboundIn = QueryRequest
        typealias InboundOut = QueryRequest
        var authenticated = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .command(let args) = Self.unwrapInboundIn(data), args == ["AUTH", "pw"] {
                self.authenticated = true
            }
            context.fireChannelRead(data)
        }
    }

    /// Feeds `chunks` to a decoder for a client that must authenticate (unless it sends `AUTH pw`).
    private func decodeUnauthenticated(
        _ chunks: [[UInt8]], limits: QueryRequestDecoder.Limits = .init(), heldBytes: Int = 0
    ) throws -> [QueryRequest] {
        let auth = AuthenticatingHandler()
        let decoder = QueryRequestDecoder(
            limits: limits, authRequired: { !auth.authenticated }, heldBytes: { heldBytes })
        let channel = EmbeddedChannel(handlers: [decoder, auth])
        var output: [QueryRequest] = []
        for chunk in chunks {
            try channel.writeInbound(Support.buffer(chunk))
            while let request = try channel.readInbound(as: QueryRequest.self) { output.append(request) }
        }
        _ = try channel.finish()
        return output
    }

    /// `decodeUnauthenticated` whole, at every split and byte by byte; all must agree.
    private func decodeUnauthenticatedEveryWay(
        _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [QueryRequest] {
        let bytes = Array(text.utf8)
        let whole = try self.decodeUnauthenticated([bytes])
        for chunks in Support.chunkings(of: bytes) {
            #expect(
                try self.decodeUnauthenticated(chunks) == whole, "chunks: \(chunks.map(\.count))",
                sourceLocation: sourceLocation)
        }
        return whole
    }

    private static func multibulk(_ args: [String]) -> String {
        "*\(args.count)\r\n" + args.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    }

    @Test func unauthenticatedMultibulkLength() throws {
        let tenArguments = ["SENTINEL"] + Array(repeating: "x", count: 9)
        #expect(try self.decodeUnauthenticatedEveryWay(Self.multibulk(tenArguments)) == [.command(tenArguments)])
        let error = QueryRequest.protocolError("Protocol error: unauthenticated multibulk length")
        #expect(try self.decodeUnauthenticatedEveryWay("*11\r\nPING\r\n") == [error])
        // The attack: two million empty arguments are refused at the header, nothing buffered.
        #expect(try self.decodeUnauthenticated([Array("*2000000\r\n$0\r\n\r\n".utf8)]) == [error])
        // An authenticated client (or one that needs no password) may send them.
        #expect(try Support.requests("*11\r\n") == [])
    }

    @Test func unauthenticatedBulkLength() throws {
        let largest = String(repeating: "a", count: QueryRequestDecoder.maxUnauthenticatedBulkLength)
        #expect(
            try self.decodeUnauthenticated([Array(Self.multibulk(["ECHO", largest]).utf8)]) == [
                .command(["ECHO", largest])
            ])
        let error = QueryRequest.protocolError("Protocol error: unauthenticated bulk length")
        #expect(try self.decodeUnauthenticatedEveryWay("*1\r\n$16385\r\nPING\r\n") == [error])
        // The attack: a 300 MB bulk is refused at its header.
        #expect(try self.decodeUnauthenticated([Array("*2\r\n$4\r\nECHO\r\n$314572800\r\nxxxx".utf8)]) == [error])
    }

    @Test func invalidLengthsAreReportedBeforeUnauthenticatedOnes() throws {
        #expect(
            try self.decodeUnauthenticatedEveryWay("*2147483648\r\n")
                == [.protocolError("Protocol error: invalid multibulk length")])
        #expect(
            try self.decodeUnauthenticatedEveryWay("*1\r\n$536870913\r\n")
                == [.protocolError("Protocol error: invalid bulk length")])
    }

    @Test func authEarlierInTheSameReadCountsAsInRedis() throws {
        // Redis runs AUTH before it parses the next header: the big request is accepted.
        let big = ["SENTINEL"] + Array(repeating: "y", count: 11)
        #expect(
            try self.decodeUnauthenticatedEveryWay(Self.multibulk(["AUTH", "pw"]) + Self.multibulk(big))
                == [.command(["AUTH", "pw"]), .command(big)])
        // An AUTH that fails (here: any other password) leaves the client unauthenticated.
        #expect(
            try self.decodeUnauthenticatedEveryWay(
                "PING\r\n" + Self.multibulk(["AUTH", "no"]) + Self.multibulk(big))
                == [
                    .command(["PING"]), .command(["AUTH", "no"]),
                    .protocolError("Protocol error: unauthenticated multibulk length"),
                ])
    }

    @Test func protoMaxBulkLenIsHonoured() throws {
        let limits = QueryRequestDecoder.Limits(maxBulkLength: 1024 * 1024)
        let decode = { (text: String) in
            let channel = EmbeddedChannel(handler: QueryRequestDecoder(limits: limits))
            try channel.writeInbound(Support.buffer(Array(text.utf8)))
            let first = try channel.readInbound(as: QueryRequest.self)
            _ = try channel.finish()
            return first
        }
        #expect(try decode("*1\r\n$1048577\r\n") == .protocolError("Protocol error: invalid bulk length"))
        #expect(try decode("*1\r\n$1048576\r\n") == nil)  // accepted, waiting for the payload
    }

    @Test func queryBufferLimitClosesWithoutReply() throws {
        let limits = QueryRequestDecoder.Limits(queryBufferLimit: 100)
        // Complete requests are not held: many small ones pass however many bytes they add up to.
        let small = String(repeating: Self.multibulk(["ECHO", String(repeating: "s", count: 40)]), count: 10)
        #expect(try self.decodeUnauthenticated([Array(small.utf8)], limits: limits).count == 10)
        // One request that grows past the limit: the request before it is delivered, then the close.
        let chunks =
            [Array((Self.multibulk(["PING"]) + "*2\r\n$4\r\nECHO\r\n$1000\r\n").utf8)]
            + Array(repeating: [UInt8](repeating: UInt8(ascii: "z"), count: 40), count: 3)
        let requests = try self.decodeUnauthenticated(chunks, limits: limits)
        // The log shows the start of the read that passed the limit.
        #expect(
            requests == [
                .command(["PING"]),
                .queryBufferLimitReached(initialBytes: "\"" + String(repeating: "z", count: 40) + "\""),
            ])
        // Commands held back by CLIENT PAUSE count too.
        #expect(
            try self.decodeUnauthenticated([Array("*1\r\n$4\r\nPI".utf8)], limits: limits, heldBytes: 95)
                == [.queryBufferLimitReached(initialBytes: #""*1\r\n$4\r\nPI""#)])
    }

    @Test func queryBufferBytesAreShownLikeSdscatrepr() {
        #expect(
            QueryRequestDecoder.representation(Array("a\\\"\n\r\t".utf8) + [7, 8, 0, 0xFF])
                == #""a\\\"\n\r\t\a\b\x00\xff""#)
    }
}
