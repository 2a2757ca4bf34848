import Testing

@testable import SentinelCore

/// `EventType` is the one table of event names and levels (SPEC §11.3); events carry their data.
@Suite struct EventTypeTests {
    @Test func namesAreUniqueChannelNames() {
        let names = EventType.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.contains(" ") })
        #expect(EventType(rawValue: "+switch-master") == .switchPrimary)
    }

    /// The levels Redis 7.0.15's `sentinelEvent` calls use, for the events an operator's alerting
    /// reads most (a WARNING also runs the master's notification-script, SPEC §11.1).
    @Test func levelsAreRedis() {
        for type in [EventType.sdown, .odown, .switchPrimary, .tryFailover, .electedLeader, .failoverEnd, .tilt] {
            #expect(type.level == .warning, "\(type)")
        }
        for type in [EventType.replica, .sentinel, .convertToReplica, .replicaReconfigurationDone] {
            #expect(type.level == .notice, "\(type)")
        }
        #expect(EventType.roleChange.level == .verbose)
        #expect(EventType.commandLinkReconnection.level == .debug)
        let event = SentinelEvent(.sdown, .instance(Self.primary), primary: "m")
        #expect(event.level == .warning && event.type == "+sdown" && event.message == "master m 127.0.0.1 6379")
    }

    static let primary = EventInstance(
        kind: .primary, name: "m", address: InstanceAddress(host: "127.0.0.1", port: 6379), primary: "m",
        primaryAddress: InstanceAddress(host: "127.0.0.1", port: 6379))
    static let replica = EventInstance(
        kind: .replica, name: "127.0.0.1:6380", address: InstanceAddress(host: "127.0.0.1", port: 6380), primary: "m",
        primaryAddress: InstanceAddress(host: "127.0.0.1", port: 6379))

    /// Every payload's text is the message Redis writes for it (SPEC §11.2), in one place.
    @Test func payloadsRenderRedisMessages() {
        let m = "master m 127.0.0.1 6379"
        let r = "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379"
        let cases: [(EventPayload, String)] = [
            (.instance(Self.replica), r),
            (.quorum(Self.primary, QuorumCount(votes: 2, quorum: 3)), "\(m) #quorum 2/3"),
            (.linkClosed(Self.replica, reason: "connection closed"), "\(r) #connection closed"),
            (.roleReported(Self.replica, role: "master"), "\(r) new reported role is master"),
            (.monitored(Self.primary, quorum: 2), "\(m) quorum 2"),
            (.set(Self.primary, ["auth-pass", "******"]), "\(m) auth-pass ******"),
            (
                .sentinelAddressSwitch(Self.primary, host: "::1", port: 26380, runID: "abc"),
                "\(m) ip ::1 port 26380 for abc"
            ),
            (.sentinelAddressUpdate(Self.primary, count: 2), "\(m) 2 additional matching instances"),
            (.epoch(18_446_744_073_709_551_615), "18446744073709551615"),
            (.vote(leader: "abc", epoch: 7), "abc 7"),
            (
                .addressSwitch(primary: "m", fromHost: "10.0.0.1", fromPort: 6379, toHost: "h", toPort: 6380),
                "m 10.0.0.1 6379 h 6380"
            ),
            (.tilt(entered: true), "#tilt mode entered"), (.tilt(entered: false), "#tilt mode exited"),
            (.scriptTimeout(path: "/s.sh", pid: 42), "/s.sh 42"), (.scriptChild(pid: 42), "42"),
            (.scriptChildEnded(pid: 42, exitCode: 1, signal: 0), "42 1 0"),
            (.scriptError(path: "/s.sh", 99, 0), "/s.sh 99 0"),
        ]
        for (payload, text) in cases {
            #expect(payload.text == text)
        }
        #expect(EventPayload.set(Self.primary, []).instance == Self.primary)
        #expect(EventPayload.epoch(1).instance == nil)
    }

    /// `+odown` carries the count that decided it; the text says the same (`#quorum 1/1`).
    @Test func odownCarriesItsCount() {
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(downAfter: 1000, quorum: 1)])
        for _ in 0..<15 { h.tick() }
        let odown = h.log.compactMap { action -> SentinelEvent? in
            if case .event(let event) = action, event.type == EventType.odown.name { return event }
            return nil
        }
        #expect(odown.count == 1)
        #expect(odown.first?.quorum == QuorumCount(votes: 1, quorum: 1))
        #expect(odown.first?.message.hasSuffix("#quorum 1/1") == true)
        #expect(odown.first?.payload?.instance?.kind == .primary && odown.first?.payload?.instance?.name == "mymaster")
    }
}
