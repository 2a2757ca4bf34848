import Testing

@testable import SentinelCore

/// A master monitored by hostname keeps the resolved IP, and replies pick one at reply time by
/// `announce-hostnames` (Redis's `announceSentinelAddr`). Found by the conformance suite: after
/// `CONFIG SET announce-hostnames no`, swift still answered `localhost`, redis-sentinel the IP.
@Suite struct HostnameAnnounceTests {
    static let environment = CommandEnvironment(isExecutable: { _ in false })

    func run(_ h: inout SentinelHarness, _ args: String...) -> RESPValue {
        switch h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: Self.environment, random: &h.random)
        {
        case .reply(let v), .afterFlush(let v), .flushThenReply(let v): return v
        }
    }

    @Test func addressFollowsAnnounceHostnamesAtReplyTime() {
        var h = SentinelHarness(hosts: ["localhost": "127.0.0.1"])
        #expect(
            self.run(&h, "monitor", "host", "localhost", "7000", "1")
                == .error("ERR Invalid IP address or hostname specified"))
        #expect(self.run(&h, "config", "set", "resolve-hostnames", "yes") == .ok)
        #expect(self.run(&h, "monitor", "host", "localhost", "7000", "1") == .ok)
        #expect(
            self.run(&h, "monitor", "other", "nosuch.invalid", "7000", "1")
                == .error("ERR Invalid IP address or hostname specified"))
        let byIP = RESPValue.array([.bulkString("127.0.0.1"), .bulkString("7000")])
        #expect(self.run(&h, "get-master-addr-by-name", "host") == byIP)
        #expect(self.run(&h, "config", "set", "announce-hostnames", "yes") == .ok)
        #expect(
            self.run(&h, "get-master-addr-by-name", "host") == .array([.bulkString("localhost"), .bulkString("7000")]))
        #expect(self.run(&h, "config", "set", "announce-hostnames", "no") == .ok)
        #expect(self.run(&h, "get-master-addr-by-name", "host") == byIP)
        guard case .map(let fields) = self.run(&h, "master", "host") else {
            Issue.record("no master map")
            return
        }
        #expect(fields[1].1 == .bulkString("127.0.0.1"))
    }

    @Test func resolvedIPIsNotPartOfTheIdentity() {
        let a = InstanceAddress(host: "localhost", port: 1, ip: "127.0.0.1")
        #expect(a == InstanceAddress(host: "localhost", port: 1))
        #expect(Set([a, InstanceAddress(host: "localhost", port: 1)]).count == 1)
        #expect(a.announced(hostnames: true) == "localhost" && a.announced(hostnames: false) == "127.0.0.1")
    }
}
