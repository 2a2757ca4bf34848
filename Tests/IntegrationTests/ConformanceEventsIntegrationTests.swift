import Foundation
import Testing

/// Side by side with redis-sentinel 7.0.15: the events published for the same configuration
/// commands (`PSUBSCRIBE *`, channel and normalised payload), and the config file each rewrites
/// after them (SPEC §3.6–3.7, §11).
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(3)), .serialized)
struct ConformanceEventsIntegrationTests {
    /// Configuration changes on a second master `ev` at port 0 (never connected to, so nothing
    /// else happens to it and its flags stay `master,disconnected`), then one at a dead port
    /// added and removed again. Scripts are allowed (`deny-scripts-reconfig no`).
    static func actions(dead: Int) -> [[String]] {
        let port = "0"
        return [
            ["SENTINEL", "MONITOR", "ev", "127.0.0.1", port, "2"],
            ["SENTINEL", "SET", "ev", "quorum", "1"],
            [
                "SENTINEL", "SET", "ev", "down-after-milliseconds", "50000", "parallel-syncs", "2", "failover-timeout",
                "90000",
            ],
            ["SENTINEL", "SET", "ev", "auth-pass", "secret", "auth-user", "bob"],
            ["SENTINEL", "SET", "ev", "rename-command", "PING", "PONG"],
            ["SENTINEL", "SET", "ev", "rename-command", "config", "cfg"],
            ["SENTINEL", "SET", "ev", "master-reboot-down-after-period", "1000"],
            ["SENTINEL", "SET", "ev", "notification-script", "/bin/true"],
            ["SENTINEL", "SET", "ev", "client-reconfig-script", "/bin/true"],
            ["SENTINEL", "SET", "ev", "notification-script", "/nonexistent"],
            ["SENTINEL", "SET", "ev", "quorum", "0"],
            ["SENTINEL", "SET", "ev", "quorum", "3", "foo", "1"],
            ["SENTINEL", "SET", "ev", "QUORUM", "2"],
            // A vote request from an unknown runid for epoch 1: +new-epoch, +vote-for-leader, and
            // the epochs in the rewrite (SPEC §7.2, §7.4); the same runid asking again keeps the vote.
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "1", "c0ffee0000000000000000000000000000000001"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "1", "c0ffee0000000000000000000000000000000002"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "0", "*"],
            ["SENTINEL", "RESET", "ev"], ["SENTINEL", "RESET", "nomatch"],
            ["SENTINEL", "MONITOR", "gone", "127.0.0.1", String(dead), "1"],
            ["SENTINEL", "SET", "gone", "quorum", "2"],
            ["SENTINEL", "REMOVE", "gone"],
            ["SENTINEL", "CONFIG", "SET", "announce-port", "0"],
            ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "no"],
            ["SENTINEL", "DEBUG", "ping-period", "1000"],
            // New masters take the current defaults, and the rewrite leaves out values equal to
            // them (SPEC §3.7, §13.8): `ev`'s failover-timeout 90000 becomes the default.
            ["SENTINEL", "DEBUG", "default-down-after", "15000", "default-failover-timeout", "90000"],
            ["SENTINEL", "MONITOR", "fresh", "127.0.0.1", "0", "1"],
            ["SENTINEL", "MASTER", "fresh"],
            ["SENTINEL", "REMOVE", "fresh"],
            ["SENTINEL", "FLUSHCONFIG"],
        ]
    }

    @Test func eventsAndConfigRewriteMatch() async throws {
        let pair = try await ConformancePair.start(extraLines: ["sentinel deny-scripts-reconfig no"])
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        // What each learned (known replica and sentinel, epochs), while `mymaster` is the only master.
        try sides.compare(["SENTINEL", "FLUSHCONFIG"])
        // Redis wrote the replica and the peer each when it learned them, swift-sentinel may
        // have written both in one go (README "Config writes are grouped"); the rewrite keeps
        // the old file's layout and appends after its trailing blank line, so the blank lines
        // between them depend on which came first in which tick. The lines must agree.
        sides.compareConfigs("config with what was discovered", blankLinesInGeneratedPart: false)

        let (redisEvents, swiftEvents) = try pair.clients()
        _ = try redisEvents.command("PSUBSCRIBE", "*")
        _ = try swiftEvents.command("PSUBSCRIBE", "*")
        // Removing `mymaster` last leaves one master, so the rewrite does not depend on the
        // order of Redis's master dict (seeded at random per process).
        let logStart = (Self.logLines(pair.redis).count, Self.logLines(pair.swift).count)
        var published = 0
        for args in Self.actions(dead: pair.deadPort) + [["SENTINEL", "REMOVE", "mymaster"]] {
            try sides.compare(args)
            // Redis publishes while running the command, so the events are there with its reply.
            let fromRedis = redisEvents.readAll(quiet: .milliseconds(150)).map(pair.redisNormalizer.normalize)
            let fromSwift = swiftEvents.readAll(quiet: .milliseconds(50)).map(pair.swiftNormalizer.normalize)
            sides.record(
                ["events of " + args.joined(separator: " ")], swiftArgs: nil, .array(fromRedis), .array(fromSwift))
            published += fromRedis.count
        }
        // +monitor, +set per option, +reset-master, -monitor: the comparison saw real events.
        #expect(published >= 15, "redis-sentinel published only \(published) events")
        // The same events in the log: level character, type and text, in the same order.
        let logged = (
            Self.eventLines(pair.redis, from: logStart.0, pair.redisNormalizer),
            Self.eventLines(pair.swift, from: logStart.1, pair.swiftNormalizer)
        )
        #expect(logged.0.count >= 15, "redis-sentinel logged only \(logged.0.count) events")
        sides.record(
            ["event lines of the log"], swiftArgs: nil, .array(logged.0.map(RESPNode.bulk)),
            .array(logged.1.map(RESPNode.bulk)))
        try sides.compare(["SENTINEL", "MASTER", "ev"])
        sides.compareConfigs("config after SET / MONITOR / REMOVE / CONFIG SET")
        sides.expectNoMismatches("events and config rewrite")
    }
}

extension ConformanceEventsIntegrationTests {
    static func logLines(_ sentinel: SentinelProcess) -> [Substring] {
        sentinel.log().split(separator: "\n")
    }

    /// Event lines (`<pid>:X <date> <time> <level> <+|-><type> <text>`) after `start`, without
    /// the pid and time, normalised like replies.
    static func eventLines(_ sentinel: SentinelProcess, from start: Int, _ normalizer: ReplyNormalizer) -> [String] {
        Self.logLines(sentinel).dropFirst(start).compactMap { line -> String? in
            // Skip `<pid>:X`, the date (3 fields) and the time; keep `<level> <event> ...`.
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count == 6, fields[0].hasSuffix(":X") else { return nil }
            let rest = fields[5]
            guard rest.count > 2, let type = rest.dropFirst(2).first, type == "+" || type == "-" else { return nil }
            return normalizer.replaceTokens(String(rest))
        }
    }
}

extension SideBySide {
    /// Both config files line by line, normalised (ports, ids, dir) and with the directives
    /// Redis appends after `# Generated by CONFIG REWRITE` sorted: it writes them in the order
    /// of its config dict, which is seeded at random per process (so are `rename-command`,
    /// `known-replica` and `known-sentinel` lines).
    ///
    /// `blankLinesInGeneratedPart: false` leaves out the blank lines after the marker: where
    /// they fall records the history of writes, not what the file says.
    mutating func compareConfigs(_ what: String, blankLinesInGeneratedPart: Bool = true) {
        func lines(_ sentinel: SentinelProcess, _ normalizer: ReplyNormalizer) -> RESPNode {
            var result = sentinel.config().split(separator: "\n", omittingEmptySubsequences: false)
                .map { normalizer.replaceTokens(String($0)) }
            if let marker = result.firstIndex(of: "# Generated by CONFIG REWRITE") {
                let start = marker + 1
                let end = result[start...].firstIndex { $0.hasPrefix("sentinel ") || $0.isEmpty } ?? result.endIndex
                result[start..<end].sort()
                if !blankLinesInGeneratedPart {
                    result = Array(result[..<start]) + result[start...].filter { !$0.isEmpty }
                }
            }
            // Renamed commands, known replicas and sentinels come from dicts too: same slots, sorted.
            for prefix in ["sentinel rename-command ", "sentinel known-replica ", "sentinel known-sentinel "] {
                let slots = result.indices.filter { result[$0].hasPrefix(prefix) }
                for (index, line) in zip(slots, slots.map { result[$0] }.sorted()) { result[index] = line }
            }
            return .array(result.map { .bulk($0) })
        }
        self.record(
            [what], swiftArgs: nil, lines(self.pair.redis, self.pair.redisNormalizer),
            lines(self.pair.swift, self.pair.swiftNormalizer))
    }
}
