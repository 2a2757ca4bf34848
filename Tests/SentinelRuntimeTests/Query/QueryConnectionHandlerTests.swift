import NIOCore
import NIOEmbedded
import SentinelCore
import Testing

@testable import SentinelRuntime

/// The query-port handler on `EmbeddedChannel`s, behind the real request decoder and owned by a
/// real `SentinelServer` on an `EmbeddedEventLoop`: pipelining, CLIENT PAUSE, pub/sub fan-out and
/// a slow reader (issue 10 §3).
@Suite struct QueryConnectionHandlerTests {
    let loop = EmbeddedEventLoop()
    let server: SentinelServer

    init() throws {
        try self.init(config: "")
    }

    init(config text: String) throws {
        let config = try ConfigParser.parse(text, fileName: "sentinel.conf")
        var random = SystemRandomNumberGenerator()
        let core = Sentinel(config: config, now: MonotonicClock.now(), random: &random, resolveHostname: { _ in nil })
        self.server = SentinelServer(
            core: core, configPath: "/nonexistent/sentinel.conf", log: RedisLog(logfile: "/dev/null", level: .warning),
            loop: self.loop, executable: "swift-sentinel")
    }

    /// A connected client channel, its handler's owner the server.
    func connect() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(loop: self.loop)
        let handler = QueryConnectionHandler(owner: self.server)
        let server = self.server
        let decoder = QueryRequestDecoder(
            authRequired: { handler.authRequired }, heldBytes: { handler.heldBytes },
            onRead: { server.requestBytesRead($0) })
        try channel.pipeline.syncOperations.addHandlers([decoder, handler])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return channel
    }

    func send(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// What went out on the wire so far, as text.
    func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        return text
    }

    /// Requests read together are answered in order, inline and multibulk alike, and counted.
    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let channel = try self.connect()
        try self.send(channel, "PING first\r\n*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\nCLIENT SETNAME x y\r\nPING\r\n")
        #expect(
            try self.written(channel)
                == "$5\r\nfirst\r\n:1\r\n-ERR wrong number of arguments for 'client|setname' command\r\n"
                + "+PONG\r\n")
        // The arity error is an error reply, not a processed command.
        #expect(self.server.stats.commandsProcessed == 3)
        #expect(self.server.stats.errorReplies == 1)
        #expect(self.server.stats.connectionsReceived == 1)
        #expect(self.server.stats.readsProcessed == 1)
        _ = try channel.finish()
    }

    /// HELLO 3 switches what the client's replies are encoded in, from the next reply on.
    @Test func helloSwitchesTheEncodingOfLaterReplies() throws {
        let channel = try self.connect()
        try self.send(channel, "HELLO 3\r\n")
        #expect(try self.written(channel).hasPrefix("%6\r\n$6\r\nserver\r\n$5\r\nredis\r\n"))
        try self.send(channel, "CLIENT GETNAME\r\n")
        #expect(try self.written(channel) == "_\r\n")
        _ = try channel.finish()
    }

    /// A client held by CLIENT PAUSE reads its replies once the pause is over, in order.
    @Test func pausedClientIsAnsweredAfterThePause() throws {
        let pauser = try self.connect()
        let held = try self.connect()
        try self.send(pauser, "CLIENT PAUSE 50\r\n")
        #expect(try self.written(pauser) == "+OK\r\n")
        try self.send(held, "PING one\r\nPING two\r\n")
        #expect(try self.written(held).isEmpty)
        #expect(self.server.clients[2]?.postponed.count == 2)
        // The timer checks the real clock: let the pause run out before firing it.
        let end = MonotonicClock.now() + 60
        while MonotonicClock.now() < end {}
        self.loop.advanceTime(by: .milliseconds(100))
        #expect(try self.written(held) == "$3\r\none\r\n$3\r\ntwo\r\n")
        #expect(self.server.pause == nil)
        _ = try pauser.finish()
        _ = try held.finish()
    }

    /// An event goes to every subscriber of its channel and every matching pattern, nobody else.
    @Test func publishedEventsFanOutToSubscribers() throws {
        let first = try self.connect()
        let second = try self.connect()
        let pattern = try self.connect()
        let bystander = try self.connect()
        try self.send(first, "SUBSCRIBE +sdown\r\n")
        try self.send(second, "SUBSCRIBE +odown +sdown\r\n")
        try self.send(pattern, "PSUBSCRIBE +s*\r\n")
        for channel in [first, second, pattern] { _ = try self.written(channel) }
        self.server.publish(channel: "+sdown", message: "master mymaster 127.0.0.1 6379")
        let message = "*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$30\r\nmaster mymaster 127.0.0.1 6379\r\n"
        #expect(try self.written(first) == message)
        #expect(try self.written(second) == message)
        #expect(
            try self.written(pattern)
                == "*4\r\n$8\r\npmessage\r\n$3\r\n+s*\r\n$6\r\n+sdown\r\n$30\r\nmaster mymaster 127.0.0.1 6379\r\n")
        #expect(try self.written(bystander).isEmpty)
        for channel in [first, second, pattern, bystander] { _ = try channel.finish() }
    }
}

/// A subscriber whose socket takes nothing more is closed past its output buffer limit.
@Suite struct SlowReaderTests {
    @Test func slowSubscriberIsClosedPastItsHardLimit() throws {
        let tests = try QueryConnectionHandlerTests(config: "client-output-buffer-limit pubsub 200 0 0\n")
        let slow = try tests.connect()
        let fast = try tests.connect()
        try tests.send(slow, "SUBSCRIBE +sdown\r\n")
        try tests.send(fast, "SUBSCRIBE +sdown\r\n")
        _ = try tests.written(slow)
        _ = try tests.written(fast)
        slow.isWritable = false
        // 63 bytes a message: the fourth passes 200 queued bytes.
        for _ in 0..<3 { tests.server.publish(channel: "+sdown", message: "master mymaster 10.0.0.1 26") }
        #expect(slow.isActive)
        #expect(tests.server.clients[1]?.backlogBytes == 189)
        tests.server.publish(channel: "+sdown", message: "master mymaster 10.0.0.1 26")
        #expect(!slow.isActive)
        #expect(tests.server.clients[1] == nil)
        // Nothing of what was queued reached the slow reader; the others carry on.
        #expect(try tests.written(slow).isEmpty)
        let message = "*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$27\r\nmaster mymaster 10.0.0.1 26\r\n"
        #expect(try tests.written(fast) == String(repeating: message, count: 4))
        #expect(fast.isActive)
        _ = try fast.finish()
    }
}
