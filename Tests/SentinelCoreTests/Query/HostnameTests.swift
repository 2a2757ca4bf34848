import Testing

@testable import SentinelCore

/// SPEC §3.2 resolve-hostnames / announce-hostnames and §15.2 J: records keep the hostname and
/// its IP; replies, events, hellos and the rewrite show the IP unless announce-hostnames is on.
@Suite struct HostnameTests {
    static let environment = CommandEnvironment(isExecutable: { _ in true })

    func harness(announce: Bool) -> SentinelHarness {
        let primary = PrimarySettings(
            name: "mymaster", address: InstanceAddress(host: "localhost", port: 6379), quorum: 1)
        return SentinelHarness(
            primaries: [primary],
            settings: {
                $0.resolveHostnames = true
                $0.announceHostnames = announce
            }, hosts: ["localhost": "127.0.0.1", "replica.local": "127.0.0.2"])
    }

    func run(_ h: inout SentinelHarness, _ args: String...) -> RESPValue {
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: Self.environment, random: &h.random)
        h.collect()
        switch reply {
        case .reply(let v), .afterFlush(let v), .flushThenReply(let v): return v
        }
    }

    func field(_ value: RESPValue, _ name: String) -> RESPValue? {
        guard case .map(let pairs) = value else { return nil }
        return pairs.first { $0.0 == .bulkString(name) }?.1
    }

    @Test func repliesShowTheResolvedIPUntilAnnounceHostnamesIsOn() {
        var h = self.harness(announce: false)
        #expect(
            self.run(&h, "get-master-addr-by-name", "mymaster")
                == .array([.bulkString("127.0.0.1"), .bulkString("6379")]))
        #expect(self.field(self.run(&h, "master", "mymaster"), "ip") == .bulkString("127.0.0.1"))
        #expect(self.run(&h, "config", "set", "announce-hostnames", "yes") == .ok)
        #expect(
            self.run(&h, "get-master-addr-by-name", "mymaster")
                == .array([.bulkString("localhost"), .bulkString("6379")]))
        #expect(self.field(self.run(&h, "master", "mymaster"), "ip") == .bulkString("localhost"))
    }

    @Test func linksConnectToTheResolvedIP() {
        var h = self.harness(announce: true)
        h.tick()
        let connects = h.log.compactMap { action -> InstanceAddress? in
            if case .connect(_, _, let address) = action { return address }
            return nil
        }
        #expect(connects.contains { $0.host == "localhost" && $0.ip == "127.0.0.1" })
    }

    @Test func replicasAnnouncedByNameAreNamedAsGiven() {
        var h = self.harness(announce: false)
        h.sentinel.createReplica(
            primary: "mymaster", address: InstanceAddress(host: "replica.local", port: 6380), now: h.now)
        guard case .array(let replicas) = self.run(&h, "replicas", "mymaster"), let replica = replicas.first else {
            Issue.record("no replica")
            return
        }
        #expect(self.field(replica, "name") == .bulkString("replica.local:6380"))
        #expect(self.field(replica, "ip") == .bulkString("127.0.0.2"))
        let details = h.sentinel.eventInstance(.replica(primary: "mymaster", name: "replica.local:6380"))?.details
        #expect(details == "slave replica.local:6380 127.0.0.2 6380 @ mymaster 127.0.0.1 6379")
    }

    @Test func withoutResolveHostnamesANamedReplicaIsIgnored() {
        var h = SentinelHarness()
        let created = h.sentinel.createReplica(
            primary: "mymaster", address: InstanceAddress(host: "localhost", port: 6380), now: h.now)
        #expect(!created)
        #expect(self.run(&h, "replicas", "mymaster") == .array([]))
    }

    @Test func theRewriteWritesTheAnnouncedHost() {
        let named = self.harness(announce: true).sentinel.persistedPrimaries()
        #expect(named.first?.address.host == "localhost")
        let numeric = self.harness(announce: false).sentinel.persistedPrimaries()
        #expect(numeric.first?.address.host == "127.0.0.1")
    }

    @Test func isPrimaryDownByAddrMatchesTheIPOrTheName() {
        var h = self.harness(announce: false)
        let vote = self.run(&h, "is-master-down-by-addr", "localhost", "6379", "1", String(repeating: "b", count: 40))
        #expect(vote.elements?[1] == .bulkString(String(repeating: "b", count: 40)))
        let unknown = self.run(
            &h, "is-master-down-by-addr", "127.0.0.9", "6379", "2", String(repeating: "c", count: 40))
        #expect(unknown.elements?[1] == .bulkString("*"))
        let byIP = self.run(&h, "is-master-down-by-addr", "127.0.0.1", "6379", "3", String(repeating: "d", count: 40))
        #expect(byIP.elements?[1] == .bulkString(String(repeating: "d", count: 40)))
    }
}

extension HostnameTests {
    func hello(primaryHost: String, epoch: UInt64) -> String {
        HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: 26380, runID: String(repeating: "e", count: 40),
            currentEpoch: epoch,
            primaryName: "mymaster", primaryHost: primaryHost, primaryPort: 6379, primaryConfigEpoch: epoch
        ).payload
    }

    @Test func aHelloNamingTheSamePrimaryByIPIsNotASwitch() {
        var h = self.harness(announce: true)
        h.sentinel.helloReceived(self.hello(primaryHost: "127.0.0.1", epoch: 1), now: h.now)
        h.collect()
        h.sentinel.helloReceived(self.hello(primaryHost: "127.0.0.1", epoch: 2), now: h.now)
        h.collect()
        #expect(h.events("+switch-master").isEmpty)
        #expect(self.field(self.run(&h, "master", "mymaster"), "config-epoch") == .bulkString("2"))
        h.sentinel.helloReceived(self.hello(primaryHost: "127.0.0.2", epoch: 3), now: h.now)
        h.collect()
        #expect(h.events("+switch-master").map(\.message) == ["mymaster localhost 6379 127.0.0.2 6379"])
    }
}
