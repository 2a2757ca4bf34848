import Foundation
import SentinelCore
import Testing

/// ACL on the query port (SPEC §3.4, §15.2 K) with real processes: swift-sentinel alone, and
/// side by side with redis-sentinel 7.0.15 for byte-identical replies.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct ACLIntegrationTests {
    static let secretHash = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"  // sha256("secret")
    static let p2Hash = "3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b27693"  // sha256("p2")

    static let expectedList = RESPValue.array([
        .bulkString("user default off nopass ~* &* +@all"),
        .bulkString("user limited on #\(p2Hash) resetchannels -@all +ping"),
        .bulkString("user sentinel-user on #\(secretHash) &* +@all"),
    ])

    /// Scenario K's ACL part: users, `default` off, NOAUTH, AUTH, NOPERM, the ACL log, and the
    /// users surviving a config flush and a restart.
    @Test func defaultOffRequiresAuthAndUsersSurviveRestart() async throws {
        let primary = try await RedisServer.start()
        let sentinel = try await SentinelProcess.start(lines: ["sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"])
        defer {
            sentinel.stop()
            _ = primary.stop()
        }
        let admin = try sentinel.client()
        #expect(try admin.command("ACL", "SETUSER", "sentinel-user", "ON", ">secret", "allchannels", "+@all") == .ok)
        #expect(try admin.command("ACL", "SETUSER", "limited", "on", ">p2", "-@all", "+ping") == .ok)
        #expect(try admin.command("ACL", "SETUSER", "default", "off") == .ok)
        // Connections already authenticated as `default` keep working.
        #expect(try admin.command("PING") == .simpleString("PONG"))

        let fresh = try sentinel.client()
        #expect(try fresh.command("PING") == .error("NOAUTH Authentication required."))
        #expect(try fresh.command("SENTINEL", "MASTERS") == .error("NOAUTH Authentication required."))
        #expect(
            try fresh.command("AUTH", "sentinel-user", "wrong")
                == .error("WRONGPASS invalid username-password pair or user is disabled."))
        #expect(
            try fresh.command("AUTH", "default", "wrong")
                == .error("WRONGPASS invalid username-password pair or user is disabled."))
        #expect(try fresh.command("AUTH", "sentinel-user", "secret") == .ok)
        #expect(try fresh.command("ACL", "WHOAMI") == .bulkString("sentinel-user"))
        #expect(try fresh.command("SENTINEL", "MASTERS").elements?.count == 1)
        #expect(try fresh.command("ACL", "LIST") == Self.expectedList)

        let limited = try sentinel.client()
        #expect(try limited.command("HELLO", "2", "AUTH", "limited", "p2").elements?.count == 12)
        #expect(try limited.command("PING") == .simpleString("PONG"))
        #expect(
            try limited.command("SENTINEL", "MASTERS")
                == .error("NOPERM this user has no permissions to run the 'sentinel|masters' command"))
        #expect(
            try limited.command("ACL", "WHOAMI")
                == .error("NOPERM this user has no permissions to run the 'acl|whoami' command"))

        let log = try fresh.command("ACL", "LOG").elements ?? []
        let newest = try #require(log.first?.fieldDictionary)
        #expect(newest["reason"] == "command" && newest["object"] == "acl|whoami" && newest["username"] == "limited")
        let auth = try #require(log.last?.fieldDictionary)
        #expect(auth["reason"] == "auth" && auth["object"] == "AUTH" && auth["username"] == "sentinel-user")
        #expect(log.count == 4)

        #expect(try fresh.command("SENTINEL", "FLUSHCONFIG") == .ok)
        let config = sentinel.config()
        for case .bulkString(let line) in Self.expectedList.elements ?? [] {
            #expect(config.contains(line + "\n"), "missing \(line) in\n\(config)")
        }
        try await sentinel.restart()
        let afterRestart = try sentinel.client()
        #expect(try afterRestart.command("PING") == .error("NOAUTH Authentication required."))
        #expect(try afterRestart.command("AUTH", "sentinel-user", "secret") == .ok)
        // Loading a `user default` line resets the user first, which sets `sanitize-payload`
        // (redis-sentinel 7.0.15 lists it the same way after a restart).
        var reloaded = Self.expectedList.elements ?? []
        reloaded[0] = .bulkString("user default off nopass sanitize-payload ~* &* +@all")
        #expect(try afterRestart.command("ACL", "LIST") == .array(reloaded))
        #expect(try afterRestart.command("ACL", "LOG") == .array([]))
    }

    /// The same ACL commands to redis-sentinel 7.0.15 and swift-sentinel: identical replies.
    @Test(.enabled(if: redisSentinelInstalled)) func repliesMatchRedisSentinel() async throws {
        let primary = try await RedisServer.start()
        let lines = ["sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"]
        let real = try await SentinelProcess.start(.redisSentinel, lines: lines)
        let ours = try await SentinelProcess.start(.swiftSentinel, lines: lines)
        defer {
            real.stop()
            ours.stop()
            _ = primary.stop()
        }
        let commands: [[String]] = [
            ["ACL", "SETUSER", "a", "on", ">secret", "allchannels", "+@all"],
            ["ACL", "SETUSER", "b", "+@all", "-@dangerous", "~k*", "%R~r", "&ch"],
            ["ACL", "SETUSER", "c", "-@all", "+@admin", "-sentinel|debug", "(+ping ~x)", "(-@all +info)"],
            ["ACL", "SETUSER", "d", "reset", "nopass", "+acl", "-acl|log"],
            ["ACL", "SETUSER", "e", "~*", "~x"], ["ACL", "SETUSER", "e", "#abc"],
            ["ACL", "SETUSER", "e", "+client|foo"],
            ["ACL", "SETUSER", "e", "+sentinel|masters|x"], ["ACL", "SETUSER", "e", "(+ping"],
            ["ACL", "SETUSER", "e", "bogus"], ["ACL", "SETUSER", "e f", "on"],
            ["ACL", "LIST"], ["ACL", "USERS"], ["ACL", "GETUSER", "b"], ["ACL", "GETUSER", "c"],
            ["ACL", "GETUSER", "nobody"], ["ACL", "WHOAMI"], ["ACL", "CAT"], ["ACL", "CAT", "nocat"],
            ["ACL", "DRYRUN", "c", "info"], ["ACL", "DRYRUN", "c", "client", "kill", "x"],
            ["ACL", "DRYRUN", "b", "publish", "x", "y"],
            ["ACL", "DRYRUN", "b", "publish", "ch", "y"], ["ACL", "DRYRUN", "zz", "ping"],
            ["ACL", "DRYRUN", "a", "nocmd"],
            ["ACL", "GENPASS", "0"], ["ACL", "LOG", "x"], ["ACL", "LOAD"], ["ACL", "SAVE"], ["ACL", "HELP"],
            ["ACL", "DELUSER", "default"], ["ACL", "DELUSER", "d", "zz"], ["ACL", "CAT", "a", "b"],
            ["AUTH", "x"], ["AUTH", "a", "wrong"], ["AUTH", "a", "b", "c"], ["ACL", "LOG", "RESET"],
            ["AUTH", "a", "secret"],
            ["ACL", "WHOAMI"],
        ]
        let realClient = try real.client()
        let ourClient = try ours.client()
        for command in commands {
            let expected = try realClient.command(command)
            #expect(try ourClient.command(command) == expected, "\(command)")
        }
        #expect(try ourClient.command("ACL", "CAT", "slow").elements?.count == 67)
        #expect(try ourClient.command("ACL", "GENPASS").text?.count == 64)
    }

    /// `aclfile`: ACL SAVE writes the same file and ACL LOAD gives the same replies (errors
    /// included) as redis-sentinel 7.0.15.
    @Test(.enabled(if: redisSentinelInstalled)) func aclFileLoadAndSaveMatchRedisSentinel() async throws {
        let primary = try await RedisServer.start()
        let directory = try TestDirectory.make("aclfile")
        let initial = "user default on nopass ~* &* +@all\nuser x on >secret +@all\n"
        var pairs: [(SentinelProcess, String)] = []
        for kind in [SentinelProcess.Kind.redisSentinel, .swiftSentinel] {
            let file = "\(directory)/\(kind == .redisSentinel ? "real" : "ours").acl"
            try initial.write(toFile: file, atomically: true, encoding: .utf8)
            let lines = ["aclfile \(file)", "sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"]
            pairs.append((try await SentinelProcess.start(kind, lines: lines), file))
        }
        defer {
            for (sentinel, _) in pairs { sentinel.stop() }
            _ = primary.stop()
        }
        var replies: [[RESPValue]] = []
        var saved: [String] = []
        for (sentinel, file) in pairs {
            let client = try sentinel.client()
            var these: [RESPValue] = []
            these.append(try client.command("ACL", "SETUSER", "y", "on", "nopass", "+ping"))
            these.append(try client.command("ACL", "SAVE"))
            saved.append(try String(contentsOfFile: file, encoding: .utf8))
            try "bad line\nuser z +nocmd\nuser z on\n".write(toFile: file, atomically: true, encoding: .utf8)
            these.append(try client.command("ACL", "LOAD"))
            try "user q on nopass\n".write(toFile: file, atomically: true, encoding: .utf8)
            these.append(try client.command("ACL", "LOAD"))
            these.append(try client.command("ACL", "LIST"))
            try FileManager.default.removeItem(atPath: file)
            these.append(try client.command("ACL", "LOAD"))
            replies.append(
                these.map { value in
                    guard case .error(let text) = value else { return value }
                    return .error(text.replacingOccurrences(of: file, with: "<file>"))
                })
        }
        #expect(saved[0] == saved[1])
        #expect(saved[1].contains("user y on nopass resetchannels -@all +ping\n"))
        #expect(replies[0] == replies[1])
        #expect(replies[1][2].isError && replies[1][3] == .ok)
    }

    /// Scenario K's CKQUORUM part: with `default` off (and the peers' connections dropped, here
    /// by a restart) the sentinels cannot authenticate to each other, so CKQUORUM fails until
    /// `sentinel-user` / `sentinel-pass` are set.
    @Test func ckquorumNeedsSentinelUserWhenDefaultIsOff() async throws {
        let primary = try await RedisServer.start()
        var sentinels: [SentinelProcess] = []
        defer {
            for sentinel in sentinels { sentinel.stop() }
            _ = primary.stop()
        }
        for _ in 0..<3 {
            sentinels.append(
                try await SentinelProcess.start(lines: [
                    "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
                    "sentinel down-after-milliseconds mymaster 1000",
                ]))
        }
        for sentinel in sentinels {
            let client = try sentinel.client()
            try await eventually(timeout: .seconds(15), "peers discovered") {
                try client.command("SENTINEL", "sentinels", "mymaster").elements?.count == 2
            }
        }
        for sentinel in sentinels {
            let client = try sentinel.client()
            #expect(
                try client.command("ACL", "SETUSER", "sentinel-user", "ON", ">secret", "allchannels", "+@all") == .ok)
            #expect(try client.command("ACL", "SETUSER", "default", "off") == .ok)
            #expect(try client.command("SENTINEL", "FLUSHCONFIG") == .ok)
        }
        for sentinel in sentinels { try await sentinel.restart() }
        let clients = try sentinels.map { sentinel in
            let client = try sentinel.client()
            #expect(try client.command("AUTH", "sentinel-user", "secret") == .ok)
            return client
        }
        try await eventually(timeout: .seconds(15), "peers refused") {
            try clients[0].command("SENTINEL", "CKQUORUM", "mymaster")
                == .error(
                    "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this "
                        + "master. Not enough available Sentinels to reach the majority and authorize a failover")
        }
        for client in clients {
            #expect(try client.command("SENTINEL", "CONFIG", "SET", "sentinel-user", "sentinel-user") == .ok)
            #expect(try client.command("SENTINEL", "CONFIG", "SET", "sentinel-pass", "secret") == .ok)
        }
        try await eventually(timeout: .seconds(20), "peers authenticated") {
            try clients[0].command("SENTINEL", "CKQUORUM", "mymaster")
                == .simpleString("OK 3 usable Sentinels. Quorum and failover authorization can be reached")
        }
        for client in clients {
            #expect(try client.command("SENTINEL", "CONFIG", "SET", "sentinel-user", "") == .ok)
            #expect(try client.command("SENTINEL", "CONFIG", "SET", "sentinel-pass", "") == .ok)
        }
    }
}
