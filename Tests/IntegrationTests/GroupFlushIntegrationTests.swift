import Foundation
import Testing

/// Votes are persisted before their reply (SPEC §7.2), by one config write shared by every vote
/// request read in the same loop turn (`SentinelServer+GroupFlush`), with replies in order.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(2)), .serialized)
struct GroupFlushIntegrationTests {
    static func encode(_ args: [String]) -> String {
        "*\(args.count)\r\n" + args.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    }

    @Test func pipelinedVotesShareOneFlushAndKeepTheirOrder() async throws {
        let primaries = 50
        let ports = try PortAllocator.next(count: primaries)
        var lines: [String] = []
        for (i, port) in ports.enumerated() { lines.append("sentinel monitor m\(i) 127.0.0.1 \(port) 2") }
        let sentinel = try await SentinelProcess.start(lines: lines)
        defer { sentinel.stop() }
        let savesBefore = sentinel.log().components(separatedBy: "new configuration saved on disk").count - 1
        let candidate = String(repeating: "c", count: 40)
        // One write: a vote request per master, each followed by a PING whose reply must come
        // after the vote's.
        var batch = ""
        for port in ports {
            batch += Self.encode(["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", String(port), "7", candidate])
            batch += Self.encode(["PING"])
        }
        let client = try RawRESPClient(port: sentinel.port)
        try client.sendRaw(batch)
        for port in ports {
            let vote = try client.read()
            #expect(vote == .array([.integer(0), .bulk(candidate), .integer(7)]), "vote for \(port): \(vote)")
            #expect(try client.read() == .simple("PONG"))
        }
        // Every vote was on disk before its reply left.
        let config = sentinel.config()
        for i in 0..<primaries { #expect(config.contains("sentinel leader-epoch m\(i) 7"), "m\(i)") }
        let saves = sentinel.log().components(separatedBy: "new configuration saved on disk").count - 1 - savesBefore
        // Redis writes the file once per vote (50 times); the batch may span a few loop turns.
        #expect(saves >= 1 && saves <= 5, "\(saves) config saves for \(primaries) pipelined votes")
    }
}
