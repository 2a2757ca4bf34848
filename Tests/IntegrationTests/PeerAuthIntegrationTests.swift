import SentinelCore
import Testing

/// SPEC §3.2 and §4.4 toward peers, with a real redis-sentinel as the peer: what a swift-sentinel
/// announces (announce-ip) is what the other side lists, and it authenticates to a sentinel that
/// requires a password, with `sentinel-user` / `sentinel-pass` or the legacy `requirepass`.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(2)), .serialized)
struct PeerAuthIntegrationTests {
    func monitor(_ primary: RedisServer) -> [String] {
        [
            "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
            "sentinel down-after-milliseconds mymaster 1000",
        ]
    }

    /// Waits until `sentinel` lists one healthy peer and returns its map.
    func onlyPeer(of sentinel: SentinelProcess, password: String? = nil) async throws -> [String: String] {
        let client = try sentinel.client()
        if let password { _ = try client.command("AUTH", password) }
        return try await eventuallyValue(timeout: .seconds(15), "\(sentinel.kind) to see a healthy peer") {
            let peers = try client.command("SENTINEL", "SENTINELS", "mymaster").elements ?? []
            guard peers.count == 1, let fields = peers[0].fieldDictionary, fields["flags"] == "sentinel" else {
                return nil
            }
            return fields
        }
    }

    @Test func peersListTheAnnouncedAddress() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let port = try PortAllocator.next()
        // Any 127/8 address reaches this host: the announced one is visibly not the socket's.
        let ours = try await SentinelProcess.start(
            lines: self.monitor(primary) + [
                "bind 127.0.0.1 127.0.0.2", "sentinel announce-ip 127.0.0.2", "sentinel announce-port \(port)",
            ], port: port)
        defer { ours.stop() }
        let theirs = try await SentinelProcess.start(.redisSentinel, lines: self.monitor(primary))
        defer { theirs.stop() }
        let peer = try await self.onlyPeer(of: theirs)
        #expect(peer["ip"] == "127.0.0.2")
        #expect(peer["port"] == "\(port)")
        #expect(peer["runid"] == (try ours.client().command("SENTINEL", "MYID").text))
    }

    @Test(arguments: [true, false])
    func authenticatesToAPasswordProtectedRedisSentinel(withSentinelUser: Bool) async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let credentials =
            withSentinelUser
            ? ["sentinel sentinel-user default", "sentinel sentinel-pass peersecret"] : ["requirepass peersecret"]
        let theirs = try await SentinelProcess.start(
            .redisSentinel, lines: self.monitor(primary) + ["requirepass peersecret"])
        defer { theirs.stop() }
        let ours = try await SentinelProcess.start(lines: self.monitor(primary) + credentials)
        defer { ours.stop() }
        // Our link to it works only if our AUTH was right: it answers our PINGs and votes.
        let peer = try await self.onlyPeer(of: ours, password: withSentinelUser ? nil : "peersecret")
        #expect(peer["last-ok-ping-reply"].flatMap(Int.init).map { $0 < 2000 } == true)
        let client = try ours.client()
        if !withSentinelUser { _ = try client.command("AUTH", "peersecret") }
        #expect(
            try client.command("SENTINEL", "CKQUORUM", "mymaster")
                == .simpleString("OK 2 usable Sentinels. Quorum and failover authorization can be reached"))
        // Without the password, the peer is seen but never answers: it goes SDOWN.
        let unauthenticated = try await SentinelProcess.start(lines: self.monitor(primary))
        defer { unauthenticated.stop() }
        try await eventually(timeout: .seconds(15), "the peer to be down for the sentinel without a password") {
            let peers = try unauthenticated.client().command("SENTINEL", "SENTINELS", "mymaster").elements ?? []
            return peers.contains {
                $0.fieldDictionary?["port"] == "\(theirs.port)"
                    && $0.fieldDictionary?["flags"]?.contains("s_down") == true
            }
        }
    }
}
