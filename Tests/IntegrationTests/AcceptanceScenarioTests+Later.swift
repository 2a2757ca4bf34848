import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Acceptance scenarios i–o: flags of sick masters, a master rebooting into LOADING, unannounced
/// replicas, a new runid at a known address, INFO and DEBUG timers.
extension AcceptanceScenarioTests {
    @Test func iFlagsShowDownForEveryKindOfSickPrimary() async throws {
        let scenario = try await Scenario.start(
            replicas: 1, sentinels: 1, quorum: 1, serverArguments: ["--enable-protected-configs", "yes"])
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let client = try scenario.client(0)
        // No failover may change the master while we make it sick.
        #expect(try client.command("SENTINEL", "SET", "mymaster", "failover-timeout", "600000") == .ok)
        #expect(try client.command("SENTINEL", "SET", "mymaster", "quorum", "2") == .ok)
        #expect(try client.command("SENTINEL", "DEBUG", "ask-period", "100", "ping-period", "100") == .ok)
        func waitFor(_ down: Bool, _ what: String) async throws {
            try await eventually(timeout: .seconds(10), "flags \(down ? "down" : "exactly master") when \(what)") {
                let flags = try scenario.primaryFields(0)["flags"] ?? ""
                return down ? flags.contains("down") : flags == "master"
            }
        }
        try await waitFor(false, "healthy")
        #expect(scenario.primary.signal(SIGSTOP))
        try await waitFor(true, "stopped")
        #expect(scenario.primary.signal(SIGCONT))
        try await waitFor(false, "continued")
        let admin = try scenario.primary.client()
        #expect(try admin.command("SLAVEOF", "127.0.0.1", "34567") == .ok)
        try await waitFor(true, "a replica of a dead address")
        #expect(try admin.command("SLAVEOF", "NO", "ONE") == .ok)
        try await waitFor(false, "a master again")
        // MISCONF: a failed BGSAVE makes every write-capable command, PING included, an error.
        _ = try admin.command("CONFIG", "SET", "dir", "/")
        _ = try admin.command("CONFIG", "SET", "dbfilename", "tmp")
        _ = try admin.command("CONFIG", "SET", "save", "1000000 1000000")
        _ = try admin.command("BGSAVE")
        try await eventually(timeout: .seconds(5), "the BGSAVE to fail") {
            try scenario.primary.info("persistence")["rdb_last_bgsave_status"] == "err"
        }
        try await waitFor(true, "answering -MISCONF")
        _ = try admin.command("CONFIG", "SET", "save", "")
        _ = try admin.command("CONFIG", "SET", "dir", scenario.primary.directory)
        _ = try admin.command("CONFIG", "SET", "dbfilename", "dump.rdb")
        #expect(try admin.command("SAVE") == .ok)
        try await waitFor(false, "saved again")
        #expect(try client.command("SENTINEL", "SET", "mymaster", "rename-command", "PING", "PONG") == .ok)
        try await waitFor(true, "PING renamed to a command that does not exist")
        #expect(try client.command("SENTINEL", "SET", "mymaster", "rename-command", "PING", "PING") == .ok)
        try await waitFor(false, "PING restored")
    }

    @Test func nAPrimaryThatRebootsIntoLoadingIsFailedOver() async throws {
        let scenario = try await Scenario.start(
            serverArguments: [
                "--enable-debug-command", "yes", "--key-load-delay", "1500", "--loading-process-events-interval-bytes",
                "1024",
            ])
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let admin = try scenario.primary.client()
        #expect(try admin.command("DEBUG", "POPULATE", "10000") == .ok)
        #expect(try admin.command("SAVE") == .ok)
        for index in 0..<3 {
            #expect(
                try scenario.client(index).command(
                    "SENTINEL", "SET", "mymaster", "master-reboot-down-after-period", "5000") == .ok)
        }
        let events = try await Subscriber(port: scenario.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        // Killed and restarted at once: it answers PING with -LOADING, a valid reply, so only the
        // reboot rule (SPEC §6.2) can see it as down.
        #expect(scenario.primary.signal(SIGKILL))
        try await scenario.primary.restart(waitForPong: false)
        try await events.waitFor(channel: "+reboot", where: { $0.hasPrefix("master mymaster") }, timeout: .seconds(10))
        try await events.waitFor(channel: "+switch-master", timeout: .seconds(30))
        let promoted = try #require(
            try scenario.client(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray?.last)
        #expect(promoted != "\(scenario.primary.port)")
        try await eventually(timeout: .seconds(40), "the replicas and the rebooted master to follow \(promoted)") {
            try ([scenario.primary] + scenario.replicas).filter { "\($0.port)" != promoted }.allSatisfy {
                try $0.info()["master_port"] == promoted
            }
        }
    }

    @Test func lUnannouncedReplicasAreLeftOutOfReplicas() async throws {
        let scenario = try await Scenario.start(replicas: 2, sentinels: 1, quorum: 1)
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let client = try scenario.client(0)
        func waitForReplicas(_ count: Int) async throws {
            try await eventually(timeout: .seconds(10), "SENTINEL REPLICAS to list \(count)") {
                try client.command("SENTINEL", "REPLICAS", "mymaster").elements?.count == count
            }
        }
        try await waitForReplicas(2)
        #expect(try scenario.replicas[0].client().command("CONFIG", "SET", "replica-announced", "no") == .ok)
        try await waitForReplicas(1)
        #expect(try scenario.primaryFields(0)["num-slaves"] == "2")
        #expect(try scenario.replicas[0].client().command("CONFIG", "SET", "replica-announced", "yes") == .ok)
        try await waitForReplicas(2)
    }

    @Test func mANewRunIDAtTheSameAddressReplacesTheOldSentinel() async throws {
        let scenario = try await Scenario.start(replicas: 1)
        defer { scenario.stop() }
        try await scenario.waitForDiscovery()
        let restarted = scenario.sentinels[2]
        restarted.stop()
        let kept = restarted.config().split(separator: "\n").filter { !$0.hasPrefix("sentinel myid ") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: restarted.configPath, atomically: true, encoding: .utf8)
        let events = try await Subscriber(port: scenario.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        try await restarted.restart()
        try await events.waitFor(channel: "+sentinel-invalid-addr", timeout: .seconds(15))
        try await eventually(timeout: .seconds(15), "the new runid to be known") {
            let peers = try scenario.client(0).command("SENTINEL", "SENTINELS", "mymaster").elements ?? []
            return peers.count == 2 && peers.allSatisfy { $0.fieldDictionary?["flags"] == "sentinel" }
        }
        let flat = try scenario.client(0).command("SENTINEL", "MASTER", "mymaster").elements ?? []
        #expect(flat.count > 33 && flat[32] == .bulkString("num-other-sentinels") && flat[33] == .bulkString("2"))
    }

    @Test func oInfoAndDebugTimers() async throws {
        let sentinel = try await SentinelProcess.start(lines: [])
        defer { sentinel.stop() }
        let client = try sentinel.client()
        let info = try #require(client.command("INFO").text)
        for field in ["redis_version", "maxclients", "used_cpu_user", "sentinel_tilt"] {
            #expect(info.contains("\(field):"))
        }
        for field in ["used_memory", "rdb_last_bgsave", "master_repl_offset", "cluster_enabled"] {
            #expect(!info.contains(field))
        }
        #expect(try client.command("SENTINEL", "DEBUG", "info-period", "8888") == .ok)
        #expect(try client.command("SENTINEL", "DEBUG").elements?[1] == .bulkString("8888"))
        #expect(try client.command("SENTINEL", "DEBUG", "info-period", "10000") == .ok)
        #expect(try client.command("SENTINEL", "DEBUG").elements?[1] == .bulkString("10000"))
    }
}
