import Testing

@testable import SentinelCore

@Suite struct CommandTableTests {
    let table = CommandTable.sentinel

    @Test func countsMatchRedis70SentinelMode() {
        // SPEC §13.2: COMMAND COUNT 15; COMMAND LIST 72 = 15 commands + 13 ACL + 16 CLIENT + 7 COMMAND + 21 SENTINEL.
        #expect(self.table.commands.count == 15)
        #expect(self.table.allSpecs.count == 72)
        #expect(self.table.command("acl")?.subcommands.count == 13)
        #expect(self.table.command("CLIENT")?.subcommands.count == 16)
        #expect(self.table.command("command")?.subcommands.count == 7)
        #expect(self.table.command("sentinel")?.subcommands.count == 21)
        #expect(self.table.command("config") == nil)
        #expect(self.table.command("client")?.subcommand("no-touch") == nil)
    }

    @Test func specsCarryArityFlagsAndCategories() throws {
        let kill = try #require(self.table.command(fullName: "client|kill"))
        #expect(kill.arity == -3)
        #expect(kill.flags == ["admin", "noscript", "loading", "stale"])
        #expect(kill.categories == ["admin", "slow", "dangerous", "connection"])
        let ping = try #require(self.table.command("ping"))
        #expect(ping.arity == -1 && ping.categories == ["fast", "connection"])
        #expect(self.table.command(fullName: "sentinel|set")?.arity == -5)
        guard case .map(let docs) = ping.docs else {
            Issue.record("ping docs is not a map")
            return
        }
        #expect(docs.first?.1 == .bulkString("Ping the server"))
    }

    @Test func lookupFollowsProcessCommand() {
        func message(_ args: [String]) -> String? {
            switch self.table.lookup(args) {
            case .found: return nil
            case .unknownCommand(let m), .unknownSubcommand(let m), .wrongArity(let m): return m
            }
        }
        #expect(message(["PING"]) == nil)
        #expect(message(["sentinel", "MASTERS"]) == nil)
        #expect(
            message(["config", "get", "x"]) == "ERR unknown command 'config', with args beginning with: 'get' 'x' ")
        #expect(message(["quit"]) == "ERR unknown command 'quit', with args beginning with: ")
        #expect(message(["sentinel", "foo"]) == "ERR unknown subcommand 'foo'. Try SENTINEL HELP.")
        #expect(message(["client", "no-touch", "on"]) == "ERR unknown subcommand 'no-touch'. Try CLIENT HELP.")
        #expect(message(["sentinel"]) == "ERR wrong number of arguments for 'sentinel' command")
        #expect(
            message(["sentinel", "set", "m", "quorum"]) == "ERR wrong number of arguments for 'sentinel|set' command")
        #expect(message(["client", "id", "x"]) == "ERR wrong number of arguments for 'client|id' command")
        #expect(message(["role", "x"]) == "ERR wrong number of arguments for 'role' command")
    }

    @Test func unknownCommandQuotesArgumentsUpTo128Characters() {
        let long = String(repeating: "a", count: 200)
        let text = ReplyError.unknownCommand(["nope", long, "b"]).message
        #expect(
            text == "ERR unknown command 'nope', with args beginning with: '\(String(repeating: "a", count: 128))' ")
        let short = ReplyError.unknownCommand(["nope", String(repeating: "x", count: 120), "yyyyyyyyyyyy"]).message
        #expect(short.hasSuffix("'\(String(repeating: "x", count: 120))' 'yyyyy' "))
    }
}
