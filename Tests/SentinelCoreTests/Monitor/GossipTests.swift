import Testing

@testable import SentinelCore

@Suite struct GossipTests {
    static let peer = String(repeating: "b", count: 40)
    static let other = String(repeating: "c", count: 40)

    func hello(
        runID: String = Self.peer, port: Int = 26380, epoch: UInt64 = 0, primaryPort: Int = 6379,
        configEpoch: UInt64 = 0
    ) -> String {
        HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: port, runID: runID, currentEpoch: epoch, primaryName: "mymaster",
            primaryHost: "127.0.0.1", primaryPort: primaryPort, primaryConfigEpoch: configEpoch
        ).payload
    }

    @Test func helloDiscoversASentinelOnce() {
        var h = SentinelHarness()
        h.sentinel.helloReceived(self.hello(), now: h.now)
        h.collect()
        #expect(
            h.events("+sentinel").map(\.message) == [
                "sentinel \(Self.peer) 127.0.0.1 26380 @ mymaster 127.0.0.1 6379"
            ])
        // What a peer teaches is written by the next tick, not at once (issue 9 §7).
        #expect(h.log.contains(.flushConfigLater))
        h.clearLog()
        h.sentinel.helloReceived(self.hello(), now: h.now)
        h.collect()
        #expect(h.events("+sentinel").isEmpty)
        #expect(!h.log.contains(.flushConfig) && !h.log.contains(.flushConfigLater))
    }

    @Test func helloFromPubsubWithOurOwnIDIsIgnored() {
        var h = SentinelHarness()
        h.tick()
        let link = h.link(of: .primary("mymaster"))!
        let own = self.hello(runID: SentinelHarness.myID)
        h.sentinel.unsolicitedReplyReceived(
            .push([.bulkString("message"), .bulkString("__sentinel__:hello"), .bulkString(own)]), link: link,
            connection: .pubsub, now: h.now)
        h.collect()
        #expect(h.events("+sentinel").isEmpty)
        h.sentinel.unsolicitedReplyReceived(
            .push([.bulkString("message"), .bulkString("__sentinel__:hello"), .bulkString(self.hello())]), link: link,
            connection: .pubsub, now: h.now)
        h.collect()
        #expect(h.events("+sentinel").count == 1)
    }

    @Test(arguments: [
        "127.0.0.1,26380,\(String(repeating: "b", count: 40)),0,mymaster,127.0.0.1,6379",
        "127.0.0.1,26380,\(String(repeating: "b", count: 40)),0,nosuch,127.0.0.1,6379,0",
        "", "garbage",
    ])
    func malformedOrUnknownHellosAreIgnored(payload: String) {
        var h = SentinelHarness()
        h.clearLog()
        h.sentinel.helloReceived(payload, now: h.now)
        h.collect()
        #expect(h.log.isEmpty)
    }

    @Test func higherEpochIsAdoptedAndFlushed() {
        var h = SentinelHarness()
        h.sentinel.helloReceived(self.hello(epoch: 7), now: h.now)
        h.collect()
        #expect(h.sentinel.currentEpoch == 7)
        #expect(h.events("+new-epoch").map(\.message) == ["7"])
    }

    @Test func sameRunIDNewAddressIsAnAddressSwitch() {
        var h = SentinelHarness()
        h.sentinel.helloReceived(self.hello(port: 26380), now: h.now)
        h.sentinel.helloReceived(self.hello(port: 26390), now: h.now)
        h.collect()
        #expect(
            h.events("+sentinel-address-switch").map(\.message) == [
                "master mymaster 127.0.0.1 6379 ip 127.0.0.1 port 26390 for \(Self.peer)"
            ])
        #expect(h.events("+sentinel").count == 1)
        #expect(h.sentinel.primaries["mymaster"]!.sentinels.map(\.address.port) == [26390])
    }

    @Test func newRunIDAtAKnownAddressReplacesTheOldOne() {
        var h = SentinelHarness()
        h.sentinel.helloReceived(self.hello(runID: Self.peer), now: h.now)
        h.sentinel.helloReceived(self.hello(runID: Self.other), now: h.now)
        h.collect()
        #expect(h.events("+sentinel-invalid-addr").count == 1)
        #expect(h.sentinel.primaries["mymaster"]!.sentinels.map(\.name) == [Self.other])
    }

    @Test func newerConfigEpochSwitchesThePrimary() {
        var h = SentinelHarness()
        h.tick()
        h.answerAll(SentinelHarness.healthy { _ in SentinelHarness.primaryInfo(replicas: [6380, 6381]) })
        h.clearLog()
        h.sentinel.helloReceived(self.hello(epoch: 1, primaryPort: 6380, configEpoch: 1), now: h.now)
        h.collect()
        #expect(h.events("+config-update-from").count == 1)
        #expect(h.events("+switch-master").map(\.message) == ["mymaster 127.0.0.1 6379 127.0.0.1 6380"])
        let primary = h.sentinel.primaries["mymaster"]!
        #expect(primary.instance.address.port == 6380)
        #expect(primary.settings.configEpoch == 1)
        // The old master is now a replica; the promoted one is not.
        #expect(Set(primary.replicas.map(\.address.port)) == [6381, 6379])
        #expect(primary.sentinels.count == 1)
        // A hello with the same epoch again changes nothing.
        h.clearLog()
        h.sentinel.helloReceived(self.hello(epoch: 1, primaryPort: 6380, configEpoch: 1), now: h.now)
        h.collect()
        #expect(h.events("+switch-master").isEmpty)
    }

    /// A newer config epoch for the address we already have is adopted without a switch, and
    /// written at once: a crash before the next save took it back (simulation, seed 9756).
    @Test func newerConfigEpochForTheSameAddressIsWrittenAtOnce() {
        var h = SentinelHarness()
        h.tick()
        h.clearLog()
        h.sentinel.helloReceived(self.hello(epoch: 2, primaryPort: 6379, configEpoch: 2), now: h.now)
        h.collect()
        #expect(h.events("+switch-master").isEmpty && h.events("+config-update-from").isEmpty)
        #expect(h.sentinel.primaries["mymaster"]!.settings.configEpoch == 2)
        #expect(h.log.contains(.flushConfig))
    }

    @Test func hellosAreSentEveryPublishPeriodWithOurAddress() {
        var h = SentinelHarness(port: 26400)
        var payloads: [String] = []
        for _ in 0..<50 {
            h.tick(advance: 100)
            for action in h.log {
                if case .send(_, _, let args, _) = action, args.first == "PUBLISH" { payloads.append(args[2]) }
            }
            h.clearLog()
            h.answerAll(SentinelHarness.healthy { _ in SentinelHarness.primaryInfo() })
        }
        #expect(payloads.count >= 2 && payloads.count <= 3)
        #expect(payloads.first == "127.0.0.1,26400,\(SentinelHarness.myID),0,mymaster,127.0.0.1,6379,0")
    }

    @Test func sentinelLinksAreSharedAcrossPrimaries() {
        var second = SentinelHarness.defaultPrimary()
        second.name = "other"
        second.address.port = 7000
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(), second])
        h.sentinel.helloReceived(self.hello(), now: h.now)
        var otherHello = HelloMessage(payload: self.hello())!
        otherHello.primaryName = "other"
        otherHello.primaryPort = 7000
        h.sentinel.helloReceived(otherHello.payload, now: h.now)
        h.collect()
        let a = h.link(of: .sentinel(primary: "mymaster", runID: Self.peer))
        let b = h.link(of: .sentinel(primary: "other", runID: Self.peer))
        #expect(a != nil && a == b)
        #expect(h.sentinel.links[a!]!.refcount == 2)
    }
}
