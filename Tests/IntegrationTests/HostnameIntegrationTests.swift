import SentinelCore
import Testing

/// SPEC §15.2 J with real processes: a master monitored as `localhost` and a replica that
/// announces itself as `localhost`; a swift-sentinel and a redis-sentinel 7.0.15 with the same
/// config must show the same addresses, by name with `announce-hostnames yes`, by IP without.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(2)), .serialized)
struct HostnameIntegrationTests {
    @Test func addressesFollowAnnounceHostnamesLikeRedis() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let replica = try await RedisServer.start(
            replicaOf: primary, extraArguments: ["--replica-announce-ip", "localhost"])
        defer { _ = replica.stop() }
        let lines = [
            "sentinel resolve-hostnames yes",
            "sentinel announce-hostnames yes",
            "sentinel monitor mymaster localhost \(primary.port) 1",
        ]
        let ours = try await SentinelProcess.start(.swiftSentinel, lines: lines)
        defer { _ = ours.stop() }
        let theirs = try await SentinelProcess.start(.redisSentinel, lines: lines)
        defer { _ = theirs.stop() }

        for announce in ["yes", "no"] {
            let host = announce == "yes" ? "localhost" : "127.0.0.1"
            for sentinel in [ours, theirs] {
                let client = try sentinel.client()
                #expect(
                    try client.command("SENTINEL", "config", "set", "announce-hostnames", announce)
                        == .simpleString("OK"))
                #expect(
                    try client.command("SENTINEL", "get-master-addr-by-name", "mymaster")
                        == .array([.bulkString(host), .bulkString(String(primary.port))]), "\(sentinel.kind)")
                try await eventually(timeout: .seconds(15), "\(sentinel.kind) lists the replica at \(host)") {
                    let replicas = try client.command("SENTINEL", "replicas", "mymaster").elements ?? []
                    return replicas.count == 1 && replicas[0].fieldDictionary?["ip"] == host
                        && replicas[0].fieldDictionary?["name"] == "localhost:\(replica.port)"
                }
                #expect(try client.command("SENTINEL", "master", "mymaster").fieldDictionary?["ip"] == host)
            }
        }
    }
}
