import Foundation
import SentinelCore
import Testing

/// COMMAND / CLIENT / INFO / SHUTDOWN on swift-sentinel and on a real redis-sentinel 7.0.15
/// watching the same redis-server: the replies must be the same once per-process values (ids,
/// ports, ages, memory sizes, run ids, clocks) are normalised.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct QueryCommandsIntegrationTests {
    struct Pair {
        let primary: RedisServer
        let swift: SentinelProcess
        let redis: SentinelProcess

        static func start(extra: [String] = []) async throws -> Pair {
            let primary = try await RedisServer.start()
            let lines = extra + ["sentinel monitor m 127.0.0.1 \(primary.port) 1"]
            return Pair(
                primary: primary, swift: try await SentinelProcess.start(.swiftSentinel, lines: lines),
                redis: try await SentinelProcess.start(.redisSentinel, lines: lines))
        }

        func stop() {
            self.swift.stop()
            self.redis.stop()
            _ = self.primary.stop()
        }

        /// Runs the same commands on one fresh connection to each and compares every reply.
        func compare(_ commands: [[String]], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (a, b) = (try self.swift.client(), try self.redis.client())
            defer {
                a.close()
                b.close()
            }
            for command in commands {
                let ours = normalise(try a.command(command), port: self.swift.port)
                let theirs = normalise(try b.command(command), port: self.redis.port)
                #expect(ours == theirs, "\(command)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func commandIntrospectionMatches() async throws {
        let pair = try await Pair.start()
        defer { pair.stop() }
        try pair.compare([
            ["COMMAND", "COUNT"], ["COMMAND", "HELP"],
            ["command", "info", "foo", "client|kill", "PING", "ping|x", "acl|"],
            ["COMMAND", "DOCS", "ping", "client|list", "nosuch"], ["COMMAND", "GETKEYS", "client", "foo"],
            ["COMMAND", "GETKEYS", "sentinel", "masters"], ["COMMAND", "GETKEYSANDFLAGS", "ping", "x"],
            ["COMMAND", "GETKEYS", "ping"], ["COMMAND", "LIST", "FILTERBY", "aclcat"], ["COMMAND", "LIST", "x"],
            ["COMMAND", "LIST", "FILTERBY", "module", "m"], ["COMMAND", "LIST", "FILTERBY", "aclcat", "nope"],
            ["COMMAND", "nope"],
        ])
        // Hash order differs per process: compare the no-argument forms as sets. (hiredis 0.14
        // cannot read SENTINEL's DOCS entry: it nests deeper than 7 levels.)
        let (a, b) = (try pair.swift.client(), try pair.redis.client())
        for command in [
            ["COMMAND", "LIST"], ["COMMAND"], ["COMMAND", "INFO"], ["COMMAND", "LIST", "FILTERBY", "pattern", "C*"],
            ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "Connection"],
        ] {
            let ours = (try a.command(command).elements ?? []).map(canonicalEntry)
            let theirs = (try b.command(command).elements ?? []).map(canonicalEntry)
            #expect(ours.count == theirs.count && ours.allSatisfy(theirs.contains), "\(command)")
        }
        #expect(try a.command("COMMAND", "LIST").elements?.count == 72)
    }

    @Test func clientSubcommandsMatch() async throws {
        let pair = try await Pair.start()
        defer { pair.stop() }
        try pair.compare([
            ["CLIENT", "HELP"], ["CLIENT", "SETNAME", "a b"], ["CLIENT", "SETNAME", "caf\u{e9}"],
            ["CLIENT", "GETNAME"],
            ["CLIENT", "SETNAME", "me"], ["CLIENT", "GETNAME"], ["CLIENT", "INFO"], ["CLIENT", "LIST"],
            ["CLIENT", "LIST", "TYPE", "pubsub"], ["CLIENT", "LIST", "TYPE", "x"], ["CLIENT", "LIST", "ID", "x"],
            ["CLIENT", "LIST", "ID", "99999"], ["CLIENT", "LIST", "foo"], ["CLIENT", "KILL", "1.2.3.4:5"],
            ["CLIENT", "KILL", "ID", "0"], ["CLIENT", "KILL", "TYPE", "master"], ["CLIENT", "KILL", "USER", "nouser"],
            ["CLIENT", "KILL", "SKIPME", "maybe"], ["CLIENT", "KILL", "ID", "1", "SKIPME"],
            ["CLIENT", "KILL", "a", "b"],
            ["CLIENT", "PAUSE", "x"], ["CLIENT", "PAUSE", "-1"], ["CLIENT", "PAUSE", "10", "foo"],
            ["CLIENT", "PAUSE", "1", "all", "x"], ["CLIENT", "UNPAUSE"], ["CLIENT", "REPLY", "foo"],
            ["CLIENT", "CACHING", "yes"], ["CLIENT", "GETREDIR"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "on", "prefix", "a"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "ab"],
            ["CLIENT", "TRACKING", "on", "optin"], ["CLIENT", "CACHING", "no"], ["CLIENT", "CACHING", "yes"],
            ["CLIENT", "TRACKINGINFO"], ["CLIENT", "INFO"], ["CLIENT", "TRACKINGINFO"], ["PING"],
            ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "on", "bcast"], ["CLIENT", "TRACKING", "off"], ["CLIENT", "UNBLOCK", "1"],
            ["CLIENT", "UNBLOCK", "x"], ["CLIENT", "UNBLOCK", "1", "foo"], ["CLIENT", "UNBLOCK", "1", "2", "3"],
            ["CLIENT", "NO-EVICT", "on"], ["CLIENT", "INFO"], ["CLIENT", "NO-EVICT", "x"], ["CLIENT", "foo"],
            ["CLIENT", "ID", "x"], ["SUBSCRIBE", "c"], ["UNSUBSCRIBE"], ["CLIENT", "INFO"], ["nosuch"],
            ["SHUTDOWN", "ABORT"], ["SHUTDOWN", "foo"], ["SHUTDOWN", "save", "nosave"], ["SHUTDOWN", "now", "abort"],
        ])
    }

    @Test func killingItselfAnswersThenCloses() async throws {
        let pair = try await Pair.start()
        defer { pair.stop() }
        for sentinel in [pair.swift, pair.redis] {
            let client = try sentinel.client()
            let id = try client.command("CLIENT", "ID")
            guard case .integer(let number) = id else {
                Issue.record("CLIENT ID: \(id)")
                continue
            }
            #expect(try client.command("CLIENT", "KILL", "ID", "\(number)") == .integer(0), "\(sentinel.kind)")
            #expect(try client.command("CLIENT", "KILL", "ID", "\(number)", "SKIPME", "no") == .integer(1))
            #expect(throws: (any Error).self, "\(sentinel.kind)") { try client.command("PING") }
        }
    }

    @Test func infoSectionsMatch() async throws {
        let pair = try await Pair.start()
        defer { pair.stop() }
        let (a, b) = (try pair.swift.client(), try pair.redis.client())
        for sections in [
            [], ["everything"], ["SERVER", "cpu"], ["memory"], ["foo", "sentinel"], ["default"], ["Stats"],
        ] {
            let ours = try a.command(["INFO"] + sections).text ?? ""
            let theirs = try b.command(["INFO"] + sections).text ?? ""
            #expect(infoShape(ours) == infoShape(theirs), "INFO \(sections)")
        }
    }

    /// Protected mode needs a peer that is not loopback: a connection to this machine's own
    /// non-loopback address (it never leaves the host) has that address as its peer.
    @Test(.enabled(if: nonLoopbackAddress() != nil)) func protectedModeDeniesNonLoopbackPeers() async throws {
        let address = try #require(nonLoopbackAddress())
        let pair = try await Pair.start(extra: ["bind \(address) 127.0.0.1", "protected-mode yes"])
        defer { pair.stop() }
        var replies: [String] = []
        for sentinel in [pair.swift, pair.redis] {
            // The refusal is already in the socket when the PING goes out, so it reads as the reply.
            let refused = try? RedisClient(host: address, port: sentinel.port).command("PING")
            #expect(refused?.text?.hasPrefix("DENIED Redis is running in protected mode") == true, "\(sentinel.kind)")
            #expect(try sentinel.client().command("PING") == .simpleString("PONG"))
            let stats = parseInfo(try sentinel.client().command("INFO", "stats").text ?? "")
            #expect(stats["rejected_connections"] == "1", "\(sentinel.kind)")
            replies.append(try rawFirstReply(host: address, port: sentinel.port))
        }
        #expect(replies[0] == replies[1])
        #expect(replies[0].hasPrefix("-DENIED Redis is running in protected mode because protected mode is enabled"))
    }

    @Test func renameCommandMatches() async throws {
        let pair = try await Pair.start(extra: ["rename-command ROLE myrole", "rename-command client \"\""])
        defer { pair.stop() }
        try pair.compare([
            ["ROLE"], ["MYROLE"], ["CLIENT", "LIST"], ["COMMAND", "COUNT"],
            ["COMMAND", "INFO", "myrole", "role", "client"],
            ["COMMAND", "LIST", "FILTERBY", "pattern", "*role*"],
        ])
    }
}

/// A COMMAND INFO entry with its subcommands (field 10) sorted by name: Redis lists them in
/// the hash order of each process's subcommand dict.
func canonicalEntry(_ entry: RESPValue) -> RESPValue {
    guard var fields = entry.elements, fields.count == 10, let subs = fields[9].elements else { return entry }
    fields[9] = .array(subs.sorted { ($0.elements?.first?.text ?? "") < ($1.elements?.first?.text ?? "") })
    return .array(fields)
}

/// Field names and separators of an INFO text, with the values of fields whose value is the
/// same in any two sentinels watching one master (the rest vary by process or moment).
func infoShape(_ text: String) -> [String] {
    let stable: Set<String> = [
        "redis_version", "redis_mode", "arch_bits", "multiplexing_api", "configured_hz", "maxclients",
        "sentinel_masters", "sentinel_tilt", "sentinel_running_scripts", "io_threads_active", "cluster_connections",
    ]
    return text.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
        guard let colon = line.firstIndex(of: ":") else { return String(line) }
        let name = String(line[..<colon])
        return stable.contains(name) ? String(line) : name
    }
}

/// Replaces what differs between two processes: numbers in CLIENT LIST lines (ids, ports, fd,
/// ages, buffer and memory sizes) and the sentinel's own port.
func normalise(_ value: RESPValue, port: Int) -> RESPValue {
    switch value {
    case .bulkString(let text) where text.hasPrefix("id="):
        let fixed = text.split(separator: "\n").map { line in
            line.split(separator: " ").map { field -> String in
                guard let eq = field.firstIndex(of: "=") else { return String(field) }
                let key = field[..<eq]
                let numeric = [
                    "id", "fd", "age", "idle", "qbuf", "qbuf-free", "argv-mem", "rbs", "rbp", "obl", "oll",
                    "omem", "tot-mem", "addr", "laddr",
                ]
                return numeric.contains(String(key)) ? "\(key)=#" : String(field)
            }.joined(separator: " ")
        }
        return .bulkString(fixed.joined(separator: "\n"))
    case .array(let elements):
        return .array(elements.map { normalise($0, port: port) })
    default:
        return value
    }
}

/// The first IPv4 address of this machine that is not loopback, if any.
func nonLoopbackAddress() -> String? {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0 else { return nil }
    defer { freeifaddrs(list) }
    var cursor = list
    while let entry = cursor {
        defer { cursor = entry.pointee.ifa_next }
        guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
        var host = [CChar](repeating: 0, count: 64)
        getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, 64, nil, 0, NI_NUMERICHOST)
        let text = String(cString: host)
        if !text.hasPrefix("127.") { return text }
    }
    return nil
}

/// Connects and reads what the server sends before any request (the protected-mode refusal).
func rawFirstReply(host: String, port: Int) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, host, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { return "" }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
