import Testing

@testable import SentinelCore

/// A master taken away while something about it is still under way (issue 10 §2): SENTINEL
/// REMOVE or RESET between the inputs of a failover. Whatever arrives for it afterwards finds it
/// gone and does nothing: no trap, no event, no action for it.
@Suite struct RemovedPrimaryTests {
    static let environment = CommandEnvironment(isExecutable: { _ in false })

    /// Runs the failover of `FailoverTests` until `event`, then one tick whose commands are left
    /// unanswered: they are what is still on the way when the master is removed.
    func failover(until event: String) -> (SentinelHarness, [LinkID: [Connection: [([String], ReplyTag)]]]) {
        let failover = FailoverTests()
        var h = failover.setUp()
        var elapsed: Int64 = 0
        while h.events(event).isEmpty && elapsed < 10_000 {
            failover.run(&h, ms: 50, promoted: 6380)
            elapsed += 50
        }
        #expect(!h.events(event).isEmpty)
        h.tick(advance: 50)
        let pending = h.outstanding
        #expect(!pending.isEmpty)
        return (h, pending)
    }

    /// Delivers `pending` as the failover's Redis would answer it (6380 promoted).
    func deliver(_ pending: [LinkID: [Connection: [([String], ReplyTag)]]], to h: inout SentinelHarness) {
        let answer = FailoverTests().redis(
            priorities: [100, 100], offsets: [100, 100], primaryUp: false, promoted: 6380)
        for (link, perConnection) in pending {
            for (connection, commands) in perConnection {
                for (args, tag) in commands {
                    guard let value = answer(args, tag) else { continue }
                    h.sentinel.replyReceived(value, tag: tag, link: link, connection: connection, now: h.now)
                }
            }
        }
        h.collect()
    }

    @Test(arguments: [
        "+failover-state-wait-promotion", "+failover-state-reconf-slaves", "+slave-reconf-sent", "+elected-leader",
    ])
    func removedMidFailoverIsForgotten(at event: String) {
        var (h, pending) = self.failover(until: event)
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL", "REMOVE", "mymaster"], now: h.now, environment: Self.environment, random: &h.random)
        #expect(reply == .afterFlush(.ok))
        h.collect()
        let mark = h.log.count
        self.deliver(pending, to: &h)
        for _ in 0..<100 { h.tick(advance: 100) }
        #expect(h.sentinel.primaries["mymaster"] == nil)
        #expect(h.sentinel.primaryNames.isEmpty)
        let after = h.log[mark...].filter {
            switch $0 {
            case .event, .send, .connect: return true
            default: return false
            }
        }
        #expect(after.isEmpty, "\(after.prefix(5))")
    }

    /// RESET drops the replicas and the failover; replies for the dropped replicas' links and the
    /// ticks after do not bring the failover back.
    @Test func resetMidFailoverEndsIt() {
        var (h, pending) = self.failover(until: "+failover-state-wait-promotion")
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL", "RESET", "mymaster"], now: h.now, environment: Self.environment, random: &h.random)
        #expect(reply == .reply(.integer(1)))
        h.collect()
        self.deliver(pending, to: &h)
        h.tick(advance: 100)
        let primary = h.sentinel.primaries["mymaster"]
        #expect(primary?.failover == .idle)
        #expect(primary?.instance.flags.contains(.failoverInProgress) == false)
    }
}
