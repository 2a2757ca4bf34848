import Testing

@testable import SentinelCore

/// CLIENT KILL, PAUSE and UNPAUSE: the actions the runtime carries out.
extension ClientSessionTests {
    @Test func killOldFormClosesTheMatchingClient() {
        var session = Self.session()
        #expect(self.client("kill", "10.0.0.1:6000", session: &session) == SessionReply(.ok, actions: [.kill([3])]))
        #expect(self.client("kill", "1.2.3.4:5", session: &session) == SessionReply(.error("ERR No such client")))
        #expect(!session.closeAfterReply)
    }

    /// The old form may kill the caller, which gets its reply first.
    @Test func killOfItselfClosesAfterTheReply() {
        var session = Self.session()
        #expect(self.client("kill", "127.0.0.1:5000", session: &session) == SessionReply(.ok))
        #expect(session.closeAfterReply)
        let close = session.commandFinished(fullName: "client|kill")
        #expect(close)
    }

    @Test func killFiltersCountAndSkipTheCallerUnlessAsked() {
        var session = Self.session()
        #expect(
            self.client("kill", "laddr", "127.0.0.1:26379", session: &session)
                == SessionReply(.integer(2), actions: [.kill([3, 9])]))
        #expect(!session.closeAfterReply)
        var acl = AccessControl()
        _ = acl.users.setUser("alice", rules: ["on"])
        #expect(
            self.client("kill", "user", "alice", session: &session, acl: acl)
                == SessionReply(.integer(1), actions: [.kill([9])]))
        #expect(self.client("kill", "type", "pubsub", "id", "3", session: &session) == SessionReply(.integer(0)))
        #expect(
            self.client("kill", "laddr", "127.0.0.1:26379", "skipme", "no", session: &session)
                == SessionReply(.integer(3), actions: [.kill([3, 9])]))
        #expect(session.closeAfterReply)
    }

    @Test func killErrorsAreRedis() {
        var session = Self.session()
        #expect(
            self.client("kill", "addr", "1.2.3.4:5", "x", session: &session) == SessionReply(.error("ERR syntax error"))
        )
        #expect(self.client("kill", "user", "bob", session: &session) == SessionReply(.error("ERR No such user 'bob'")))
        #expect(
            self.client("kill", "id", "0", session: &session)
                == SessionReply(.error("ERR client-id should be greater than 0")))
    }

    @Test func pauseAsksForTheMergedPause() {
        var session = Self.session()
        #expect(
            self.client("pause", "1000", session: &session)
                == SessionReply(.ok, actions: [.pause(ClientPause(until: Self.now + 1000, writesOnly: false))]))
        #expect(
            self.client("pause", "500", "WRITE", session: &session)
                == SessionReply(.ok, actions: [.pause(ClientPause(until: Self.now + 500, writesOnly: true))]))
        // A second pause keeps the later end and the wider type.
        let current = ClientPause(until: Self.now + 2000, writesOnly: false)
        #expect(
            self.client("pause", "500", "write", session: &session, context: Self.context(pause: current))
                == SessionReply(.ok, actions: [.pause(current)]))
        // One already over counts for nothing.
        let over = ClientPause(until: Self.now - 1, writesOnly: false)
        #expect(
            self.client("pause", "500", "write", session: &session, context: Self.context(pause: over))
                == SessionReply(.ok, actions: [.pause(ClientPause(until: Self.now + 500, writesOnly: true))]))
    }

    @Test func pauseErrors() {
        var session = Self.session()
        #expect(
            self.client("pause", "10", "some", session: &session)
                == SessionReply(.error("ERR CLIENT PAUSE mode must be WRITE or ALL")))
        #expect(
            self.client("pause", "ten", session: &session)
                == SessionReply(.error("ERR timeout is not an integer or out of range")))
        #expect(self.client("pause", "-1", session: &session) == SessionReply(.error("ERR timeout is negative")))
        #expect(
            self.client("pause", "1", "all", "x", session: &session)
                == SessionReply(
                    .error("ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.")))
    }

    @Test func unpause() {
        var session = Self.session()
        #expect(self.client("unpause", session: &session) == SessionReply(.ok, actions: [.unpause]))
    }

    @Test func pauseHoldsEverythingOrOnlyWrites() {
        let all = ClientPause(until: 1, writesOnly: false)
        let writes = ClientPause(until: 1, writesOnly: true)
        #expect(all.holds(flags: ["loading", "stale"]))
        #expect(all.holds(flags: nil))
        #expect(!writes.holds(flags: ["loading", "stale"]))
        #expect(writes.holds(flags: ["may_replicate"]))
        #expect(writes.holds(flags: ["write"]))
        #expect(!writes.holds(flags: nil))
    }
}
