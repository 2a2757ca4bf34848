import Testing

@testable import SentinelCore

@Suite struct ACLPermissionTests {
    func user(_ rules: String) -> ACLUser {
        var users = ACLUsers()
        _ = users.setUser("u", rules: rules.split(separator: " ").map(String.init))
        return users["u"]!
    }

    func denial(_ user: ACLUser, _ command: String) -> String? {
        let args = command.split(separator: " ").map(String.init)
        guard case .found(let spec) = CommandTable.sentinel.lookup(args) else { return "lookup failed" }
        return AccessControl.denial(user: user, spec: spec, args: args)?.reply
    }

    @Test func commandsAndSubcommands() {
        let user = self.user("on >pw resetchannels &ch* -@all +ping +subscribe +psubscribe +publish +acl|whoami")
        #expect(self.denial(user, "ping") == nil)
        #expect(self.denial(user, "acl whoami") == nil)
        #expect(self.denial(user, "info") == "NOPERM this user has no permissions to run the 'info' command")
        #expect(
            self.denial(user, "sentinel masters")
                == "NOPERM this user has no permissions to run the 'sentinel|masters' command")
        #expect(self.denial(user, "client id") == "NOPERM this user has no permissions to run the 'client|id' command")
        // AUTH and HELLO are NO_AUTH: never refused.
        #expect(self.denial(user, "auth a b") == nil)
        #expect(self.denial(user, "hello 3") == nil)
    }

    @Test func channels() {
        let user = self.user("resetchannels &ch* -@all +subscribe +psubscribe +publish")
        let channelError = "NOPERM this user has no permissions to access one of the channels used as arguments"
        #expect(self.denial(user, "subscribe ch1 ch2") == nil)
        #expect(self.denial(user, "subscribe chx foo") == channelError)
        #expect(self.denial(user, "psubscribe ch*") == nil)
        #expect(self.denial(user, "psubscribe c*") == channelError)
        #expect(self.denial(user, "publish other x") == channelError)
        #expect(
            self.denial(user, "unsubscribe foo")
                == "NOPERM this user has no permissions to run the 'unsubscribe' command")
        #expect(self.denial(self.user("allchannels +@all"), "publish other x") == nil)
    }

    @Test func firstArgumentsAndSelectors() {
        let user = self.user("-@all +ping|hello")
        #expect(self.denial(user, "ping hello") == nil)
        #expect(self.denial(user, "ping HELLO") == nil)
        #expect(self.denial(user, "ping") == "NOPERM this user has no permissions to run the 'ping' command")
        let selectors = self.user("-@all (+info) (+ping)")
        #expect(self.denial(selectors, "info") == nil)
        #expect(self.denial(selectors, "ping") == nil)
        #expect(self.denial(selectors, "role") == "NOPERM this user has no permissions to run the 'role' command")
    }

    @Test func checkCommandLogsDenials() {
        let h = ACLCommandTests.Harness()
        _ = h.acl.users.setUser("u", rules: ["on", "nopass", "-@all"])
        let args = ["info"]
        guard case .found(let spec) = CommandTable.sentinel.lookup(args) else { return }
        let results = [
            h.acl.checkCommand(user: "default", spec: spec, args: args, clientInfo: { "c" }, now: 0),
            h.acl.checkCommand(user: "u", spec: spec, args: args, clientInfo: { "c1" }, now: 1000),
            h.acl.checkCommand(user: "u", spec: spec, args: args, clientInfo: { "c2" }, now: 3500),
        ]
        #expect(results == [nil, "NOPERM this user has no permissions to run the 'info' command", results[1]])
        let wrong = h.acl.authenticate(user: "u2", password: "x", command: "AUTH", clientInfo: { "c3" }, now: 4000)
        let right = h.acl.authenticate(user: "u", password: "x", command: "auth", clientInfo: { "c3" }, now: 4000)
        #expect(!wrong && right)
        #expect(
            h.acl.log.reply(now: 5000)
                == .array([
                    .fields([
                        ("count", .integer(1)), ("reason", .bulkString("auth")), ("context", .bulkString("toplevel")),
                        ("object", .bulkString("AUTH")), ("username", .bulkString("u2")), ("age-seconds", .double(1)),
                        ("client-info", .bulkString("c3")),
                    ]),
                    .fields([
                        ("count", .integer(2)), ("reason", .bulkString("command")),
                        ("context", .bulkString("toplevel")), ("object", .bulkString("info")),
                        ("username", .bulkString("u")), ("age-seconds", .double(1.5)),
                        ("client-info", .bulkString("c2")),
                    ]),
                ]))
    }

    @Test func logGroupsWithinAMinuteAndTrims() {
        var log = ACLLog(maxLength: 2)
        log.add(reason: .command, object: "info", username: "u", clientInfo: "", now: 0)
        log.add(reason: .command, object: "info", username: "u", clientInfo: "", now: 60_001)
        #expect(log.count == 2)
        log.add(reason: .command, object: "role", username: "u", clientInfo: "", now: 60_002)
        #expect(log.count == 2)
        #expect(log.reply(count: 0, now: 0) == .array([]))
    }

    @Test func setUserReportsSubscribersToCheck() {
        let h = ACLCommandTests.Harness()
        #expect(h.run("acl setuser s on resetchannels &a* +@all") == .reply(.ok))
        // A superset of the old patterns: nobody to check.
        #expect(h.run("acl setuser s resetchannels &a* &b") == .reply(.ok))
        #expect(
            h.run("acl setuser s resetchannels &ab")
                == .replyAndCheckSubscribers(.ok, user: "s", allowedChannels: ["ab"]))
        #expect(h.run("acl setuser s allchannels") == .reply(.ok))
        // Redis 7.0: an old `&*` lists no pattern, so nothing is checked.
        #expect(h.run("acl setuser s resetchannels &x") == .reply(.ok))
        #expect(AccessControl.channel("ab", isAllowedBy: ["a*"], isPattern: false))
        #expect(!AccessControl.channel("a*", isAllowedBy: ["a?"], isPattern: true))
        #expect(AccessControl.channel("a*", isAllowedBy: ["a*"], isPattern: true))
    }
}
