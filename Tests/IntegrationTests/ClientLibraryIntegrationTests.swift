import Foundation
import Testing

/// Real client programs against swift-sentinel (SPEC §16): redis-py's `redis.sentinel.Sentinel`
/// through a forced failover, and redis-cli's output side by side with redis-sentinel's.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct ClientLibraryIntegrationTests {
    /// `Tests/clients/redis_py_failover.py` with 1 master, 2 replicas, 3 swift-sentinels. Needs
    /// PyPI `redis` (`make test` installs it when missing); its absence fails the test.
    @Test func redisPySentinelClientFollowsAFailover() async throws {
        let master = try await RedisServer.start()
        let replicas = [try await RedisServer.start(replicaOf: master), try await RedisServer.start(replicaOf: master)]
        var sentinels: [SentinelProcess] = []
        defer {
            for sentinel in sentinels { sentinel.stop() }
            for replica in replicas { replica.stop() }
            master.stop()
        }
        for _ in 0..<3 {
            let sentinel = try await SentinelProcess.start(lines: [
                "sentinel monitor mymaster 127.0.0.1 \(master.port) 2",
                "sentinel down-after-milliseconds mymaster 2000",
                "sentinel failover-timeout mymaster 10000",
            ])
            sentinels.append(sentinel)
            // Hellos every 200 ms and INFO every 500 ms: discovery and the switch in about a second.
            try sentinel.client().command("SENTINEL", "DEBUG", "publish-period", "200", "info-period", "500")
        }
        let script = findPackageRoot() + "/Tests/clients/redis_py_failover.py"
        let result = try ProcessOutput.run(
            "python3",
            [
                script, "--sentinels", sentinels.map { String($0.port) }.joined(separator: ","),
                "--master-port", String(master.port), "--replica-ports", replicas.map { String($0.port) }.joined(separator: ","),
            ], timeout: .seconds(120))
        let why = Comment(
            rawValue: "redis_py_failover.py exited \(result.status)\(result.timedOut ? " (timed out)" : ""):\n\(result.output)\n"
                + "sentinel log:\n\(sentinels[0].logTail(lines: 40))")
        #expect(result.status == 0 && !result.timedOut, why)
        #expect(result.output.hasSuffix("PASS\n"))
    }
}
