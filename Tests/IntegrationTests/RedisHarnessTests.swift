import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Checks the integration-test harness itself against real `redis-server` and `redis-sentinel`,
/// so a failing swift-sentinel test can be trusted to be about swift-sentinel.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(1)), .serialized)
struct RedisHarnessTests {
    @Test func portAllocatorHandsOutDistinctBindablePorts() throws {
        let ports = try PortAllocator.next(count: 20)
        #expect(Set(ports).count == 20)
        #expect(ports.allSatisfy { PortAllocator.range.contains($0) && PortAllocator.isFree($0) })
        #expect(try !ports.contains(PortAllocator.next()))
    }

    @Test func managedProcessEscalatesToSIGKILLWhenSIGTERMIsIgnored() async throws {
        let directory = try TestDirectory.make("process")
        let process = try ManagedProcess(
            executable: "sh",
            arguments: ["-c", "trap '' TERM; echo started; while :; do sleep 0.05; done"],
            workingDirectory: directory,
            logPath: "\(directory)/out.log"
        )
        try await eventually("the trap to be set") { process.log().contains("started") }
        #expect(process.isRunning)
        #expect(process.signal(SIGSTOP))
        #expect(process.isRunning)
        let clock = ContinuousClock()
        let started = clock.now
        let exit = process.stop(grace: .milliseconds(300))
        #expect(exit == .signaled(SIGKILL))
        #expect(clock.now - started < .seconds(3))
        #expect(!process.isRunning)
        #expect(!process.signal(SIGCONT))
    }

    @Test func managedProcessRunsInItsDirectoryAndOwnProcessGroup() async throws {
        let directory = try TestDirectory.make("process")
        let process = try ManagedProcess(
            executable: "sh",
            arguments: ["-c", "pwd; ps -o pgid= -p $$ 2>/dev/null || cut -d' ' -f5 /proc/$$/stat; exit 3"],
            workingDirectory: directory,
            logPath: "\(directory)/out.log"
        )
        let exit = try await eventuallyValue("sh to exit") { process.exitStatus }
        #expect(exit == .exited(3))
        let lines = process.log().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: directory).resolvingSymlinksInPath().path)
        #expect(lines.dropFirst().first == "\(process.pid)")
    }

    @Test func primaryAndReplicaReplicate() async throws {
        let primary = try await RedisServer.start()
        let replica = try await RedisServer.start(replicaOf: primary)
        let client = try primary.client()
        #expect(try client.command("SET", "harness key", "a value with spaces\r\n") == .ok)
        let replicaClient = try replica.client()
        try await eventually("the replica to have the key") {
            try replicaClient.command("GET", "harness key") == .bulkString("a value with spaces\r\n")
        }
        #expect(try replica.info()["role"] == "slave")
        #expect(try client.command("NO-SUCH-COMMAND").isError)
        #expect(try client.command("GET", "missing") == .null)
        #expect(try client.command("INCR", "counter") == .integer(1))

        // A stopped server: commands time out and throw; after SIGCONT the client reconnects.
        let quick = try primary.client(timeout: .milliseconds(300))
        #expect(primary.signal(SIGSTOP))
        #expect(throws: HarnessError.self) { try quick.command("PING") }
        #expect(primary.signal(SIGCONT))
        #expect(try quick.command("PING") == .simpleString("PONG"))

        // Restart: same port, empty data.
        try await primary.restart()
        #expect(try primary.client().command("GET", "harness key") == .null)
        #expect(primary.stop() == .exited(0))
        #expect(!primary.isRunning)
    }

    @Test(.enabled(if: redisSentinelInstalled))
    func realSentinelMonitorsAndFailsOver() async throws {
        let primary = try await RedisServer.start()
        let replica = try await RedisServer.start(replicaOf: primary)
        try await eventually("the replica to be in sync") { try replica.info()["master_link_status"] == "up" }

        // Monitor at runtime, after subscribing, so no event can be missed.
        let sentinel = try await SentinelProcess.start(.redisSentinel, lines: [])
        let events = try await Subscriber(port: sentinel.port)
        let client = try sentinel.client()
        #expect(try client.command("SENTINEL", "MONITOR", "mymaster", "127.0.0.1", "\(primary.port)", "1") == .ok)
        #expect(try client.command("SENTINEL", "SET", "mymaster", "down-after-milliseconds", "1000") == .ok)
        try await events.waitFor(
            channel: "+monitor", where: { $0.hasPrefix("master mymaster 127.0.0.1 \(primary.port) ") })
        try await events.waitFor(channel: "+slave", where: { $0.contains(":\(replica.port) ") })

        let address = try client.command("SENTINEL", "get-master-addr-by-name", "mymaster")
        #expect(address.stringArray == ["127.0.0.1", "\(primary.port)"])
        #expect(try client.command("SENTINEL", "get-master-addr-by-name", "nosuchmaster") == .null)
        let fields = try client.command("SENTINEL", "master", "mymaster").fieldDictionary
        #expect(fields?["name"] == "mymaster")
        #expect(fields?["num-slaves"] == "1")
        #expect(sentinel.config().contains("sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"))

        // Hang the master: one sentinel with quorum 1 promotes the replica.
        let mark = events.count
        #expect(primary.signal(SIGSTOP))
        try await events.waitFor(channel: "+sdown", where: { $0.hasPrefix("master mymaster ") }, after: mark)
        let switched = try await events.waitFor(channel: "+switch-master", after: mark, timeout: .seconds(15))
        #expect(switched.message == "mymaster 127.0.0.1 \(primary.port) 127.0.0.1 \(replica.port)")
        try await eventually("the sentinel to answer the new address") {
            try client.command("SENTINEL", "get-master-addr-by-name", "mymaster").stringArray
                == ["127.0.0.1", "\(replica.port)"]
        }
        #expect(try replica.info()["role"] == "master")

        // Stopping a SIGSTOPped process works (SIGCONT first); the sentinel sees it go.
        primary.stop()
        #expect(!primary.isRunning)
        sentinel.stop()
        #expect(!sentinel.isRunning)
        #expect(sentinel.log().contains("+switch-master"))
    }
}
