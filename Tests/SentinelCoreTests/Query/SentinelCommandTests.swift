import Testing

@testable import SentinelCore

@Suite struct SentinelCommandTests {
    static let environment = CommandEnvironment(isExecutable: { $0 == "/bin/true" })

    func run(_ h: inout SentinelHarness, _ args: String...) -> CommandReply {
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: Self.environment, random: &h.random)
        h.collect()
        return reply
    }

    func value(_ reply: CommandReply) -> RESPValue {
        switch reply {
        case .reply(let v), .afterFlush(let v), .flushThenReply(let v): return v
        }
    }

    func flat(_ value: RESPValue) -> [String] {
        guard case .map(let pairs) = value else { return [] }
        return pairs.flatMap { [$0.0.text ?? "", $0.1.text ?? ""] }
    }

    func healthy() -> SentinelHarness {
        var h = SentinelHarness()
        h.tick()
        h.answerAll(
            SentinelHarness.healthy { ref in
                if case .primary = ref { return SentinelHarness.primaryInfo(replicas: [6380]) }
                return SentinelHarness.replicaInfo(runID: String(repeating: "2", count: 40))
            })
        h.tick()
        h.answerAll(
            SentinelHarness.healthy { _ in SentinelHarness.replicaInfo(runID: String(repeating: "2", count: 40)) })
        return h
    }

    @Test func primaryReplyHasRedisFieldOrder() {
        var h = self.healthy()
        let fields = self.flat(self.value(self.run(&h, "master", "mymaster")))
        let names = stride(from: 0, to: fields.count, by: 2).map { fields[$0] }
        #expect(
            names == [
                "name", "ip", "port", "runid", "flags", "link-pending-commands", "link-refcount", "last-ping-sent",
                "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds", "info-refresh", "role-reported",
                "role-reported-time", "config-epoch", "num-slaves", "num-other-sentinels", "quorum", "failover-timeout",
                "parallel-syncs",
            ])
        #expect(fields[32] == "num-other-sentinels")
        #expect(fields[33] == "0")
        #expect(fields[9] == "master")
        #expect(fields[31] == "1")
    }

    @Test func healthyReplicaFlagsAreExactlyReplica() {
        var h = self.healthy()
        guard case .array(let replicas) = self.value(self.run(&h, "replicas", "mymaster")), let first = replicas.first
        else {
            Issue.record("no replicas")
            return
        }
        let fields = self.flat(first)
        #expect(fields[1] == "127.0.0.1:6380")
        #expect(fields[9] == "slave")
        let names = stride(from: 0, to: fields.count, by: 2).map { fields[$0] }
        #expect(
            Array(names.suffix(7)) == [
                "master-link-down-time", "master-link-status", "master-host", "master-port", "slave-priority",
                "slave-repl-offset", "replica-announced",
            ])
        #expect(self.value(self.run(&h, "slaves", "mymaster")) == self.value(self.run(&h, "replicas", "mymaster")))
    }

    @Test func getPrimaryAddrByName() {
        var h = SentinelHarness()
        #expect(
            self.run(&h, "get-master-addr-by-name", "mymaster")
                == .reply(.array([.bulkString("127.0.0.1"), .bulkString("6379")])))
        #expect(self.run(&h, "get-master-addr-by-name", "nope") == .reply(.nullArray))
        #expect(
            self.run(&h, "GET-PRIMARY-ADDR-BY-NAME", "mymaster") == self.run(&h, "get-master-addr-by-name", "mymaster"))
    }

    @Test(arguments: [
        (["masters", "x"], "ERR wrong number of arguments for 'sentinel|masters' command"),
        (["master"], "ERR wrong number of arguments for 'sentinel|master' command"),
        (["foo"], "ERR unknown subcommand 'foo'. Try SENTINEL HELP."),
        (["master", "nope"], "ERR No such master with that name"),
        (["set", "mymaster", "quorum"], "ERR wrong number of arguments for 'sentinel|set' command"),
        (
            ["set", "mymaster", "down-after-milliseconds", "-20"],
            "ERR Invalid argument '-20' for SENTINEL SET 'down-after-milliseconds'"
        ),
        (
            ["set", "mymaster", "down-after-milliseconds", "abc"],
            "ERR Invalid argument 'abc' for SENTINEL SET 'down-after-milliseconds'"
        ),
        (["set", "mymaster", "nosuch", "1"], "ERR Unknown option or number of arguments for SENTINEL SET 'nosuch'"),
        (["is-master-down-by-addr", "127.0.0.1", "x", "0", "*"], "ERR value is not an integer or out of range"),
        (["monitor", "m2", "127.0.0.1", "6390", "0"], "ERR Quorum must be 1 or greater."),
        (["monitor", "m2", "127.0.0.1", "6390", "q"], "ERR Invalid quorum"),
        (["monitor", "m2", "127.0.0.1", "p", "2"], "ERR Invalid port"),
        (["monitor", "m2", "localhost", "6390", "2"], "ERR Invalid IP address or hostname specified"),
        (["monitor", "mymaster", "127.0.0.1", "6390", "2"], "ERR Duplicate master name."),
        (["monitor", "m2", "127.0.0.1", "70000", "2"], "ERR Invalid port number."),
        (["config", "get"], "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported."),
        (["config", "set", "nosuch", "1"], "ERR Invalid argument 'nosuch' to SENTINEL CONFIG SET"),
        (
            ["config", "set", "announce-port", "70000"],
            "ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'"
        ),
        (["debug", "nosuch", "1"], "ERR Unknown option or number of arguments for SENTINEL DEBUG 'nosuch'"),
        (["debug", "info-period", "0"], "ERR Invalid argument '0' for SENTINEL DEBUG 'info-period'"),
        (["simulate-failure", "boom"], "ERR Unknown failure simulation specified"),
    ])
    func errorsMatchRedis(args: [String], error: String) {
        var h = SentinelHarness()
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: Self.environment, random: &h.random)
        #expect(self.value(reply) == .error(error))
    }

    @Test func ckquorumCountsSelfAndHealthyPeers() {
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(quorum: 2)])
        #expect(
            self.value(self.run(&h, "ckquorum", "mymaster"))
                == .error(
                    "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master"
                ))
        for id in ["b", "c"] {
            let hello = HelloMessage(
                sentinelHost: "127.0.0.1", sentinelPort: id == "b" ? 26380 : 26381,
                runID: String(repeating: id, count: 40),
                currentEpoch: 0, primaryName: "mymaster", primaryHost: "127.0.0.1", primaryPort: 6379,
                primaryConfigEpoch: 0
            )
            h.sentinel.helloReceived(hello.payload, now: h.now)
        }
        #expect(
            self.value(self.run(&h, "ckquorum", "mymaster"))
                == .simpleString("OK 3 usable Sentinels. Quorum and failover authorization can be reached"))
    }

    @Test func isPrimaryDownByAddrAnswersAndVotesOncePerEpoch() {
        var h = SentinelHarness()
        let candidate = String(repeating: "b", count: 40)
        #expect(
            self.run(&h, "is-master-down-by-addr", "127.0.0.1", "6379", "0", "*")
                == .reply(.array([.integer(0), .bulkString("*"), .integer(0)])))
        let vote = self.run(&h, "is-master-down-by-addr", "127.0.0.1", "6379", "5", candidate)
        #expect(vote == .flushThenReply(.array([.integer(0), .bulkString(candidate), .integer(5)])))
        #expect(h.sentinel.currentEpoch == 5)
        #expect(h.events("+vote-for-leader").map(\.message) == ["\(candidate) 5"])
        // A second candidate in the same epoch gets the first one's name back.
        let second = self.run(&h, "is-master-down-by-addr", "127.0.0.1", "6379", "5", String(repeating: "c", count: 40))
        #expect(self.value(second) == .array([.integer(0), .bulkString(candidate), .integer(5)]))
        #expect(h.sentinel.persistedPrimaries()[0].leaderEpoch == 5)
    }

    @Test func setAppliesOptionsInOrderAndEmitsEvents() {
        var h = self.healthy()
        let reply = self.run(&h, "set", "mymaster", "down-after-milliseconds", "2000", "auth-pass", "pw", "quorum", "3")
        #expect(reply == .afterFlush(.ok))
        #expect(
            h.events("+set").map(\.message) == [
                "master mymaster 127.0.0.1 6379 down-after-milliseconds 2000",
                "master mymaster 127.0.0.1 6379 auth-pass ******",
                "master mymaster 127.0.0.1 6379 quorum 3",
            ])
        let settings = h.sentinel.persistedPrimaries()[0]
        #expect(settings.downAfter == 2000 && settings.authPass == "pw" && settings.quorum == 3)
        #expect(h.sentinel.primaries["mymaster"]!.replicas.allSatisfy { $0.downAfter == 2000 })
        // A failing option after a good one: the good one stays, the error is sent after a flush.
        let partial = self.run(&h, "set", "mymaster", "quorum", "4", "parallel-syncs", "0")
        #expect(partial == .flushThenReply(.error("ERR Invalid argument '0' for SENTINEL SET 'parallel-syncs'")))
        #expect(h.sentinel.persistedPrimaries()[0].quorum == 4)
    }

    @Test func scriptsNeedDenyOffAndAnExecutable() {
        var h = SentinelHarness()
        #expect(
            self.value(self.run(&h, "set", "mymaster", "notification-script", "/bin/true")).text?.hasPrefix(
                "ERR Reconfiguration of scripts path is denied") == true)
        h.sentinel.settings.denyScriptsReconfig = false
        #expect(
            self.value(self.run(&h, "set", "mymaster", "notification-script", "/nope"))
                == .error("ERR Notification script seems non existing or non executable"))
        #expect(self.run(&h, "set", "mymaster", "notification-script", "/bin/true") == .afterFlush(.ok))
    }

    @Test func debugShowsTimersInOrderAndSetsThem() {
        var h = SentinelHarness()
        #expect(self.run(&h, "debug", "info-period", "8888", "ping-period", "500") == .reply(.ok))
        let fields = self.flat(self.value(self.run(&h, "debug")))
        #expect(fields[0] == "INFO-PERIOD" && fields[1] == "8888")
        #expect(fields[2] == "PING-PERIOD" && fields[3] == "500")
        #expect(fields.count == 26)
    }

    @Test func configGetMatchesGlobsInTableOrder() {
        var h = SentinelHarness()
        #expect(self.run(&h, "config", "set", "announce-port", "1234") == .afterFlush(.ok))
        let fields = self.flat(self.value(self.run(&h, "config", "get", "announce*")))
        #expect(fields == ["announce-hostnames", "no", "announce-ip", "", "announce-port", "1234"])
    }

    @Test func resetDropsReplicasAndSentinelsAndCountsMatches() {
        var h = self.healthy()
        #expect(self.run(&h, "reset", "my*") == .reply(.integer(1)))
        #expect(h.sentinel.primaries["mymaster"]!.replicas.isEmpty)
        #expect(h.events("+reset-master").count == 1)
        #expect(self.run(&h, "reset", "nomatch") == .reply(.integer(0)))
    }

    @Test func monitorAndRemove() {
        var h = SentinelHarness()
        #expect(self.run(&h, "monitor", "m2", "127.0.0.1", "6390", "2") == .afterFlush(.ok))
        #expect(h.events("+monitor").last?.message == "master m2 127.0.0.1 6390 quorum 2")
        #expect(h.sentinel.primaries["m2"]!.settings.downAfter == 30_000)
        #expect(self.run(&h, "remove", "m2") == .afterFlush(.ok))
        #expect(h.events("-monitor").map(\.message) == ["master m2 127.0.0.1 6390"])
        #expect(h.sentinel.primaries["m2"] == nil)
    }

    @Test func infoSentinelSectionLines() {
        let h = SentinelHarness()
        #expect(
            h.sentinel.infoSentinelSection(now: h.now) == [
                "sentinel_masters:1", "sentinel_tilt:0", "sentinel_tilt_since_seconds:-1", "sentinel_running_scripts:0",
                "sentinel_scripts_queue_length:0", "sentinel_simulate_failure_flags:0",
                "master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=0,sentinels=1",
            ])
    }

    @Test(arguments: [
        ("*", "anything", true), ("my*", "mymaster", true), ("my?aster", "mymaster", true),
        ("[a-m]y*", "mymaster", true),
        ("[^m]y*", "mymaster", false), ("MY*", "mymaster", false), ("a\\*b", "a*b", true), ("a\\*b", "axb", false),
    ])
    func globMatchesLikeRedis(pattern: String, string: String, expected: Bool) {
        #expect(SentinelGlob.matches(pattern, string) == expected)
    }
}
