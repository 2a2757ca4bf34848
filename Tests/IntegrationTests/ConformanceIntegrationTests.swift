import Foundation
import Testing

/// Side by side with the real redis-sentinel 7.0.15 (the oracle): the same commands on both,
/// replies compared node by node (RESP2, then RESP3 after `HELLO 3`) after normalising what
/// legitimately differs (ports, run ids, ms-since fields, hash order); SPEC §13, §15.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(3)), .serialized)
struct ConformanceIntegrationTests {
    @Test(arguments: [2, 3])
    func sentinelSubcommands(protocolVersion: Int) async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        if protocolVersion == 3 { try sides.compare(["HELLO", "3"]) }
        try sides.compare(["SENTINEL", "MASTERS"], adjust: { $0.sortedByName() })
        try sides.compare(["sentinel", "masters", "x"])
        for args in ConformanceScripts.readOnly(primaryPort: pair.primary.port) { try sides.compare(args) }
        try sides.compare(["SENTINEL", "INFO-CACHE", "mymaster"], adjust: maskInfoCache)
        try sides.compare(["SENTINEL", "INFO-CACHE", "mymaster", "nosuch", "mymaster"], adjust: maskInfoCache)
        for args in ConformanceScripts.debug { try sides.compare(args) }
        for args in ConformanceScripts.mutating(primaryPort: pair.primary.port, dead: pair.deadPort) {
            try sides.compare(args)
        }
        for args in ConformanceScripts.parsing { try sides.compare(args) }
        try sides.compare(["SENTINEL", "MASTERS"], adjust: { $0.sortedByName() })
        for (swiftArgs, redisArgs) in ConformanceScripts.valkeyAliases(primaryPort: pair.primary.port) {
            try sides.compare(redisArgs, swiftArgs: swiftArgs)
        }
        // Valkey names its own subcommand in arity errors (there is no 7.0 reply to compare with).
        #expect(
            try sides.swift.command("SENTINEL", "PRIMARY")
                == .error("ERR wrong number of arguments for 'sentinel|primary' command"))
        // PRIMARIES: one master, so no ordering question.
        try sides.compare(["SENTINEL", "MASTERS"], swiftArgs: ["SENTINEL", "PRIMARIES"])
        sides.expectNoMismatches("SENTINEL subcommands, RESP\(protocolVersion)")
    }

    /// SENTINEL CONFIG on two sentinels that do not watch each other: `CONFIG SET announce-ip ""`
    /// makes redis-sentinel 7.0 announce an empty address, and peers then drop it (they cannot
    /// make an address of it, swift-sentinel included). swift-sentinel itself treats `""` as
    /// unset, as the config file does, and keeps announcing its socket address
    /// (`emptyAnnounceIPStillAnnouncesTheSocketAddress`).
    @Test(arguments: [2, 3])
    func sentinelConfig(protocolVersion: Int) async throws {
        let pair = try await ConformancePair.start(shared: false)
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        if protocolVersion == 3 { try sides.compare(["HELLO", "3"]) }
        for args in ConformanceScripts.config { try sides.compare(args) }
        sides.expectNoMismatches("SENTINEL CONFIG, RESP\(protocolVersion)")
    }

    @Test func emptyAnnounceIPStillAnnouncesTheSocketAddress() async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        let swift = try RawRESPClient(port: pair.swift.port)
        #expect(try swift.command("SENTINEL", "CONFIG", "SET", "announce-ip", "") == .simple("OK"))
        #expect(
            try swift.command("SENTINEL", "CONFIG", "GET", "announce-ip").children == [.bulk("announce-ip"), .bulk("")])
        // Well after a few hellos (publish-period 200 ms), redis-sentinel still lists swift at its address.
        try await Task.sleep(for: .seconds(1))
        let peers = try RawRESPClient(port: pair.redis.port).command("SENTINEL", "SENTINELS", "mymaster").children ?? []
        #expect(
            peers.count == 1 && peers.first?.fields["ip"] == "127.0.0.1" && peers.first?.fields["flags"] == "sentinel")
    }

    @Test(arguments: [2, 3])
    func connectionCommands(protocolVersion: Int) async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        if protocolVersion == 3 { try sides.compare(["HELLO", "3"]) }
        for args in ConformanceScripts.connection { try sides.compare(args) }
        if protocolVersion == 3 { try sides.compare(["HELLO", "3"]) }
        // Inline commands (SPEC §13.1), including the stray newline after an inline PING.
        try sides.compareRaw("PING\r\n")
        try sides.compareRaw("PING\r\n\nPING x\r\n", replies: 2)
        try sides.compareRaw("ping \"a b\" \r\n")
        try sides.compareRaw("SENTINEL get-master-addr-by-name mymaster\n")
        try sides.compareRaw("\r\n\r\nROLE\r\n")
        // Pub/sub replies: several replies per command, and what is allowed while subscribed.
        try sides.compareRaw(resp(["SUBSCRIBE", "foo", "bar"]), replies: 2)
        try sides.compareRaw(resp(["PSUBSCRIBE", "x*"]))
        try sides.compare(["PING"])
        try sides.compare(["PING", "hi"])
        try sides.compare(["SENTINEL", "MASTERS"])
        try sides.compare(["ROLE"])
        try sides.compareRaw(resp(["UNSUBSCRIBE", "foo"]))
        try sides.compareRaw(resp(["UNSUBSCRIBE"]))
        try sides.compareRaw(resp(["PUNSUBSCRIBE"]))
        try sides.compareRaw(resp(["UNSUBSCRIBE"]))
        try sides.compareRaw(resp(["PUNSUBSCRIBE", "nosuch"]))
        try sides.compare(["PING"])
        sides.expectNoMismatches("connection commands, RESP\(protocolVersion)")
    }

    /// Bad protocol input closes the connection after one error; QUIT closes it after its reply.
    @Test func protocolErrorsAndQuit() async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        let broken = [
            "PING \"a\r\n", "*1\r\n$x\r\n", "*x\r\n", "*1\r\n+PING\r\n", "$5\r\n", "*1\r\n$-1\r\n",
            "*1\r\n$600000000\r\n", "PING 'a\r\n", "PING \"a\"b\r\n",
        ]
        for bytes in broken {
            var fresh = try SideBySide(pair)
            if bytes == "$5\r\n" {
                // A bulk header outside a multibulk is an inline command named "$5".
                try fresh.compareRaw(bytes)
            } else {
                try fresh.compareRaw(bytes)
                let closed = (
                    fresh.redis.isClosedByPeer(within: .seconds(1)), fresh.swift.isClosedByPeer(within: .seconds(1))
                )
                fresh.record(
                    ["closed after \(bytes.debugDescription)"], swiftArgs: nil, .boolean(closed.0), .boolean(closed.1))
            }
            sides.mismatches += fresh.mismatches
            sides.compared += fresh.compared
        }
        // Input that is not an error: empty multibulks, LF-only and padded inline commands.
        try sides.compareRaw("*0\r\n*-1\r\nPING\r\n")
        try sides.compareRaw("PING\nPING a\n  PING   b  \r\n", replies: 3)
        try sides.compareRaw("PING \"\\x41\\n\" 'c d'\r\n")
        try sides.compare(["QUIT"])
        let closed = (sides.redis.isClosedByPeer(within: .seconds(1)), sides.swift.isClosedByPeer(within: .seconds(1)))
        sides.record(["closed after QUIT"], swiftArgs: nil, .boolean(closed.0), .boolean(closed.1))
        sides.expectNoMismatches("protocol errors and QUIT")
    }

    /// Redis 7.0 accepts multibulk counts up to INT_MAX (it grows argv as elements arrive) and
    /// waits for the elements; so does swift-sentinel (its framer hands hiredis only complete
    /// requests).
    @Test func multibulkCountAboveOneMillionWaitsForElements() async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        try sides.redis.sendRaw("*2000000\r\n")
        try sides.swift.sendRaw("*2000000\r\n")
        let quiet = (!sides.redis.waitReadable(.milliseconds(500)), !sides.swift.waitReadable(.milliseconds(500)))
        sides.record(
            ["no reply to *2000000 (still waiting for elements)"], swiftArgs: nil, .boolean(quiet.0), .boolean(quiet.1))
        sides.expectNoMismatches("multibulk count above 1048576")
    }

    /// ACL, CLIENT, COMMAND, INFO, compared exactly like the rest.
    @Test(arguments: ["ACL", "CLIENT", "COMMAND", "INFO"])
    func connectionFamilies(family: String) async throws {
        let pair = try await ConformancePair.start()
        defer { pair.stop() }
        var sides = try SideBySide(pair)
        for version in [2, 3] {
            if version == 3 { try sides.compare(["HELLO", "3"]) }
            switch family {
            case "INFO":
                for section in [
                    [], ["sentinel"], ["server"], ["all"], ["everything"], ["clients", "stats"], ["nosuch"],
                ] {
                    try sides.compare(["INFO"] + section, adjust: infoShape)
                }
                try sides.compare(["INFO", "sentinel"])
            case "COMMAND":
                try sides.compare(["COMMAND", "LIST"], adjust: { $0.sortedElements() })
                try sides.compare(["COMMAND"], adjust: { $0.subcommandsUnordered().sortedElements() })
                try sides.compare(["COMMAND", "DOCS", "sentinel"], adjust: { $0.subcommandsUnordered().sortedPairs() })
                try sides.compare(["COMMAND", "INFO", "sentinel", "client"], adjust: { $0.subcommandsUnordered() })
            case "ACL":
                // ACL CAT lists a category's commands in command-table hash order.
                try sides.compare(["ACL", "CAT", "dangerous"], adjust: { $0.sortedElements() })
            default:
                break
            }
            if family != "INFO" {
                for args in ConformanceScripts.connectionFamilies[family] ?? [] { try sides.compare(args) }
            }
            if family == "CLIENT" {
                try sides.compare(
                    ["CLIENT", "ID"], adjust: { if case .integer = $0 { return .integer(0) } else { return $0 } })
                try sides.compare(["CLIENT", "INFO"], adjust: clientLineShape)
            }
        }
        sides.expectNoMismatches(family)
    }
}

/// A command as RESP bytes, for `compareRaw`.
func resp(_ args: [String]) -> String {
    "*\(args.count)\r\n" + args.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
}

/// INFO-CACHE: ages (ms) masked, and each cached INFO text (the server's own INFO, with uptimes
/// and offsets) reduced to its section headers.
func maskInfoCache(_ node: RESPNode) -> RESPNode {
    func mask(_ node: RESPNode) -> RESPNode {
        switch node {
        case .integer: return .integer(Int64.min)
        case .bulk(let text), .verbatim(_, let text):
            let headers = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("#") }.joined(separator: "|")
            return rewrap(node, headers)
        case .array(let a): return .array(a.map(mask))
        default: return node
        }
    }
    func rewrap(_ node: RESPNode, _ text: String) -> RESPNode {
        if case .verbatim(let format, _) = node { return .verbatim(format: format, text: text) }
        return .bulk(text)
    }
    guard case .array(let top) = node else { return node }
    return .array(top.map { if case .array = $0 { return mask($0) } else { return $0 } })
}

/// INFO: the section headers and field names in order (values are the process's own).
/// The `# Sentinel` section is compared whole in a separate command.
func infoShape(_ node: RESPNode) -> RESPNode {
    func shape(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { return String(line) }
            return String(line[..<colon]) + ":"
        }.joined(separator: "\r\n")
    }
    switch node {
    case .bulk(let text): return .bulk(shape(text))
    case .verbatim(let format, let text): return .verbatim(format: format, text: shape(text))
    default: return node
    }
}

/// CLIENT INFO: the field names in order.
func clientLineShape(_ node: RESPNode) -> RESPNode {
    func shape(_ text: String) -> String {
        text.split(separator: " ").map { $0.split(separator: "=").first.map(String.init) ?? "" }.joined(separator: " ")
    }
    switch node {
    case .bulk(let text): return .bulk(shape(text))
    case .verbatim(let format, let text): return .verbatim(format: format, text: shape(text))
    default: return node
    }
}
