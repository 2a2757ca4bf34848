import Testing

@testable import SentinelCore

/// HELLO, AUTH and SHUTDOWN on a hand-built session.
extension ClientSessionTests {
    static func protectedACL() -> AccessControl {
        var acl = AccessControl()
        acl.users.setDefaultPassword("secret")
        return acl
    }

    static func helloReply(proto: Int64, id: Int64 = 7) -> RESPValue {
        .fields([
            ("server", .bulkString("redis")), ("version", .bulkString(RedisCompatibility.version)),
            ("proto", .integer(proto)), ("id", .integer(id)), ("mode", .bulkString("sentinel")),
            ("modules", .array([])),
        ])
    }

    func run(_ args: String..., session: inout ClientSession, acl: inout AccessControl) -> SessionReply? {
        session.sessionCommand(args[0].lowercased(), args, acl: &acl, context: Self.context())
    }

    @Test func helloSwitchesTheProtocolAndSetsTheName() {
        var session = Self.session()
        var acl = AccessControl()
        #expect(self.run("HELLO", session: &session, acl: &acl) == SessionReply(Self.helloReply(proto: 2)))
        #expect(
            self.run("HELLO", "3", "SETNAME", "app", session: &session, acl: &acl)
                == SessionReply(Self.helloReply(proto: 3)))
        #expect(session.protocolVersion == 3)
        #expect(session.name == "app")
        #expect(self.run("hello", "2", session: &session, acl: &acl) == SessionReply(Self.helloReply(proto: 2)))
        #expect(session.protocolVersion == 2)
    }

    @Test func helloErrors() {
        var session = Self.session()
        var acl = AccessControl()
        #expect(
            self.run("HELLO", "x", session: &session, acl: &acl)
                == SessionReply(.error("ERR Protocol version is not an integer or out of range")))
        #expect(
            self.run("HELLO", "4", session: &session, acl: &acl)
                == SessionReply(.error("NOPROTO unsupported protocol version")))
        #expect(
            self.run("HELLO", "3", "SETNAME", session: &session, acl: &acl)
                == SessionReply(.error("ERR Syntax error in HELLO option 'SETNAME'")))
        #expect(
            self.run("HELLO", "3", "SETNAME", "a b", session: &session, acl: &acl)
                == SessionReply(.error(ClientName.invalidError)))
        // Nothing changed on an error, not even the protocol asked for before the bad name.
        #expect(session.protocolVersion == 2)
        #expect(session.name == "")
    }

    @Test func helloAuthenticates() {
        var session = Self.session(authenticated: false)
        var acl = Self.protectedACL()
        #expect(
            self.run("HELLO", "3", session: &session, acl: &acl)
                == SessionReply(
                    .error(
                        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                            + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                            + "protocol version at the same time")))
        #expect(
            self.run("HELLO", "3", "AUTH", "default", "wrong", session: &session, acl: &acl)
                == SessionReply(.error("WRONGPASS invalid username-password pair or user is disabled.")))
        #expect(acl.log.count == 1)
        #expect(!session.authenticated)
        #expect(
            self.run("HELLO", "3", "AUTH", "default", "secret", session: &session, acl: &acl)
                == SessionReply(Self.helloReply(proto: 3)))
        #expect(session.authenticated)
        #expect(session.user == "default")
    }

    @Test func auth() {
        var session = Self.session(authenticated: false)
        var acl = Self.protectedACL()
        #expect(
            self.run("AUTH", "wrong", session: &session, acl: &acl)
                == SessionReply(.error("WRONGPASS invalid username-password pair or user is disabled.")))
        #expect(acl.log.count == 1)
        #expect(!session.authenticated)
        #expect(self.run("AUTH", "secret", session: &session, acl: &acl) == SessionReply(.ok))
        #expect(session.authenticated)
        _ = acl.users.setUser("alice", rules: ["on", ">pw"])
        #expect(self.run("AUTH", "alice", "pw", session: &session, acl: &acl) == SessionReply(.ok))
        #expect(session.user == "alice")
        #expect(
            self.run("AUTH", "a", "b", "c", session: &session, acl: &acl) == SessionReply(.error("ERR syntax error")))
    }

    @Test func authWithoutAPasswordConfigured() {
        var session = Self.session()
        var acl = AccessControl()
        #expect(
            self.run("AUTH", "pw", session: &session, acl: &acl)
                == SessionReply(
                    .error(
                        "ERR AUTH <password> called without any password configured for the default user. "
                            + "Are you sure your configuration is correct?")))
    }

    @Test func shutdownExitsWithoutAReply() {
        for args in [["SHUTDOWN"], ["shutdown", "nosave"], ["SHUTDOWN", "SAVE", "NOW", "FORCE"]] {
            #expect(ClientSession.shutdown(args) == SessionReply(nil, actions: [.shutdown]))
        }
    }

    @Test func shutdownErrors() {
        let syntax = SessionReply(.error("ERR syntax error"))
        #expect(ClientSession.shutdown(["SHUTDOWN", "later"]) == syntax)
        #expect(ClientSession.shutdown(["SHUTDOWN", "save", "nosave"]) == syntax)
        #expect(ClientSession.shutdown(["SHUTDOWN", "abort", "now"]) == syntax)
        #expect(ClientSession.shutdown(["SHUTDOWN", "ABORT"]) == SessionReply(.error("ERR No shutdown in progress.")))
    }

    @Test func otherCommandsAreNotTheSessions() {
        var session = Self.session()
        var acl = AccessControl()
        #expect(self.run("PING", session: &session, acl: &acl) == nil)
    }
}
