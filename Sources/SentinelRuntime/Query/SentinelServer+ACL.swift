import NIOCore
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// ACL on the query port (SPEC §3.4, §13.2): the `ACL` command, authentication and the
/// permission check `processCommand` makes. The rules live in ``AccessControl`` (core).
extension SentinelServer {
    /// `ACL <subcommand> ...`.
    func aclCommand(_ args: [String], client: QueryClient) {
        switch self.acl.command(args, currentUser: client.session.user, now: self.now, random: &self.random) {
        case .reply(let value):
            self.write(value, to: client)
        case .replyAndDisconnect(let value, let users):
            self.write(value, to: client)
            self.disconnectClients(of: Set(users), current: client)
        case .replyAndCheckSubscribers(let value, let user, let allowed):
            self.write(value, to: client)
            self.disconnectSubscribers(of: user, allowedChannels: allowed, current: client)
        case .load(let path):
            switch Self.readACLFile(path) {
            case .failure(let error):
                self.write(.error(.aclRuleOrFile(error.message)), to: client)
            case .success(let text):
                switch self.acl.load(fileText: text) {
                case .failure(let error):
                    self.write(.error(.aclRuleOrFile(error.message)), to: client)
                case .success(let dropped):
                    self.write(.ok, to: client)
                    self.disconnectClients(of: Set(dropped), current: client)
                }
            }
        case .save(let path):
            do {
                try ConfigFile.writeAtomically(self.acl.savedFileText, to: path)
                self.write(.ok, to: client)
            } catch {
                self.log.log(.warning, "Renaming ACL file for ACL SAVE: \(error)")
                self.write(.error(.aclSaveFailed), to: client)
            }
        }
    }

    /// The `aclfile` text, or the error `ACLLoadFromFile` reports when it cannot be opened.
    static func readACLFile(_ path: String) -> Result<String, ACLLoadError> {
        do {
            return .success(try ConfigFile.read(path))
        } catch {
            return .failure(ACLLoadError(message: "Error loading ACLs, opening file '\(path)': \(error.description)"))
        }
    }

    /// `ACLFreeUserAndKillClients`: connections of removed users go back to `default`,
    /// unauthenticated, and are closed; the current one after its reply.
    func disconnectClients(of users: Set<String>, current: QueryClient) {
        guard !users.isEmpty else { return }
        for other in self.clients.values where users.contains(other.session.user) {
            other.session.user = "default"
            other.session.authenticated = false
            self.closeAfterReply(other, current: current)
        }
    }

    /// After `ACL SETUSER` took channels away: subscribers of `user` using one that is no longer
    /// allowed are closed.
    func disconnectSubscribers(of user: String, allowedChannels: [String], current: QueryClient) {
        for other in self.clients.values where other.session.user == user && other.subscriptionCount > 0 {
            let revoked =
                other.session.patterns.contains {
                    !AccessControl.channel($0, isAllowedBy: allowedChannels, isPattern: true)
                }
                || other.session.channels.contains {
                    !AccessControl.channel($0, isAllowedBy: allowedChannels, isPattern: false)
                }
            if revoked { self.closeAfterReply(other, current: current) }
        }
    }

    /// Closes a connection; the current one once its reply is written.
    func closeAfterReply(_ other: QueryClient, current: QueryClient) {
        guard other === current else { return other.channel.close(promise: nil) }
        self.closeAfterOutput(other)
    }

    /// The ACL check after NOAUTH: writes `NOPERM ...` and returns `true` if refused.
    func deniedByACL(_ spec: CommandSpec, _ args: [String], client: QueryClient) -> Bool {
        let info = { self.clientInfo(client).line }
        guard
            let reply = self.acl.checkCommand(
                user: client.session.user, spec: spec, args: args, clientInfo: info, now: self.now)
        else { return false }
        self.write(.error(reply), to: client)
        return true
    }
}
