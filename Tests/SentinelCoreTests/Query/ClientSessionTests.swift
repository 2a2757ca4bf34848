import Testing

@testable import SentinelCore

/// CLIENT on a hand-built session: replies, what changes in the session, and the actions asked of
/// the runtime, with no socket (issue 10 §3).
@Suite struct ClientSessionTests {
    static let now: Int64 = 5_000_000

    static func session(id: Int = 7, authenticated: Bool = true) -> ClientSession {
        ClientSession(id: id, addr: "127.0.0.1:5000", laddr: "127.0.0.1:26379", authenticated: authenticated, now: 0)
    }

    /// Two other clients, ids 3 and 9, around the session's 7.
    static func context(pause: ClientPause? = nil) -> SessionContext {
        var pubsub = ClientInfo(id: 9, addr: "10.0.0.2:6000", laddr: "127.0.0.1:26379", fd: 0)
        pubsub.pubsub = true
        pubsub.user = "alice"
        let normal = ClientInfo(id: 3, addr: "10.0.0.1:6000", laddr: "127.0.0.1:26379", fd: 0)
        let others = [normal, pubsub]
        return SessionContext(
            now: Self.now, pause: pause, others: { others }, other: { id in others.first { $0.id == id } })
    }

    func client(
        _ args: String..., session: inout ClientSession, acl: AccessControl = AccessControl(),
        context: SessionContext = Self.context()
    ) -> SessionReply {
        session.clientCommand(["CLIENT"] + args, acl: acl, context: context)
    }

    @Test func idHelpAndGetname() {
        var session = Self.session()
        #expect(self.client("id", session: &session) == SessionReply(.integer(7)))
        #expect(self.client("GETNAME", session: &session) == SessionReply(.null))
        guard case .array(let help)? = self.client("help", session: &session).reply else {
            Issue.record("CLIENT HELP is not an array")
            return
        }
        #expect(help.count == ClientSession.clientHelp.count)
        #expect(help.first == .simpleString("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
    }

    @Test func setnameChecksTheNameAndKeepsIt() {
        var session = Self.session()
        #expect(self.client("setname", "worker-1", session: &session) == SessionReply(.ok))
        #expect(self.client("getname", session: &session) == SessionReply(.bulkString("worker-1")))
        #expect(self.client("setname", "has space", session: &session) == SessionReply(.error(ClientName.invalidError)))
        #expect(session.name == "worker-1")
    }

    @Test func infoIsTheSessionsOwnLine() {
        var session = Self.session()
        session.name = "me"
        session.lastCommand = "client|info"
        session.lastCommandAt = Self.now - 2000
        let line =
            "id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:26379 fd=0 name=me age=5000 idle=2 flags=N db=0 sub=0 "
            + "psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 "
            + "tot-mem=0 events=r cmd=client|info user=default redir=-1 resp=2\n"
        #expect(self.client("info", session: &session) == SessionReply(.verbatim(line)))
    }

    @Test func listShowsEveryClientInIdOrderOrTheChosenOnes() {
        var session = Self.session()
        func ids(_ reply: SessionReply) -> [String] {
            guard case .verbatim(let text)? = reply.reply else { return ["not verbatim"] }
            return text.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        }
        #expect(ids(self.client("list", session: &session)) == ["id=3", "id=7", "id=9"])
        #expect(ids(self.client("list", "type", "pubsub", session: &session)) == ["id=9"])
        #expect(ids(self.client("list", "TYPE", "normal", session: &session)) == ["id=3", "id=7"])
        #expect(ids(self.client("list", "id", "9", "7", "42", "9", session: &session)) == ["id=9", "id=7", "id=9"])
        #expect(
            self.client("list", "type", "x", session: &session) == SessionReply(.error("ERR Unknown client type 'x'")))
        #expect(self.client("list", "id", "x", session: &session) == SessionReply(.error("ERR Invalid client ID")))
        #expect(self.client("list", "foo", session: &session) == SessionReply(.error("ERR syntax error")))
    }

    @Test func replyOffAndSkipAnswerNothing() {
        var session = Self.session()
        #expect(self.client("reply", "skip", session: &session) == SessionReply(nil))
        #expect(session.reply == .skipNext)
        let close = session.commandFinished(fullName: "client|reply")
        #expect(!close)
        #expect(session.reply == .skip)
        #expect(!session.repliesEnabled)
        _ = session.commandFinished(fullName: "ping")
        #expect(session.reply == .on)
        #expect(self.client("reply", "off", session: &session) == SessionReply(nil))
        // SKIP while OFF stays OFF.
        #expect(self.client("reply", "skip", session: &session) == SessionReply(nil))
        #expect(session.reply == .off)
        #expect(self.client("reply", "on", session: &session) == SessionReply(.ok))
        #expect(session.reply == .on)
        #expect(self.client("reply", "maybe", session: &session) == SessionReply(.error("ERR syntax error")))
    }

    @Test func noEvict() {
        var session = Self.session()
        #expect(self.client("no-evict", "ON", session: &session) == SessionReply(.ok))
        #expect(session.noEvict)
        #expect(self.client("no-evict", "off", session: &session) == SessionReply(.ok))
        #expect(!session.noEvict)
        #expect(self.client("no-evict", "x", session: &session) == SessionReply(.error("ERR syntax error")))
    }

    @Test func unblockAnswersZeroOrRedisErrors() {
        var session = Self.session()
        #expect(self.client("unblock", "3", session: &session) == SessionReply(.integer(0)))
        #expect(self.client("unblock", "3", "ERROR", session: &session) == SessionReply(.integer(0)))
        #expect(
            self.client("unblock", "3", "later", session: &session)
                == SessionReply(.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")))
        #expect(
            self.client("unblock", "x", session: &session)
                == SessionReply(.error("ERR value is not an integer or out of range")))
        #expect(
            self.client("unblock", "1", "timeout", "x", session: &session)
                == SessionReply(
                    .error("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.")))
    }

    @Test func trackingRedirectNeedsAnExistingClient() {
        var session = Self.session()
        #expect(self.client("tracking", "on", "redirect", "9", session: &session) == SessionReply(.ok))
        #expect(self.client("getredir", session: &session) == SessionReply(.integer(9)))
        #expect(self.client("tracking", "off", session: &session) == SessionReply(.ok))
        #expect(self.client("tracking", "on", "redirect", "7", session: &session) == SessionReply(.ok))
        #expect(self.client("tracking", "off", session: &session) == SessionReply(.ok))
        #expect(
            self.client("tracking", "on", "redirect", "42", session: &session)
                == SessionReply(.error("ERR The client ID you want redirect to does not exist")))
        #expect(self.client("getredir", session: &session) == SessionReply(.integer(-1)))
    }

    @Test func cachingLastsOneCommandOtherThanClient() {
        var session = Self.session()
        _ = self.client("tracking", "on", "optin", session: &session)
        #expect(self.client("caching", "yes", session: &session) == SessionReply(.ok))
        _ = session.commandFinished(fullName: "client|caching")
        #expect(session.tracking.caching)
        #expect(self.client("trackinginfo", session: &session) == SessionReply(session.tracking.info))
        _ = session.commandFinished(fullName: "ping")
        #expect(!session.tracking.caching)
    }
}
