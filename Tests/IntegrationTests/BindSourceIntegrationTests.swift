import SentinelCore
import Testing

/// `bind-source-addr` (Redis 7.0, issue 11 §1): every outgoing connection leaves from it. Checked
/// where it shows, in the source address each server reports in CLIENT LIST: the monitored Redis
/// for the links to instances, the peer sentinel for the links between sentinels. Two loopback
/// addresses, 127.0.0.2 and 127.0.0.3, which Linux routes to `lo` without setup.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(2)), .serialized)
struct BindSourceIntegrationTests {
    @Test func instanceAndPeerLinksLeaveFromTheSourceAddress() async throws {
        // redis-server's protected mode counts only 127.0.0.1 and ::1 as local: from 127.0.0.2
        // without a password it answers DENIED and closes.
        let primary = try await RedisServer.start(extraArguments: ["--protected-mode", "no"])
        defer { _ = primary.stop() }
        // Each sentinel also listens on its source address: that is the address its hellos
        // announce (the local address of its link to the master, SPEC §5.6), which peers dial.
        let sources = ["127.0.0.2", "127.0.0.3"]
        var sentinels: [SentinelProcess] = []
        defer { for sentinel in sentinels { _ = sentinel.stop() } }
        for source in sources {
            sentinels.append(
                try await SentinelProcess.start(
                    .swiftSentinel,
                    lines: [
                        "bind 127.0.0.1 \(source)", "bind-source-addr \(source)",
                        "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
                    ]))
        }
        let redis = try primary.client()
        // Both sentinels' command and pub/sub links, each from its own source address.
        try await eventually(timeout: .seconds(10), "the master sees 4 sentinel links from their sources") {
            let links = try Self.clients(redis).filter { $0["name"]?.hasPrefix("sentinel-") == true }
            let hosts = links.compactMap { $0["addr"].map(Self.host) }.sorted()
            return hosts == ["127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"]
        }
        // Each sentinel discovers the other and connects to it from its own source.
        for (index, sentinel) in sentinels.enumerated() {
            let peerSource = sources[1 - index]
            let client = try sentinel.client()
            try await eventually(timeout: .seconds(15), "\(sources[index]) sees its peer's link from \(peerSource)") {
                try Self.clients(client).contains { $0["addr"].map(Self.host) == peerSource }
            }
            // Every other client of this sentinel is its peer's link, from the peer's source.
            guard case .integer(let ownID) = try client.command("CLIENT", "ID") else {
                Issue.record("CLIENT ID did not answer an integer")
                return
            }
            let others = try Self.clients(client).filter { $0["id"] != String(ownID) }
            #expect(!others.isEmpty && others.allSatisfy { $0["addr"].map(Self.host) == peerSource })
        }
    }

    /// A source that is not an address fails each connect, as hiredis's bind does: the master
    /// stays `disconnected` and the sentinel keeps answering.
    @Test func aSourceThatIsNotAnAddressLeavesTheLinksDown() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let sentinel = try await SentinelProcess.start(
            .swiftSentinel,
            lines: ["bind-source-addr not-an-address", "sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"])
        defer { _ = sentinel.stop() }
        let client = try sentinel.client()
        try await Task.sleep(for: .milliseconds(1500))
        let flags = try client.command("SENTINEL", "master", "mymaster").fieldDictionary?["flags"]
        #expect(flags?.contains("disconnected") == true, "\(flags ?? "no flags")")
        #expect(try client.command("PING") == .simpleString("PONG"))
    }

    /// `bind 127.0.0.2 127.0.0.3`: the sentinel answers on each address and on no other, not
    /// even 127.0.0.1.
    @Test func everyBindAddressIsHonoured() async throws {
        let sentinel = try await SentinelProcess.start(
            .swiftSentinel, lines: ["bind 127.0.0.2 127.0.0.3"], host: "127.0.0.2")
        defer { _ = sentinel.stop() }
        for host in ["127.0.0.2", "127.0.0.3"] {
            let reply = try RedisClient(host: host, port: sentinel.port).command("PING")
            #expect(reply == .simpleString("PONG"), "\(host)")
        }
        for host in ["127.0.0.4", "127.0.0.1"] {
            let error = #expect(throws: HarnessError.self, "\(host)") {
                try RawRESPClient(host: host, port: sentinel.port, timeout: .seconds(1))
            }
            #expect(error?.message.contains("Connection refused") == true, "\(host): \(String(describing: error))")
        }
    }

    /// CLIENT LIST as one dictionary per client.
    static func clients(_ client: RedisClient) throws -> [[String: String]] {
        guard case .bulkString(let text) = try client.command("CLIENT", "LIST") else { return [] }
        return text.split(separator: "\n").map { line in
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            return fields
        }
    }

    static func host(_ addr: String) -> String { String(addr[..<(addr.lastIndex(of: ":") ?? addr.endIndex)]) }
}
