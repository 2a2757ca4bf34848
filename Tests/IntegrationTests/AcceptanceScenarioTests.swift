import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SPEC §15.2, the acceptance scenarios Redis's own sentinel tests run, on swift-sentinels and
/// real redis-servers. Three sentinels instead of five; timers shortened with SENTINEL DEBUG as
/// those tests do. J is in HostnameIntegrationTests, K in ACLIntegrationTests, the kill -9
/// failover of C in FailoverIntegrationTests.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct AcceptanceScenarioTests {
    /// Setup B: a master, replicas, and sentinels that were told to MONITOR it at run time.
    struct Scenario {
        var primary: RedisServer
        var replicas: [RedisServer]
        var sentinels: [SentinelProcess]

        static func start(
            replicas replicaCount: Int = 2, sentinels count: Int = 3, quorum: Int = 2,
            serverArguments: [String] = [], sentinelLines: [String] = []
        ) async throws -> Scenario {
            let primary = try await RedisServer.start(extraArguments: serverArguments)
            var replicas: [RedisServer] = []
            for _ in 0..<replicaCount {
                replicas.append(try await RedisServer.start(replicaOf: primary, extraArguments: serverArguments))
            }
            var sentinels: [SentinelProcess] = []
            for _ in 0..<count {
                sentinels.append(
                    try await SentinelProcess.start(lines: ["sentinel deny-scripts-reconfig no"] + sentinelLines))
            }
            let scenario = Scenario(primary: primary, replicas: replicas, sentinels: sentinels)
            for sentinel in sentinels {
                let client = try sentinel.client()
                _ = try client.command("SENTINEL", "REMOVE", "mymaster")  // error tolerated, as in B
                #expect(
                    try client.command("SENTINEL", "MONITOR", "mymaster", "127.0.0.1", "\(primary.port)", "\(quorum)")
                        == .ok)
                for (option, value) in [
                    ("down-after-milliseconds", "2000"), ("failover-timeout", "10000"), ("parallel-syncs", "10"),
                ] {
                    #expect(try client.command("SENTINEL", "SET", "mymaster", option, value) == .ok)
                }
                #expect(
                    try client.command(
                        "SENTINEL", "DEBUG", "tilt-period", "5000", "info-period", "1000", "publish-period", "200")
                        == .ok)
            }
            return scenario
        }

        func client(_ index: Int) throws -> RedisClient { try self.sentinels[index].client() }

        func primaryFields(_ index: Int) throws -> [String: String] {
            try self.client(index).command("SENTINEL", "MASTER", "mymaster").fieldDictionary ?? [:]
        }

        func waitForDiscovery() async throws {
            for (index, _) in self.sentinels.enumerated() where self.sentinels[index].isRunning {
                try await eventually(timeout: .seconds(20), "sentinel \(index) to discover everyone") {
                    let fields = try self.primaryFields(index)
                    return fields["num-slaves"] == "\(self.replicas.count)"
                        && fields["num-other-sentinels"] == "\(self.sentinels.count - 1)"
                }
            }
        }

        func stop() {
            for sentinel in self.sentinels { sentinel.stop() }
            for replica in self.replicas { _ = replica.stop() }
            _ = self.primary.stop()
        }
    }

    @Test func aFlushconfigKeepsTheLeadingLines() async throws {
        let unused = try PortAllocator.next()
        let userLines = [
            "# Base sentinel config of the acceptance tests",
            "# (comment lines, then four sentinel lines; down-after before monitor)",
            "sentinel down-after-milliseconds setmaster 20000",
            "sentinel monitor setmaster 127.0.0.1 \(unused) 2",
            "sentinel parallel-syncs setmaster 2",
            "sentinel failover-timeout setmaster 240000",
        ]
        let sentinel = try await SentinelProcess.start(
            lines: userLines + [
                "sentinel deny-scripts-reconfig no", "enable-protected-configs yes", "enable-debug-command yes",
                "repl-diskless-sync-delay 0",
            ])
        defer { sentinel.stop() }
        #expect(try sentinel.client().command("SENTINEL", "FLUSHCONFIG") == .ok)
        let lines = sentinel.config().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: userLines[0]))
        #expect(Array(lines[start..<min(lines.count, start + userLines.count)]) == userLines)
    }

    @Test func bcSetupDiscoveryQuorumAndReset() async throws {
        let scenario = try await Scenario.start()
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        #expect(
            try scenario.client(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
                == .array([.bulkString("127.0.0.1"), .bulkString("\(scenario.primary.port)")]))
        // C: a quorum above the number of sentinels never reaches ODOWN.
        for index in 0..<3 {
            #expect(try scenario.client(index).command("SENTINEL", "SET", "mymaster", "quorum", "4") == .ok)
        }
        let events = try await Subscriber(port: scenario.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        #expect(scenario.primary.signal(SIGSTOP))
        try await events.waitFor(channel: "+sdown", where: { $0.hasPrefix("master mymaster") }, timeout: .seconds(10))
        try await Task.sleep(for: .seconds(3))
        #expect(events.messages(on: "+odown").isEmpty)
        #expect(try scenario.primaryFields(0)["flags"]?.contains("o_down") == false)
        #expect(scenario.primary.signal(SIGCONT))
        try await events.waitFor(channel: "-sdown", where: { $0.hasPrefix("master mymaster") }, timeout: .seconds(10))
        // C: RESET answers the number of masters and empties the tables. The peers are paused
        // meanwhile: a hello of theirs (every 200 ms here) would add them back at once, in
        // Redis too.
        for peer in scenario.sentinels.dropFirst() { #expect(peer.signal(SIGSTOP)) }
        defer { for peer in scenario.sentinels.dropFirst() { _ = peer.signal(SIGCONT) } }
        try await Task.sleep(for: .milliseconds(300))
        let client = try scenario.client(0)
        #expect(try client.command("SENTINEL", "RESET", "mymaster") == .integer(1))
        #expect(try client.command("SENTINEL", "SENTINELS", "mymaster") == .array([]))
        #expect(try client.command("SENTINEL", "SLAVES", "mymaster") == .array([]))
        #expect(try client.command("SENTINEL", "REPLICAS", "mymaster") == .array([]))
        #expect(try client.command("SENTINEL", "RESET", "nomatch*") == .integer(0))
    }

    @Test func cNoFailoverWithoutAMajority() async throws {
        let scenario = try await Scenario.start(quorum: 1)
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        scenario.sentinels[1].stop()
        scenario.sentinels[2].stop()
        let events = try await Subscriber(port: scenario.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        #expect(scenario.primary.signal(SIGSTOP))
        defer { _ = scenario.primary.signal(SIGCONT) }
        // Quorum 1 makes ODOWN, but one vote of three is no majority: no leader, no switch.
        try await events.waitFor(channel: "+odown", timeout: .seconds(10))
        try await events.waitFor(channel: "+try-failover", timeout: .seconds(10))
        try await Task.sleep(for: .seconds(4))
        #expect(events.messages(on: "+elected-leader").isEmpty)
        #expect(events.messages(on: "+switch-master").isEmpty)
    }

    @Test func dARestartedSentinelLearnsTheNewPrimaryFromHellos() async throws {
        let scenario = try await Scenario.start()
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        scenario.sentinels[1].stop()
        #expect(try scenario.client(0).command("SENTINEL", "FAILOVER", "mymaster") == .ok)
        let promoted = try await eventuallyValue(timeout: .seconds(20), "sentinel 0 to switch") { () -> String? in
            let port = try scenario.client(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray?
                .last
            return port == "\(scenario.primary.port)" ? nil : port
        }
        try await scenario.sentinels[1].restart()
        try await eventually(timeout: .seconds(20), "the restarted sentinel to learn \(promoted)") {
            try scenario.client(1).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray?.last
                == promoted
        }
    }

    @Test func eARestartedReplicaIsReconfiguredLater() async throws {
        let scenario = try await Scenario.start()
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        for index in 0..<3 {
            let client = try scenario.client(index)
            #expect(try client.command("SENTINEL", "DEBUG", "info-period", "100", "publish-period", "100") == .ok)
            #expect(try client.command("SENTINEL", "SET", "mymaster", "failover-timeout", "5000") == .ok)
        }
        let events = try await Subscriber(port: scenario.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        let killed = scenario.replicas[1]
        _ = killed.stop()
        try await events.waitFor(channel: "+sdown", where: { $0.contains(":\(killed.port) ") }, timeout: .seconds(10))
        #expect(scenario.primary.signal(SIGKILL))
        let promoted = scenario.replicas[0].port
        try await eventually(timeout: .seconds(30), "no sentinel to show a failover-state") {
            try (0..<3).allSatisfy {
                try scenario.primaryFields($0)["failover-state"] == nil
                    && scenario.client($0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray?.last
                        == "\(promoted)"
            }
        }
        // It comes back replicating from the old, dead master: a sentinel (whichever sees it
        // first; the others then find it right) repoints it.
        try await killed.restart()
        try await eventually(timeout: .seconds(20), "the restarted replica to follow the new master") {
            try killed.info()["master_port"] == "\(promoted)"
        }
        #expect(
            scenario.sentinels.contains {
                $0.log().contains(
                    "+fix-slave-config slave 127.0.0.1:\(killed.port) 127.0.0.1 \(killed.port) @ mymaster")
            })
    }

    @Test func fCredentialsErrorsAndAFailedFlush() async throws {
        let scenario = try await Scenario.start(replicas: 1, sentinels: 1, quorum: 1)
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        for server in [scenario.primary] + scenario.replicas {
            #expect(try server.client().command("CONFIG", "SET", "requirepass", "secret") == .ok)
            // Redis's own tests then drop the authenticated links; the sentinel reconnects without a password.
            _ = try server.client().command("AUTH", "secret")
        }
        try await scenario.sentinels[0].restart()
        let client = try scenario.client(0)
        try await eventually(timeout: .seconds(5), "flags to show disconnected") {
            try scenario.primaryFields(0)["flags"]?.contains("disconnected") == true
        }
        #expect(try client.command("SENTINEL", "SET", "mymaster", "auth-pass", "secret") == .ok)
        try await eventually(timeout: .seconds(10), "the links to come up with the password") {
            try scenario.primaryFields(0)["flags"] == "master"
        }
        // An ACL user through auth-user + auth-pass.
        for server in [scenario.primary] + scenario.replicas {
            let admin = try server.client()
            _ = try admin.command("AUTH", "secret")
            #expect(
                try admin.command("ACL", "SETUSER", "sentinel-user", "on", ">userpass", "allchannels", "+@all") == .ok)
        }
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "auth-user", "sentinel-user", "auth-pass", "userpass")
                == .ok)
        try await eventually(timeout: .seconds(10), "the links to come up as the ACL user") {
            try scenario.primaryFields(0)["flags"] == "master"
        }
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "quorum", "1", "down-after-milliseconds", "3000") == .ok)
        #expect(try scenario.primaryFields(0)["down-after-milliseconds"] == "3000")
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "quorum", "-2")
                == .error("ERR Invalid argument '-2' for SENTINEL SET 'quorum'"))
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "nosuchoption", "1")
                == .error("ERR Unknown option or number of arguments for SENTINEL SET 'nosuchoption'"))
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "quorum", "1", "parallel-syncs")
                == .error("ERR Unknown option or number of arguments for SENTINEL SET 'parallel-syncs'"))
        let script = "\(scenario.sentinels[0].directory)/not-executable.sh"
        try "#!/bin/sh\n".write(toFile: script, atomically: true, encoding: .utf8)
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "notification-script", script)
                == .error("ERR Notification script seems non existing or non executable"))
        // The config path replaced by a directory: the flush fails and says so; nothing is lost
        // in memory.
        let path = scenario.sentinels[0].configPath
        #expect(unlink(path) == 0 && mkdir(path, 0o755) == 0)
        defer { rmdir(path) }
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "quorum", "1")
                == .error("ERR Failed to save config file. Check server logs."))
        #expect(try scenario.primaryFields(0)["quorum"] == "1")
    }

    @Test func gForcedFailoverInprogAndSimulatedCrash() async throws {
        let scenario = try await Scenario.start()
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let client = try scenario.client(0)
        #expect(try client.command("SENTINEL", "FAILOVER", "mymaster") == .ok)
        #expect(try client.command("SENTINEL", "FAILOVER", "mymaster") == .error("INPROG Failover already in progress"))
        for index in 0..<3 {
            try await eventually(timeout: .seconds(20), "sentinel \(index) to switch") {
                try scenario.client(index).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray?.last
                    != "\(scenario.primary.port)"
            }
        }
        try await eventually(timeout: .seconds(20), "the failover to end") {
            try scenario.primaryFields(0)["failover-state"] == nil
        }
        #expect(try client.command("SENTINEL", "SIMULATE-FAILURE", "crash-after-election") == .ok)
        // Until the old master has been converted and rediscovered, there may be no good replica.
        try await eventually(timeout: .seconds(20), "a second forced failover to start") {
            let reply = try client.command("SENTINEL", "FAILOVER", "mymaster")
            if reply == .error("NOGOODSLAVE No suitable replica to promote") { return false }
            #expect(reply == .ok)
            return true
        }
        try await eventually(timeout: .seconds(10), "the sentinel to exit after its election") {
            !scenario.sentinels[0].isRunning
        }
    }

    @Test func hCkquorum() async throws {
        let scenario = try await Scenario.start()
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let client = try scenario.client(0)
        #expect(
            try client.command("SENTINEL", "CKQUORUM", "mymaster")
                == .simpleString("OK 3 usable Sentinels. Quorum and failover authorization can be reached"))
        #expect(try client.command("SENTINEL", "SET", "mymaster", "quorum", "4") == .ok)
        #expect(
            try client.command("SENTINEL", "CKQUORUM", "mymaster")
                == .error(
                    "NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master"
                ))
        #expect(try client.command("SENTINEL", "SET", "mymaster", "quorum", "1") == .ok)
        scenario.sentinels[1].stop()
        scenario.sentinels[2].stop()
        try await eventually(timeout: .seconds(10), "the stopped sentinels to be down") {
            try client.command("SENTINEL", "CKQUORUM", "mymaster")
                == .error(
                    "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover"
                )
        }
    }
}
