import Testing

/// SPEC §13 / issue "every unauthenticated command that Redis refuses is refused with Redis's
/// error": a redis-sentinel and a swift-sentinel with `requirepass`, the same requests from a
/// client that has not authenticated, then after AUTH. Nothing here depends on run ids or ports,
/// so the replies are compared as they come.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(1)), .serialized)
struct ConformanceAuthIntegrationTests {
    static let unauthenticated: [[String]] = [
        ["PING"], ["PING", "x"], ["ROLE"], ["INFO"], ["SENTINEL", "MASTERS"], ["SENTINEL", "MYID"],
        ["SENTINEL"], ["SENTINEL", "foo"], ["SENTINEL", "MASTER"], ["CLIENT", "ID"], ["CLIENT", "SETNAME", "x"],
        ["ACL", "WHOAMI"], ["COMMAND", "COUNT"], ["SUBSCRIBE", "x"], ["PSUBSCRIBE", "*"], ["UNSUBSCRIBE"],
        ["PUBLISH", "__sentinel__:hello", "x"], ["SHUTDOWN", "ABORT"], ["foo", "bar"], ["QUIT"],
        ["CONFIG", "GET", "x"],
        ["HELLO"], ["HELLO", "3"], ["HELLO", "2", "SETNAME", "x"], ["HELLO", "3", "AUTH", "default", "wrong"],
        ["AUTH"], ["AUTH", "a", "b", "c"], ["AUTH", "wrong"], ["AUTH", "default", "wrong"], ["AUTH", "nosuch", "pw"],
        ["ACL", "LOG", "RESET"],
    ]

    static let authenticated: [[String]] = [
        ["AUTH", "pw"], ["PING"], ["ACL", "WHOAMI"], ["SENTINEL", "MASTERS"], ["ACL", "LOG", "1"],
    ]

    @Test func unauthenticatedClientsGetRedisErrors() async throws {
        let unused = try PortAllocator.next()
        let lines = ["requirepass pw", "sentinel monitor mymaster 127.0.0.1 \(unused) 2"]
        let redis = try await SentinelProcess.start(.redisSentinel, lines: lines)
        defer { redis.stop() }
        let swift = try await SentinelProcess.start(.swiftSentinel, lines: lines)
        defer { swift.stop() }
        let (a, b) = (try RawRESPClient(port: redis.port), try RawRESPClient(port: swift.port))
        var checked = 0
        for args in Self.unauthenticated + Self.authenticated {
            let (fromRedis, fromSwift) = (try a.command(args), try b.command(args))
            if args == ["ACL", "LOG", "1"] {
                // One entry: the failed AUTH before; compare its fields without ages and client info.
                #expect(Self.logShape(fromRedis) == Self.logShape(fromSwift), "\(args)")
            } else if args == ["SENTINEL", "MASTERS"] {
                #expect(fromRedis.children?.count == fromSwift.children?.count, "\(args)")
            } else {
                #expect(fromRedis == fromSwift, "\(args): redis \(fromRedis) swift \(fromSwift)")
            }
            checked += 1
        }
        #expect(checked == Self.unauthenticated.count + Self.authenticated.count)
    }

    /// An ACL LOG entry's reason, context, object and username.
    static func logShape(_ node: RESPNode) -> [String] {
        guard let entry = node.children?.first?.children else { return [] }
        var shape: [String] = []
        for index in stride(from: 0, to: entry.count - 1, by: 2) {
            let key = entry[index].text ?? ""
            if ["reason", "context", "object", "username"].contains(key) {
                shape.append("\(key)=\(entry[index + 1].text ?? "")")
            }
        }
        return shape
    }
}
