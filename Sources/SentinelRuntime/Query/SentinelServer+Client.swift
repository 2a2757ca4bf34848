import NIOCore
import SentinelCore

/// CLIENT, HELLO, AUTH and SHUTDOWN: the core's `ClientSession.sessionCommand` decides the reply
/// and what changes; here the session goes in and out and the actions become channel work.
extension SentinelServer {
    /// Runs a session command for `client`; false when `name` is not one.
    func sessionCommand(_ name: String, _ args: [String], client: QueryClient) -> Bool {
        let callerID = client.id
        let context = SessionContext(
            now: self.now, pause: self.pause,
            others: { [unowned self] in
                self.clients.keys.sorted().compactMap { $0 == callerID ? nil : self.clients[$0].map(self.clientInfo) }
            },
            other: { [unowned self] id in id == callerID ? nil : self.clients[id].map(self.clientInfo) })
        // The session is taken out for the call: the context reads the other clients only.
        var session = client.session
        guard let outcome = session.sessionCommand(name, args, acl: &self.acl, context: context) else { return false }
        client.session = session
        for action in outcome.actions { self.perform(action) }
        if let reply = outcome.reply { self.write(reply, to: client) }
        return true
    }

    private func perform(_ action: SessionAction) {
        switch action {
        case .kill(let ids):
            for id in ids {
                guard let other = self.clients.removeValue(forKey: id) else { continue }
                other.channel.close(promise: nil)
            }
        case .pause(let pause):
            self.pause = pause
            self.scheduleUnpause()
        case .unpause:
            self.unpauseClients()
        case .shutdown:
            self.shutdown(reason: "User requested shutdown...")
        }
    }

    /// What CLIENT LIST shows for `client`.
    func clientInfo(_ client: QueryClient) -> ClientInfo {
        client.session.info(now: self.now, blocked: !client.postponed.isEmpty)
    }

    /// Redis's `resetClient` after each command (`ClientSession.commandFinished`); a client that
    /// killed itself is closed once its reply is out.
    func commandFinished(_ spec: CommandSpec?, client: QueryClient) {
        guard client.postponed.isEmpty else { return }
        if client.session.commandFinished(fullName: spec?.fullName) { self.closeAfterOutput(client) }
    }
}
