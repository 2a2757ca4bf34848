import CHiredis
import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// swift-sentinel against real `redis-server` processes on loopback (issue: foundation §5):
/// discovery, the query port, SDOWN events, bad config, bad client bytes.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct MonitoringIntegrationTests {
    /// A master, two replicas and `count` swift-sentinels watching them with down-after 1000.
    struct Group {
        var primary: RedisServer
        var replicas: [RedisServer]
        var sentinels: [SentinelProcess]

        static func start(sentinels count: Int = 3, quorum: Int = 2) async throws -> Group {
            let primary = try await RedisServer.start()
            let replicas = [
                try await RedisServer.start(replicaOf: primary), try await RedisServer.start(replicaOf: primary),
            ]
            var sentinels: [SentinelProcess] = []
            for _ in 0..<count {
                sentinels.append(
                    try await SentinelProcess.start(lines: [
                        "sentinel monitor mymaster 127.0.0.1 \(primary.port) \(quorum)",
                        "sentinel down-after-milliseconds mymaster 1000",
                        "sentinel failover-timeout mymaster 10000",
                    ]))
            }
            return Group(primary: primary, replicas: replicas, sentinels: sentinels)
        }

        func stop() {
            for sentinel in self.sentinels { sentinel.stop() }
            for replica in self.replicas { _ = replica.stop() }
            _ = self.primary.stop()
        }
    }

    @Test func discoversReplicasAndPeersAndAnswersClients() async throws {
        let group = try await Group.start()
        defer { group.stop() }
        let started = ContinuousClock.now
        for sentinel in group.sentinels {
            let client = try sentinel.client()
            // Replicas come from the first INFO, well inside one INFO period (10 s).
            try await eventually(timeout: .seconds(10), "replicas discovered") {
                let replicas = try client.command("SENTINEL", "replicas", "mymaster").elements ?? []
                return replicas.count == 2
                    && replicas.allSatisfy { $0.fieldDictionary?["flags"] == "slave" }
            }
            try await eventually(timeout: .seconds(15), "peers discovered") {
                try client.command("SENTINEL", "sentinels", "mymaster").elements?.count == 2
            }
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        for sentinel in group.sentinels {
            let client = try sentinel.client()
            #expect(
                try client.command("SENTINEL", "get-master-addr-by-name", "mymaster")
                    == .array([.bulkString("127.0.0.1"), .bulkString(String(group.primary.port))]))
            let primaries = try client.command("SENTINEL", "masters").elements ?? []
            #expect(primaries.count == 1)
            let fields = try #require(primaries.first?.fieldDictionary)
            #expect(fields["name"] == "mymaster")
            #expect(fields["flags"] == "master")
            #expect(fields["num-slaves"] == "2")
            #expect(fields["num-other-sentinels"] == "2")
            #expect(fields["quorum"] == "2")
            // Flat position 33 is num-other-sentinels (SPEC §13.4).
            let flat = try client.command("SENTINEL", "master", "mymaster").elements ?? []
            #expect(flat.count > 33 && flat[32].text == "num-other-sentinels" && flat[33].text == "2")
            let ports = Set(
                (try client.command("SENTINEL", "replicas", "mymaster").elements ?? []).compactMap {
                    $0.fieldDictionary?["port"]
                })
            #expect(ports == Set(group.replicas.map { String($0.port) }))
            let peers = try client.command("SENTINEL", "sentinels", "mymaster").elements ?? []
            let others = Set(group.sentinels.filter { $0.port != sentinel.port }.map { String($0.port) })
            #expect(Set(peers.compactMap { $0.fieldDictionary?["port"] }) == others)
            #expect(
                try client.command("SENTINEL", "ckquorum", "mymaster").text?.hasPrefix("OK 3 usable Sentinels") == true)
            #expect(try client.command("ROLE") == .array([.bulkString("sentinel"), .array([.bulkString("mymaster")])]))
            let info = try client.command("INFO").text ?? ""
            #expect(info.contains("redis_mode:sentinel") && info.contains("sentinel_masters:1"))
            #expect(
                info.contains(
                    "master0:name=mymaster,status=ok,address=127.0.0.1:\(group.primary.port),slaves=2,sentinels=3"))
        }
        // The rewritten config holds what was learned (SPEC §3.7). New replicas and peers are
        // written with the tick after they are learned (`flushConfigLater`, README "Config writes
        // are grouped"), so a peer the query port already lists may be a tick from the file.
        let sentinel = group.sentinels[0]
        try await eventually(timeout: .seconds(2), "known-sentinel written") {
            sentinel.config().contains("sentinel known-sentinel mymaster 127.0.0.1 \(group.sentinels[1].port) ")
        }
        let config = sentinel.config()
        #expect(config.contains("sentinel myid "))
        #expect(config.contains("sentinel known-replica mymaster 127.0.0.1 \(group.replicas[0].port)"))
        #expect(config.contains("sentinel known-sentinel mymaster 127.0.0.1 \(group.sentinels[1].port) "))
    }

    @Test func replicaDownAndBackIsReportedOnPubSub() async throws {
        let group = try await Group.start(sentinels: 1, quorum: 1)
        defer { group.stop() }
        let sentinel = group.sentinels[0]
        let client = try sentinel.client()
        try await eventually(timeout: .seconds(10), "replicas discovered") {
            try client.command("SENTINEL", "replicas", "mymaster").elements?.count == 2
        }
        let events = try await Subscriber(port: sentinel.port, patterns: [], channels: ["+sdown", "-sdown"])
        defer { events.close() }
        // The replica links were opened when the replicas were discovered. A link reconnects at
        // most once per ping period (SPEC §4.3) and the PING of that reconnect is what goes
        // unanswered, so a kill within a second of the first connect is reported a second later
        // than down-after + 1 s, by redis-sentinel as by us (MonitoringTests,
        // instanceThatDiesRightAfterConnectingIsDownAPingPeriodLater): let that second pass.
        try await Task.sleep(for: .milliseconds(1100))
        let victim = group.replicas[1]
        let killed = ContinuousClock.now
        #expect(victim.signal(SIGKILL))
        let down = try await events.waitFor(channel: "+sdown", timeout: .seconds(5))
        #expect(
            down.message
                == "slave 127.0.0.1:\(victim.port) 127.0.0.1 \(victim.port) @ mymaster 127.0.0.1 \(group.primary.port)")
        // down-after (1000) + 1 s.
        #expect(ContinuousClock.now - killed < .seconds(2))
        let flags = try client.command("SENTINEL", "replicas", "mymaster").elements?.compactMap { $0.fieldDictionary }
            .first { $0["port"] == String(victim.port) }?["flags"]
        #expect(flags?.contains("s_down") == true)
        try await victim.restart()
        let up = try await events.waitFor(channel: "-sdown", timeout: .seconds(10))
        #expect(up.message == down.message)
    }

    @Test func badConfigExitsWithRedisMessageAndLeavesTheFileAlone() async throws {
        let directory = try TestDirectory.make("badconfig")
        let path = "\(directory)/sentinel.conf"
        let text = "port 26999\nsentinel monitor mymaster 127.0.0.1 6379 0\n# a comment\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let process = try ManagedProcess(
            name: "bad-config", executable: try SentinelProcess.executablePath(.swiftSentinel), arguments: [path],
            workingDirectory: directory, logPath: "\(directory)/out.log")
        let exit = try await eventuallyValue(timeout: .seconds(5), "the daemon to exit") { process.exitStatus }
        #expect(exit == .exited(1))
        let output = process.log()
        #expect(output.contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"))
        #expect(output.contains("Reading the configuration file, at line 2"))
        #expect(output.contains(">>> 'sentinel monitor mymaster 127.0.0.1 6379 0'"))
        #expect(output.contains("Quorum must be 1 or greater."))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)

        // No config file at all, and a read-only one: Redis's messages, exit 1.
        let none = try ManagedProcess(
            name: "no-config", executable: try SentinelProcess.executablePath(.swiftSentinel), arguments: [],
            workingDirectory: directory, logPath: "\(directory)/none.log")
        #expect(try await eventuallyValue(timeout: .seconds(5), "exit") { none.exitStatus } == .exited(1))
        #expect(none.log().contains("Sentinel needs config file on disk to save state. Exiting..."))
    }

    @Test func garbageFromOneClientDoesNotDisturbOthers() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let sentinel = try await SentinelProcess.start(lines: ["sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"])
        defer { sentinel.stop() }
        let good = try sentinel.client()
        #expect(try good.command("PING") == .simpleString("PONG"))
        // Raw garbage: a multibulk with a non-bulk element.
        let reply = try rawExchange(port: sentinel.port, bytes: Array("*2\r\n$4\r\nPING\r\n:12\r\n".utf8))
        #expect(reply.hasPrefix("-ERR Protocol error: expected '$', got ':'"))
        // Random bytes on several connections at once.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let noise = (0..<512).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? rawExchange(port: sentinel.port, bytes: noise)
        }
        // Inline commands work, including the stray newline of SPEC §13.1.
        #expect(try rawExchange(port: sentinel.port, bytes: Array("PING\r\n\n".utf8)).hasPrefix("+PONG"))
        #expect(try good.command("SENTINEL", "get-master-addr-by-name", "mymaster").elements?.count == 2)
        #expect(try sentinel.client().command("PING") == .simpleString("PONG"))
    }

    @Test func sigtermExitsWithinASecond() async throws {
        let sentinel = try await SentinelProcess.start(lines: ["sentinel monitor mymaster 127.0.0.1 1 1"])
        let started = ContinuousClock.now
        #expect(sentinel.signal(SIGTERM))
        let exit = try await eventuallyValue(timeout: .seconds(2), "exit") { sentinel.process.exitStatus }
        #expect(exit == .exited(0))
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}

/// Writes bytes on a fresh connection and returns what comes back within a short wait.
func rawExchange(port: Int, bytes: [UInt8]) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw HarnessError("connect failed") }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
}
