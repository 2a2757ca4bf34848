import NIOCore
import NIOEmbedded
import SentinelCore
import Testing

@testable import SentinelRuntime

/// `LinkConnection` on an `EmbeddedChannel`, behind the real reply decoder: commands queued until
/// the connection is up, replies matched to their commands in order, unsolicited values, and
/// what the owner hears after a close (issue 10 §3).
@Suite struct LinkConnectionTests {
    /// Records what the connection tells its owner.
    final class RecordingOwner: LinkConnectionOwner {
        enum Heard: Equatable {
            case reply(RESPValue, ReplyTag)
            case unsolicited(RESPValue)
            case closed(String)
        }
        var heard: [Heard] = []

        func linkReply(_ value: RESPValue, tag: ReplyTag, from handler: LinkConnection) {
            self.heard.append(.reply(value, tag))
        }
        func linkUnsolicited(_ value: RESPValue, from handler: LinkConnection) {
            self.heard.append(.unsolicited(value))
        }
        func linkClosed(_ handler: LinkConnection, reason: String) {
            self.heard.append(.closed(reason))
        }
    }

    static let primary = InstanceRef.primary("mymaster")

    /// A connection, its owner, and a channel that has not been attached yet.
    func make() throws -> (LinkConnection, RecordingOwner, EmbeddedChannel) {
        let owner = RecordingOwner()
        let handler = LinkConnection(link: LinkID(1), connection: .command, owner: owner)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([HiredisReplyDecoder(), handler])
        return (handler, owner, channel)
    }

    /// What went out on the wire, as text.
    func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        return text
    }

    func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    @Test func commandsWaitForTheConnectionAndLeaveInOrder() throws {
        let (handler, owner, channel) = try self.make()
        #expect(!handler.send(["AUTH", "pw"], tag: .ignore))
        #expect(!handler.send(["PING"], tag: .ping(Self.primary)))
        #expect(try self.written(channel).isEmpty)
        handler.attach(channel)
        #expect(try self.written(channel) == "*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*1\r\n$4\r\nPING\r\n")
        // Once attached, a command is written at once and flushed with the owner's batch.
        #expect(handler.send(["INFO"], tag: .info(Self.primary)))
        handler.flush()
        #expect(try self.written(channel) == "*1\r\n$4\r\nINFO\r\n")
        #expect(owner.heard.isEmpty)
        _ = try channel.finish()
    }

    /// Replies come back in the order the commands went out, each with its command's tag, even
    /// when they arrive split across reads or several in one read.
    @Test func repliesAreMatchedToTheirCommandsInOrder() throws {
        let (handler, owner, channel) = try self.make()
        handler.attach(channel)
        _ = handler.send(["AUTH", "pw"], tag: .ignore)
        _ = handler.send(["PING"], tag: .ping(Self.primary))
        _ = handler.send(["INFO"], tag: .info(Self.primary))
        try self.feed(channel, "+OK\r\n+PO")
        try self.feed(channel, "NG\r\n$4\r\nrole\r\n")
        #expect(
            owner.heard == [
                .reply(.simpleString("OK"), .ignore), .reply(.simpleString("PONG"), .ping(Self.primary)),
                .reply(.bulkString("role"), .info(Self.primary)),
            ])
        _ = try channel.finish()
    }

    /// A value no command waits for (a pub/sub message, an error the server sends unasked) is
    /// unsolicited, and does not take the next command's tag.
    @Test func valuesWithoutACommandAreUnsolicited() throws {
        let (handler, owner, channel) = try self.make()
        handler.attach(channel)
        try self.feed(channel, "-ERR max number of clients reached\r\n")
        _ = handler.send(["PING"], tag: .ping(Self.primary))
        try self.feed(channel, "+PONG\r\n")
        #expect(
            owner.heard == [
                .unsolicited(.error("ERR max number of clients reached")),
                .reply(.simpleString("PONG"), .ping(Self.primary)),
            ])
        _ = try channel.finish()
    }

    /// A broken connection is reported once; after our own close nothing is reported, and
    /// nothing more is sent or delivered.
    @Test func closesAreReportedOnceAndNeverAfterOurOwn() throws {
        let (handler, owner, channel) = try self.make()
        handler.attach(channel)
        channel.pipeline.fireChannelInactive()
        handler.failed("again")
        #expect(owner.heard == [.closed("connection closed")])
        #expect(!handler.send(["PING"], tag: .ping(Self.primary)))

        let (ours, oursOwner, oursChannel) = try self.make()
        ours.attach(oursChannel)
        ours.close()
        #expect(ours.closed)
        ours.failed("late failure")
        try self.feed(oursChannel, "+PONG\r\n")
        #expect(oursOwner.heard.isEmpty)
        #expect(!ours.send(["PING"], tag: .ping(Self.primary)))
        _ = try? channel.finish()
        _ = try? oursChannel.finish()
    }

    /// Bytes that are not RESP end the connection: the owner hears it closed, with the reader's
    /// error, after the replies that came before.
    @Test func aProtocolErrorClosesTheConnection() throws {
        let (handler, owner, channel) = try self.make()
        handler.attach(channel)
        _ = handler.send(["PING"], tag: .ping(Self.primary))
        _ = handler.send(["INFO"], tag: .info(Self.primary))
        try? self.feed(channel, "+PONG\r\n\ngarbage\r\n")
        #expect(owner.heard.first == .reply(.simpleString("PONG"), .ping(Self.primary)))
        guard case .closed(let reason) = owner.heard.last else {
            Issue.record("not closed: \(owner.heard)")
            return
        }
        #expect(reason.contains("Protocol error"))
        #expect(owner.heard.count == 2)
    }

    /// Closed before the connection came up: the channel that arrives later is closed at once.
    @Test func aChannelArrivingAfterCloseIsClosed() throws {
        let (handler, owner, channel) = try self.make()
        _ = handler.send(["PING"], tag: .ping(Self.primary))
        handler.close()
        handler.attach(channel)
        #expect(try self.written(channel).isEmpty)
        #expect(!channel.isActive)
        #expect(owner.heard.isEmpty)
    }
}
