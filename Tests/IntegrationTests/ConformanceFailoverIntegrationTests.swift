import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Side by side with redis-sentinel 7.0.15 while something happens to the servers: a replica
/// going down and coming back (one shared topology), and a forced failover (each sentinel with
/// its own master and replica, so both can fail over). Compared: the events each published, in
/// order, and the instance maps and config once both have settled.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(3)), .serialized)
struct ConformanceFailoverIntegrationTests {
    @Test func replicaDownAndBack() async throws {
        let pair = try await ConformancePair.start(downAfter: 1000)
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        let events = try EventPair(pair)
        #expect(pair.replica.signal(SIGKILL))
        try await pair.waitForBoth("the replica to be s_down") { client in
            let replicas = try client.command("SENTINEL", "REPLICAS", "mymaster").children ?? []
            return replicas.first?.fields["flags"]?.contains("s_down") == true
        }
        try sides.compare(["SENTINEL", "REPLICAS", "mymaster"])
        try sides.compare(["SENTINEL", "MASTER", "mymaster"])
        try sides.compare(["SENTINEL", "CKQUORUM", "mymaster"])
        try await pair.replica.restart()
        try await pair.waitForBoth("the replica to be back") { client in
            let replicas = try client.command("SENTINEL", "REPLICAS", "mymaster").children ?? []
            return replicas.first?.fields["flags"] == "slave" && replicas.first?.fields["master-link-status"] == "ok"
        }
        try sides.compare(["SENTINEL", "REPLICAS", "mymaster"])
        let channels = events.compare(into: &sides, "events of a replica down and back")
        #expect(channels.contains("+sdown") && channels.contains("-sdown"), "\(channels)")
        sides.expectNoMismatches("replica down and back")
    }

    @Test func globalConfigAndHostnames() async throws {
        let pair = try await ConformancePair.start(shared: false)
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        for args in ConformanceScripts.globalConfig(dead: pair.deadPort) { try sides.compare(args) }
        sides.compareConfigs("config with global parameters set")
        try await pair.redis.restart()
        try await pair.swift.restart()
        // Reloaded from the rewritten file (SPEC §15.1 item 4), once connected again.
        try await pair.waitForBoth("the master to be connected after the restart") { client in
            let primary = try client.command("SENTINEL", "MASTER", "mymaster").fields
            return primary["flags"] == "master" && primary["runid"] != "" && primary["num-slaves"] == "1"
        }
        var reloaded = try SideBySide(pair)
        try reloaded.compare(["SENTINEL", "CONFIG", "GET", "*"])
        try reloaded.compare(["SENTINEL", "MASTERS"])
        sides.mismatches += reloaded.mismatches
        sides.expectNoMismatches("global config and hostnames")
    }

    /// The master hangs (SIGSTOP): SDOWN, ODOWN (quorum 1), election of itself, failover; then it
    /// resumes and is turned into a replica. Each sentinel alone with its own servers.
    @Test func automaticFailoverOfAHungPrimary() async throws {
        let pair = try await ConformancePair.start(shared: false, downAfter: 1000, failoverTimeout: 10000)
        defer {
            pair.primary.signal(SIGCONT)
            pair.swiftPrimary.signal(SIGCONT)
            pair.stop()
        }
        var sides = try SideBySide(pair)
        let events = try EventPair(pair)
        #expect(pair.primary.signal(SIGSTOP) && pair.swiftPrimary.signal(SIGSTOP))
        try await pair.waitForBoth("the master to be s_down") { client in
            try client.command("SENTINEL", "MASTER", "mymaster").fields["flags"]?.contains("s_down") == true
        }
        // Each asked about its own master: `[1, "*", 0]` (SPEC §7.4).
        try sides.compare(
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", String(pair.primary.port), "0", "*"],
            swiftArgs: ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", String(pair.swiftPrimary.port), "0", "*"])
        // Resumed only once the failover has ended (the master record switched to the promoted
        // replica): earlier, an answer from the old master would clear SDOWN/ODOWN first.
        try await pair.waitForBoth("the failover to end", timeout: .seconds(30)) { client in
            let primary = try client.command("SENTINEL", "MASTER", "mymaster").fields
            return primary["port"] == String(pair.replica.port) || primary["port"] == String(pair.swiftReplica.port)
        }
        #expect(pair.primary.signal(SIGCONT) && pair.swiftPrimary.signal(SIGCONT))
        try await pair.waitForBoth("the old master to be a replica of the new one", timeout: .seconds(30)) { client in
            let primary = try client.command("SENTINEL", "MASTER", "mymaster").fields
            let replicas = try client.command("SENTINEL", "REPLICAS", "mymaster").children ?? []
            return primary["flags"] == "master" && replicas.count == 1 && replicas.first?.fields["flags"] == "slave"
                && replicas.first?.fields["master-link-status"] == "ok"
        }
        try sides.compare(["SENTINEL", "MASTER", "mymaster"])
        try sides.compare(["SENTINEL", "REPLICAS", "mymaster"])
        let channels = events.compare(into: &sides, "events of an automatic failover")
        #expect(channels.contains("+odown") && channels.contains("+switch-master"), "\(channels)")
        try sides.compare(["SENTINEL", "FLUSHCONFIG"])
        sides.compareConfigs("config after an automatic failover")
        sides.expectNoMismatches("automatic failover of a hung master")
    }

    @Test func oddNamesAndValuesInTheRewrite() async throws {
        let pair = try await ConformancePair.start(shared: false)
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        for args in ConformanceScripts.oddValues {
            // MASTERS comes in dict order.
            try sides.compare(args, adjust: args == ["SENTINEL", "MASTERS"] ? { $0.sortedByName() } : { $0 })
        }
        sides.expectNoMismatches("odd names and values")
        // The one deliberate difference (README "Hostile input"): redis-sentinel 7.0.15 writes
        // these values unquoted (`sentinel auth-pass a b p w"x`), which its own next rewrite
        // turns into `# ??? ...` comments and a restart reads as other arguments. We quote
        // exactly the values that need it, and a restart gives back the same replies.
        let expectedLines = [
            #"sentinel monitor "a b" 127.0.0.1 0 1"#, #"sentinel auth-pass "a b" "p w\"x""#,
            #"sentinel auth-user "a b" "u s""#,
            #"sentinel rename-command "a b" INFO "i\"n""#, #"sentinel sentinel-user "u s""#,
            #"sentinel sentinel-pass "p\"w""#, #"sentinel announce-ip "1.2.3.4 x\"y""#,
        ]
        func expectLines(_ when: String) {
            let config = pair.swift.config()
            let lines = config.split(separator: "\n").map(String.init)
            for line in expectedLines {
                #expect(lines.contains(line), "\(when): missing \(line) in\n\(config)")
            }
            #expect(!config.contains("# ???"), "\(when): \(config)")
            // PING's rename was set, then removed by renaming it to itself (as redis-sentinel).
            #expect(!lines.contains { $0.hasPrefix("sentinel rename-command") && $0.contains("PING") }, "\(when)")
        }
        expectLines("after the commands")
        let client = try pair.swift.client()
        let configBefore = try client.command("SENTINEL", "CONFIG", "GET", "*")
        let primaryBefore = try client.command("SENTINEL", "MASTER", "a b").fieldDictionary
        try await pair.swift.restart()
        let after = try pair.swift.client()
        let primaryAfter = try after.command("SENTINEL", "MASTER", "a b").fieldDictionary
        for key in ["name", "ip", "port", "quorum", "config-epoch"] {
            #expect(primaryAfter?[key] == primaryBefore?[key], "\(key) after the restart")
        }
        #expect(try after.command("SENTINEL", "CONFIG", "GET", "*") == configBefore)
        #expect(try after.command("SENTINEL", "FLUSHCONFIG") == .simpleString("OK"))
        expectLines("after a restart and a flush")
    }

    /// A failing notification script: queued by the `+set` of its own SET, run, and scheduled
    /// for a retry (SPEC §12, PENDING-SCRIPTS of §13.3).
    @Test func pendingScripts() async throws {
        let pair = try await ConformancePair.start(shared: false, extraLines: ["sentinel deny-scripts-reconfig no"])
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        try sides.compare(["SENTINEL", "PENDING-SCRIPTS"])
        try sides.compare(["SENTINEL", "SET", "mymaster", "notification-script", "/bin/false"])
        try await pair.waitForBoth("the first run to fail") { client in
            let jobs = try client.command("SENTINEL", "PENDING-SCRIPTS").children ?? []
            return jobs.first?.fields["retry-num"] == "1" && jobs.first?.fields["flags"] == "scheduled"
        }
        try sides.compare(["SENTINEL", "PENDING-SCRIPTS"])
        try sides.compare(["SENTINEL", "SET", "mymaster", "quorum", "1"])
        // Not compared while the new job may be starting (pids differ, ticks are not in step).
        try await pair.waitForBoth("the second job to fail too") { client in
            let jobs = try client.command("SENTINEL", "PENDING-SCRIPTS").children ?? []
            return jobs.count == 2
                && jobs.allSatisfy { $0.fields["retry-num"] == "1" && $0.fields["flags"] == "scheduled" }
        }
        try sides.compare(["SENTINEL", "PENDING-SCRIPTS"])
        try sides.compare(["SENTINEL", "MASTER", "mymaster"])
        try sides.compare(["INFO", "sentinel"])
        sides.expectNoMismatches("pending scripts")
    }

    @Test func forcedFailover() async throws {
        let pair = try await ConformancePair.start(shared: false, failoverTimeout: 10000)
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        let events = try EventPair(pair)
        try sides.compare(["SENTINEL", "FAILOVER", "mymaster"])
        try sides.compare(["SENTINEL", "FAILOVER", "mymaster"])  // -INPROG
        try await pair.waitForBoth("the failover to end with the old master as a replica", timeout: .seconds(30)) {
            client in
            let primary = try client.command("SENTINEL", "MASTER", "mymaster").fields
            let replicas = try client.command("SENTINEL", "REPLICAS", "mymaster").children ?? []
            return primary["flags"] == "master" && primary["config-epoch"] == "1" && replicas.count == 1
                && replicas.first?.fields["flags"] == "slave" && replicas.first?.fields["master-link-status"] == "ok"
        }
        try sides.compare(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"])
        try sides.compare(["SENTINEL", "MASTER", "mymaster"])
        try sides.compare(["SENTINEL", "REPLICAS", "mymaster"])
        try sides.compare(["ROLE"])
        // SENTINEL FAILOVER demotes the old master as soon as the promotion is acknowledged
        // (README "Safety"): its `+convert-to-slave` comes right after wait-promotion, and the
        // old master, already a replica at the switch, never reports `role:master` to the new
        // record (Redis's `-role-change` / `+role-change` pair about it after the switch).
        let channels = events.compare(
            into: &sides, "events of a forced failover",
            expected: { redis in
                let old = "slave 127.0.0.1:<master-port> "
                guard
                    let convert = redis.last(where: { $0.channel == "+convert-to-slave" && $0.payload.hasPrefix(old) })
                else { return redis }
                var wanted = redis.filter {
                    !($0.payload.hasPrefix(old)
                        && ["+convert-to-slave", "-role-change", "+role-change"].contains($0.channel))
                }
                if let wait = wanted.firstIndex(where: { $0.channel == "+failover-state-wait-promotion" }) {
                    wanted.insert(convert, at: wait + 1)
                }
                return wanted
            })
        #expect(channels.contains("+switch-master") && channels.contains("+failover-end"), "\(channels)")
        try sides.compare(["SENTINEL", "FLUSHCONFIG"])
        sides.compareConfigs("config after a failover")
        sides.expectNoMismatches("forced failover")
    }
}

/// `PSUBSCRIBE *` on both sentinels, RESP2 and RESP3 (push messages), from creation on.
struct EventPair {
    let pair: ConformancePair
    let resp2: (redis: RawRESPClient, swift: RawRESPClient)
    let resp3: (redis: RawRESPClient, swift: RawRESPClient)
    /// Log lines already written when the comparison started.
    let logStart: (redis: Int, swift: Int)

    init(_ pair: ConformancePair) throws {
        self.pair = pair
        self.logStart = (
            ConformanceEventsIntegrationTests.logLines(pair.redis).count,
            ConformanceEventsIntegrationTests.logLines(pair.swift).count
        )
        self.resp2 = try pair.clients()
        self.resp3 = try pair.clients()
        for client in [self.resp3.redis, self.resp3.swift] { _ = try client.command("HELLO", "3") }
        for client in [self.resp2.redis, self.resp2.swift, self.resp3.redis, self.resp3.swift] {
            _ = try client.command("PSUBSCRIBE", "*")
        }
    }

    /// Everything published so far, normalised, compared as one list per protocol; returns the
    /// channels redis-sentinel published on (RESP2), so a test can check something happened.
    /// `race` drops events whose presence depends on timing in Redis itself (each use says why).
    ///
    /// swift-sentinel's events beyond Redis (README "Safety", "Fencing") are left out of its
    /// side; `expected` turns redis-sentinel's sequence into the one swift-sentinel must publish
    /// where it does something else on purpose (each use says what), on channel and payload.
    @discardableResult
    func compare(
        into sides: inout SideBySide, _ what: String, dropping race: (RESPNode) -> Bool = { _ in false },
        expected: ([(channel: String, payload: String)]) -> [(channel: String, payload: String)] = { $0 }
    ) -> [String] {
        var channels: [String] = []
        for (label, clients) in [("RESP2", self.resp2), ("RESP3", self.resp3)] {
            let fromRedis = clients.redis.readAll(quiet: .milliseconds(100)).map(self.pair.redisNormalizer.normalize)
                .filter { !race($0) }
            let fromSwift = clients.swift.readAll(quiet: .milliseconds(100)).map(self.pair.swiftNormalizer.normalize)
                .filter { !race($0) && !Self.beyondRedis.contains(Self.event($0).channel) }
            let push = fromRedis.first.map { if case .push = $0 { true } else { false } } ?? false
            let wanted = expected(fromRedis.map(Self.event)).map { event in
                let fields: [RESPNode] = [.bulk("pmessage"), .bulk("*"), .bulk(event.channel), .bulk(event.payload)]
                return push ? RESPNode.push(fields) : RESPNode.array(fields)
            }
            sides.record(["\(what), \(label)"], swiftArgs: nil, .array(wanted), .array(fromSwift))
            if label == "RESP2" { channels = fromRedis.compactMap { $0.children?.dropFirst(2).first?.text } }
        }
        // The same events in the log, with their level characters.
        func logged(
            _ sentinel: SentinelProcess, from start: Int, _ normalizer: ReplyNormalizer
        ) -> [(level: String, channel: String, payload: String)] {
            ConformanceEventsIntegrationTests.eventLines(sentinel, from: start, normalizer).compactMap { line in
                let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
                let message = RESPNode.array([
                    .bulk("pmessage"), .bulk("*"), .bulk(parts[1]), .bulk(parts.count > 2 ? parts[2] : ""),
                ])
                return race(message) ? nil : (parts[0], parts[1], parts.count > 2 ? parts[2] : "")
            }
        }
        let redisLog = logged(self.pair.redis, from: self.logStart.redis, self.pair.redisNormalizer)
        let levels = Dictionary(redisLog.map { ($0.channel, $0.level) }, uniquingKeysWith: { first, _ in first })
        let wantedLog = expected(redisLog.map { ($0.channel, $0.payload) }).map {
            RESPNode.bulk("\(levels[$0.channel] ?? "?") \($0.channel) \($0.payload)")
        }
        let swiftLog = logged(self.pair.swift, from: self.logStart.swift, self.pair.swiftNormalizer)
            .filter { !Self.beyondRedis.contains($0.channel) }.map {
                RESPNode.bulk("\($0.level) \($0.channel) \($0.payload)")
            }
        sides.record(["\(what), log"], swiftArgs: nil, .array(wantedLog), .array(swiftLog))
        return channels
    }

    /// Events only swift-sentinel publishes (README "Safety", "Fencing").
    static let beyondRedis: Set<String> = [
        "+failover-loss-estimate", "+failover-state-pause-master", "+failover-state-wait-sync", "+unpause-master",
        "-failover-abort-sync-timeout", "-failover-abort-pause-refused", "+fence-master", "-fence-master",
    ]

    /// The channel and payload of a `pmessage`.
    static func event(_ node: RESPNode) -> (channel: String, payload: String) {
        let fields = node.children ?? []
        return (fields.dropFirst(2).first?.text ?? "", fields.dropFirst(3).first?.text ?? "")
    }
}

extension ConformancePair {
    /// Polls both sentinels until `condition` holds on each.
    func waitForBoth(
        _ what: String, timeout: Duration = .seconds(15), _ condition: (RawRESPClient) throws -> Bool
    ) async throws {
        for sentinel in [self.redis, self.swift] {
            let client = try RawRESPClient(port: sentinel.port)
            try await eventually(timeout: timeout, "\(sentinel.kind): \(what)") { try condition(client) }
        }
    }
}
