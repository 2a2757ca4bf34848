import Testing

@testable import SentinelCore

/// `sentinel fence-isolated-master <master> yes|no` (beyond Redis, DESIGN.md "Fencing"): the
/// config, SENTINEL SET and the rewrite.
@Suite struct FenceOptionTests {
    static let monitor = "sentinel monitor m 127.0.0.1 6379 2\n"

    @Test func onByDefaultAndReadFromTheConfigInAnyCase() throws {
        #expect(try parseConfig(Self.monitor).primaries[0].fenceIsolatedPrimary)
        #expect(
            try !parseConfig(Self.monitor + "sentinel fence-isolated-master m NO\n").primaries[0].fenceIsolatedPrimary)
        #expect(
            try parseConfig(Self.monitor + "sentinel fence-isolated-master m yes\n").primaries[0].fenceIsolatedPrimary)
    }

    @Test func aBadValueIsAFatalConfigError() throws {
        let error = try #require(configError(Self.monitor + "sentinel fence-isolated-master m maybe\n"))
        #expect(error.reason == "argument must be 'yes' or 'no'")
        #expect(error.lineNumber == 2)
        let missing = try #require(configError(Self.monitor + "sentinel fence-isolated-master m\n"))
        #expect(missing.lineNumber == 2)
    }

    @Test func rewrittenOnlyWhenOff() throws {
        let on = try ConfigRoundTripTests.withID(Self.monitor)
        #expect(!ConfigRoundTripTests.rewrite(Self.monitor, on).contains("fence-isolated-master"))
        let text = Self.monitor + "sentinel fence-isolated-master m no\n"
        let off = try ConfigRoundTripTests.withID(text)
        let rewritten = ConfigRoundTripTests.rewrite(text, off)
        #expect(rewritten.contains("sentinel fence-isolated-master m no\n"))
        #expect(try !parseConfig(rewritten).primaries[0].fenceIsolatedPrimary)
    }

    func set(_ h: inout SentinelHarness, _ value: String) -> CommandReply {
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL", "SET", "mymaster", "fence-isolated-master", value], now: h.now,
            environment: CommandEnvironment(isExecutable: { _ in false }), random: &h.random)
        h.collect()
        return reply
    }

    @Test func setTakesYesOrNoAndPublishesTheChange() {
        var h = SentinelHarness()
        #expect(self.set(&h, "no") == .afterFlush(.ok))
        #expect(h.sentinel.primaries["mymaster"]?.settings.fenceIsolatedPrimary == false)
        #expect(
            h.events("+set").map(\.message) == ["master mymaster 127.0.0.1 6379 fence-isolated-master no"])
        #expect(
            self.set(&h, "1") == .reply(.error("ERR Invalid argument '1' for SENTINEL SET 'fence-isolated-master'")))
        #expect(h.sentinel.primaries["mymaster"]?.settings.fenceIsolatedPrimary == false)
        #expect(self.set(&h, "Yes") == .afterFlush(.ok))
        #expect(h.sentinel.primaries["mymaster"]?.settings.fenceIsolatedPrimary == true)
    }
}
