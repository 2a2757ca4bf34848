import Testing

@testable import SentinelCore

/// The per-master options table (SPEC §3.2, §13.4, §13.6): what each of the four readers (parser,
/// SET, replies, rewrite) takes from it, and the SET paths no other suite walks.
@Suite struct PrimaryOptionTests {
    static let environment = CommandEnvironment(isExecutable: { $0 == "/bin/true" })

    func set(_ h: inout SentinelHarness, _ args: String...) -> CommandReply {
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL", "set", "mymaster"] + args, now: h.now, environment: Self.environment, random: &h.random)
        h.collect()
        return reply
    }

    var settings: (SentinelHarness) -> PrimarySettings { { $0.sentinel.primaries["mymaster"]!.settings } }

    @Test func tableOrderServesRepliesAndRewrite() {
        #expect(
            PrimaryOption.all.map(\.name) == [
                "quorum", "down-after-milliseconds", "failover-timeout", "parallel-syncs", "notification-script",
                "client-reconfig-script", "auth-pass", "auth-user", "master-reboot-down-after-period", "rename-command",
                "fence-isolated-master",
            ])
        #expect(
            PrimaryOption.replyFields.map(\.name) == [
                "quorum", "failover-timeout", "parallel-syncs", "notification-script", "client-reconfig-script",
                "fence-isolated-master",
            ])
        #expect(PrimaryOption.rewrittenAfterKnownInstances.map(\.name) == ["rename-command"])
        #expect(PrimaryOption.rewrittenWithSettings.first?.name == "down-after-milliseconds")
        #expect(PrimaryOption.named("PRIMARY-reboot-down-after-period")?.name == "master-reboot-down-after-period")
        #expect(PrimaryOption.named("monitor") == nil)
    }

    /// `quorum` is SET-only: the config states it in `monitor`, and a `sentinel quorum` line is
    /// not a directive.
    @Test func quorumIsNotAConfigDirective() throws {
        let error = try #require(configError("sentinel monitor m 127.0.0.1 6379 2\nsentinel quorum m 3\n"))
        #expect(error.reason == "Unrecognized sentinel configuration statement.")
        #expect(error.lineNumber == 2)
    }

    @Test func aliasLoadsUnderTheOptionName() throws {
        let config = try parseConfig(
            "sentinel monitor m 127.0.0.1 6379 2\nsentinel primary-reboot-down-after-period m 700\n")
        #expect(config.primaries[0].primaryRebootDownAfterPeriod == 700)
    }

    @Test func setRenameCommandReplacesAndRemoves() {
        var h = SentinelHarness()
        #expect(self.set(&h, "rename-command", "config", "cfg") == .afterFlush(.ok))
        #expect(self.set(&h, "rename-command", "CONFIG", "other") == .afterFlush(.ok))
        #expect(self.settings(h).renamedCommands == [RenamedCommand(command: "CONFIG", renamed: "other")])
        #expect(self.set(&h, "rename-command", "Config", "config") == .afterFlush(.ok))
        #expect(self.settings(h).renamedCommands.isEmpty)
        #expect(
            h.events("+set").map(\.message).last == "master mymaster 127.0.0.1 6379 rename-command Config config")
        #expect(
            self.set(&h, "rename-command", "", "x")
                == .reply(.error("ERR Invalid argument '' for SENTINEL SET 'rename-command'")))
        #expect(
            self.set(&h, "rename-command", "ping")
                == .reply(.error("ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'")))
    }

    @Test func setMissingValueAfterAGoodOptionFlushesThenFails() {
        var h = SentinelHarness()
        #expect(
            self.set(&h, "quorum", "3", "failover-timeout")
                == .flushThenReply(
                    .error("ERR Unknown option or number of arguments for SENTINEL SET 'failover-timeout'")))
        #expect(self.settings(h).quorum == 3)
        #expect(
            self.set(&h, "Quorum", "x")
                == .reply(.error("ERR Invalid argument 'x' for SENTINEL SET 'Quorum'")))
        #expect(self.settings(h).quorum == 3)
    }

    @Test func setRebootPeriodAcceptsZeroAndTheAlias() {
        var h = SentinelHarness()
        #expect(self.set(&h, "primary-reboot-down-after-period", "5") == .afterFlush(.ok))
        #expect(self.settings(h).primaryRebootDownAfterPeriod == 5)
        #expect(
            h.events("+set").map(\.message) == [
                "master mymaster 127.0.0.1 6379 primary-reboot-down-after-period 5"
            ])
        #expect(self.set(&h, "master-reboot-down-after-period", "0") == .afterFlush(.ok))
        #expect(self.settings(h).primaryRebootDownAfterPeriod == 0)
        #expect(
            self.set(&h, "master-reboot-down-after-period", "-1")
                == .reply(.error("ERR Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'")))
    }

    @Test func setCredentialsEmptyRemovesAndOnlyThePasswordIsHidden() {
        var h = SentinelHarness()
        #expect(self.set(&h, "auth-user", "admin", "auth-pass", "secret") == .afterFlush(.ok))
        #expect(self.settings(h).authUser == "admin" && self.settings(h).authPass == "secret")
        #expect(
            h.events("+set").map(\.message) == [
                "master mymaster 127.0.0.1 6379 auth-user admin", "master mymaster 127.0.0.1 6379 auth-pass ******",
            ])
        #expect(self.set(&h, "auth-user", "", "auth-pass", "") == .afterFlush(.ok))
        #expect(self.settings(h).authUser == nil && self.settings(h).authPass == nil)
    }

    @Test func setScriptsShowInThePrimaryReplyAndEmptyRemoves() {
        var h = SentinelHarness()
        h.sentinel.settings.denyScriptsReconfig = false
        #expect(
            self.set(&h, "client-reconfig-script", "/bin/true", "notification-script", "/bin/true") == .afterFlush(.ok))
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL", "master", "mymaster"], now: h.now, environment: Self.environment, random: &h.random)
        guard case .reply(.map(let pairs)) = reply else {
            Issue.record("SENTINEL MASTER is not a map: \(reply)")
            return
        }
        let tail = pairs.suffix(5).map { "\($0.0.text ?? "")=\($0.1.text ?? "")" }
        #expect(
            tail == [
                "quorum=2", "failover-timeout=180000", "parallel-syncs=1", "notification-script=/bin/true",
                "client-reconfig-script=/bin/true",
            ])
        #expect(
            self.set(&h, "client-reconfig-script", "/nope")
                == .reply(.error("ERR Client reconfiguration script seems non existing or non executable")))
        #expect(self.set(&h, "client-reconfig-script", "") == .afterFlush(.ok))
        #expect(self.settings(h).clientReconfigScript == nil)
        #expect(self.settings(h).notificationScript == "/bin/true")
    }
}
