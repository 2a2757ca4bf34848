import Testing

@testable import SentinelCore

/// After a switch the master's link points at a new address; the once-per-ping-period throttle
/// of the old address must not hold back the first connect to the new one.
///
/// The race it closes: the dead old master was retried in the tick of the switch, so the new
/// address was first tried a full ping period later, and the SDOWN check of that same tick
/// found the PING timer (reset at the switch) past a down-after of one ping period before any
/// PING could be answered: `+sdown` of the just-promoted master, and with a second sentinel in the
/// same position, a second failover (seen once in the side-by-side failover benchmark, down-after
/// 1000 ms, at load 2.4).
@Suite struct SwitchReconnectTests {
    static let peer = String(repeating: "b", count: 40)

    @Test func newPrimaryAddressIsConnectedOnTheNextTick() {
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(downAfter: 1000)])
        h.tick()
        h.answerAll(SentinelHarness.healthy { _ in SentinelHarness.primaryInfo() })
        let link = h.link(of: .primary("mymaster"))!

        // The master dies: its connections close, and each retry is refused at once.
        h.sentinel.connectionClosed(link, .command, error: "reset", now: h.now)
        h.sentinel.connectionClosed(link, .pubsub, error: "reset", now: h.now)
        var lastAttempt: Int64 = 0
        for _ in 0..<25 where h.tickRefusingConnects().contains(link) { lastAttempt = h.now }
        // Align: the switch arrives right after a refused retry of the old address.
        while lastAttempt != h.now {
            if h.tickRefusingConnects().contains(link) { lastAttempt = h.now }
        }
        h.log.removeAll()
        let hello = HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: 26380, runID: Self.peer, currentEpoch: 1, primaryName: "mymaster",
            primaryHost: "127.0.0.1", primaryPort: 6380, primaryConfigEpoch: 1)
        h.sentinel.helloReceived(hello.payload, now: h.now)
        h.collect()
        #expect(h.events("+switch-master").count == 1)
        let switchedAt = h.now

        // Ticks of 150 ms (a loaded machine): the new address is connected on the first one and
        // its PINGs are answered; it is never subjectively down.
        var connectedAt: Int64?
        for _ in 0..<20 {
            h.tick(advance: 150)
            if connectedAt == nil,
                h.log.contains(where: {
                    if case .connect(link, .command, let address) = $0 { return address.port == 6380 }
                    return false
                })
            {
                connectedAt = h.now
            }
            h.answerAll(SentinelHarness.healthy { _ in SentinelHarness.primaryInfo() })
        }
        #expect(connectedAt == switchedAt + 150)
        #expect(h.events("+sdown").isEmpty, "\(h.events("+sdown").map(\.message))")
    }
}
