import Testing

@testable import SentinelCore

/// `processCommand`'s refusals before a command runs: NOAUTH, then (after the ACL) the RESP2
/// pub/sub context.
extension ClientSessionTests {
    @Test func onlyAuthAndHelloRunBeforeAuthentication() {
        let session = Self.session(authenticated: false)
        #expect(session.authRefusal(command: "ping", authRequired: true) == .noAuth)
        #expect(
            session.authRefusal(command: "sentinel", authRequired: true)?.message == "NOAUTH Authentication required.")
        #expect(session.authRefusal(command: "auth", authRequired: true) == nil)
        #expect(session.authRefusal(command: "hello", authRequired: true) == nil)
        #expect(session.authRefusal(command: "ping", authRequired: false) == nil)
    }

    @Test func resp2SubscribersRunOnlyPubSubCommandsAndPing() {
        var session = Self.session()
        #expect(session.contextRefusal(command: "sentinel", fullName: "sentinel|masters") == nil)
        session.channels = ["__sentinel__:hello"]
        for allowed in ["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping"] {
            #expect(session.contextRefusal(command: allowed, fullName: allowed) == nil)
        }
        let refusal = session.contextRefusal(command: "sentinel", fullName: "sentinel|masters")
        #expect(
            refusal?.message
                == "ERR Can't execute 'sentinel|masters': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context")
        // RESP3 clients may run anything while subscribed.
        session.protocolVersion = 3
        #expect(session.contextRefusal(command: "sentinel", fullName: "sentinel|masters") == nil)
    }
}
