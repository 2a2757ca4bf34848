import Testing

@testable import SentinelCore

/// COMMAND replies, CLIENT KILL parsing, CLIENT TRACKING state and CLIENT LIST lines, checked
/// against what redis-sentinel 7.0.15 answers.
@Suite struct QueryIntrospectionTests {
    let table = CommandTable.sentinel

    @Test func commandCountListAndFilters() {
        #expect(self.table.commandReply(["COMMAND", "COUNT"]) == .integer(15))
        #expect(self.table.commandReply(["command", "list"]).elements?.count == 72)
        #expect(self.table.commandReply(["COMMAND"]).elements?.count == 15)
        // 27 entries carry @connection in 7.0.15 (counted on redis-sentinel).
        #expect(self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "ACLCAT", "Connection"]).elements?.count == 27)
        #expect(self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "aclcat", "nope"]) == .array([]))
        #expect(self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "module", "x"]) == .array([]))
        let pattern = self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "PATTERN", "*ROLE*"])
        #expect(pattern == .array([.bulkString("role")]))
        #expect(self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "aclcat"]) == .error("ERR syntax error"))
        #expect(self.table.commandReply(["COMMAND", "LIST", "FILTERBY", "x", "y"]) == .error("ERR syntax error"))
    }

    @Test func commandInfoAndDocsLookUpSubcommandsByBarName() throws {
        let reply = self.table.commandReply(["COMMAND", "INFO", "foo", "CLIENT|KILL", "ping|x", "acl|", "a|b|c"])
        let entries = try #require(reply.elements)
        #expect(entries.count == 5)
        #expect(entries[0] == .null && entries[2] == .null && entries[3] == .null && entries[4] == .null)
        #expect(entries[1].elements?.first == .bulkString("client|kill"))
        guard case .map(let docs) = self.table.commandReply(["COMMAND", "DOCS", "nosuch", "ping", "client|list"]) else {
            Issue.record("DOCS is not a map")
            return
        }
        #expect(docs.map(\.0) == [.bulkString("ping"), .bulkString("client|list")])
    }

    @Test func getKeysErrorsFollowRedisOrder() {
        #expect(
            self.table.commandReply(["COMMAND", "GETKEYS", "client", "foo"]) == .error("ERR Invalid command specified"))
        #expect(
            self.table.commandReply(["COMMAND", "GETKEYS", "nosuch", "x"]) == .error("ERR Invalid command specified"))
        #expect(
            self.table.commandReply(["COMMAND", "GETKEYSANDFLAGS", "ping", "a", "b", "c"])
                == .error("ERR The command has no key arguments"))
        #expect(self.table.allSpecs.allSatisfy { !$0.hasKeys })
        #expect(self.table.commandReply(["COMMAND", "HELP"]).elements?.count == 21)
    }

    @Test func renameCommandMovesTheNameNotTheCommand() {
        let renamed = self.table.renamed(by: [
            (name: "rename-command", args: ["ROLE", "myrole"]), (name: "rename-command", args: ["client", ""]),
        ])
        #expect(renamed.command("role") == nil && renamed.command("CLIENT") == nil)
        #expect(renamed.command("MyRole")?.fullName == "role")
        #expect(renamed.commandReply(["COMMAND", "COUNT"]) == .integer(14))
        #expect(renamed.commandReply(["COMMAND", "LIST"]).elements?.count == 55)
        #expect(renamed.commandReply(["COMMAND", "INFO", "role"]) == .array([.null]))
        if case .unknownCommand(let message) = renamed.lookup(["client", "list"]) {
            #expect(message == "ERR unknown command 'client', with args beginning with: 'list' ")
        } else {
            Issue.record("renamed-away CLIENT still found")
        }
        var same = self.table
        let sameName = same.rename("ping", to: "PING")
        let taken = same.rename("ping", to: "role")
        #expect(sameName && !taken)
    }

    @Test func clientKillParsing() throws {
        let none: (String) -> Bool = { $0 == "default" }
        let old = try ClientKillFilter.parse(["client", "kill", "1.2.3.4:5"], userExists: none).get()
        #expect(old.oldStyle && !old.skipMe && old.addr == "1.2.3.4:5")
        func error(_ args: [String]) -> String? {
            if case .failure(let e) = ClientKillFilter.parse(["client", "kill"] + args, userExists: none) {
                return e.message
            }
            return nil
        }
        #expect(error(["id", "x"]) == "ERR client-id should be greater than 0")
        #expect(error(["id", "0"]) == "ERR client-id should be greater than 0")
        #expect(error(["type", "foo"]) == "ERR Unknown client type 'foo'")
        #expect(error(["user", "bob"]) == "ERR No such user 'bob'")
        #expect(error(["skipme", "maybe"]) == "ERR syntax error")
        #expect(error(["id", "1", "skipme"]) == "ERR syntax error")
        #expect(error(["maxage", "1"]) == "ERR syntax error")
        let filter = try ClientKillFilter.parse(["client", "kill", "TYPE", "pubsub", "SKIPME", "no"], userExists: none)
            .get()
        var info = ClientInfo(id: 3, addr: "127.0.0.1:1", laddr: "127.0.0.1:2", fd: 0)
        #expect(!filter.matches(info, isCaller: true))
        info.pubsub = true
        #expect(filter.matches(info, isCaller: true))
    }

    @Test func trackingStateAndInfo() {
        var tracking = ClientTracking()
        func run(_ options: String...) -> RESPValue {
            tracking.command(["client", "tracking"] + options, clientExists: { $0 == 7 })
        }
        func caching(_ option: String) -> RESPValue { tracking.cachingCommand(option) }
        #expect(run("on", "prefix", "a") == .error("ERR PREFIX option requires BCAST mode to be enabled"))
        #expect(run("on", "redirect", "8") == .error("ERR The client ID you want redirect to does not exist"))
        #expect(
            run("on", "bcast", "prefix", "a", "prefix", "ab")
                == .error(
                    "ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap."
                ))
        #expect(caching("yes").text?.hasPrefix("ERR CLIENT CACHING can be called only") == true)
        #expect(run("on", "optin", "redirect", "7") == .ok)
        #expect(caching("no") == .error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."))
        #expect(caching("yes") == .ok)
        #expect(
            tracking.info
                == .fields([
                    ("flags", .set([.bulkString("on"), .bulkString("optin"), .bulkString("caching-yes")])),
                    ("redirect", .integer(7)), ("prefixes", .array([])),
                ]))
        #expect(run("off") == .ok)
        #expect(tracking.redirectReply == -1)
    }

    @Test func clientLineHasRedis70FieldsAndFlags() {
        var info = ClientInfo(id: 5, addr: "127.0.0.1:40000", laddr: "127.0.0.1:26379", fd: 9)
        info.lastCommand = "client|list"
        let line = info.line
        let keys = line.split(separator: " ").map { String($0.prefix { $0 != "=" }) }
        #expect(
            keys == [
                "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi",
                "qbuf",
                "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd",
                "user",
                "redir", "resp",
            ])
        #expect(line.contains(" flags=N ") && line.contains(" cmd=client|list "))
        info.pubsub = true
        info.noEvict = true
        #expect(info.flags == "Pe")
        #expect(ClientName.isValid("me-1") && !ClientName.isValid("a b") && !ClientName.isValid("caf\u{e9}"))
    }
}
