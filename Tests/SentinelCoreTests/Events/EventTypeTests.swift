import Testing

@testable import SentinelCore

/// `EventType` is the one table of event names and levels (SPEC §11.3); events carry their data.
@Suite struct EventTypeTests {
    @Test func namesAreUniqueChannelNames() {
        let names = EventType.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.contains(" ") })
        #expect(EventType(rawValue: "+switch-master") == .switchMaster)
    }

    /// The levels Redis 7.0.15's `sentinelEvent` calls use, for the events an operator's alerting
    /// reads most (a WARNING also runs the master's notification-script, SPEC §11.1).
    @Test func levelsAreRedis() {
        for type in [EventType.sdown, .odown, .switchMaster, .tryFailover, .electedLeader, .failoverEnd, .tilt] {
            #expect(type.level == .warning, "\(type)")
        }
        for type in [EventType.replica, .sentinel, .convertToReplica, .replicaReconfigurationDone] {
            #expect(type.level == .notice, "\(type)")
        }
        #expect(EventType.roleChange.level == .verbose)
        #expect(EventType.commandLinkReconnection.level == .debug)
        let event = SentinelEvent(.sdown, message: "master m 127.0.0.1 6379", master: "m")
        #expect(event.level == .warning && event.type == "+sdown")
    }

    /// `+odown` carries the count that decided it; the text says the same (`#quorum 1/1`).
    @Test func odownCarriesItsCount() {
        var h = SentinelHarness(masters: [SentinelHarness.defaultMaster(downAfter: 1000, quorum: 1)])
        for _ in 0..<15 { h.tick() }
        let odown = h.log.compactMap { action -> SentinelEvent? in
            if case .event(let event) = action, event.type == EventType.odown.name { return event }
            return nil
        }
        #expect(odown.count == 1)
        #expect(odown.first?.quorum == QuorumCount(votes: 1, quorum: 1))
        #expect(odown.first?.message.hasSuffix("#quorum 1/1") == true)
    }
}
