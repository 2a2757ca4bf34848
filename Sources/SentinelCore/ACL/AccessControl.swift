/// Everything ACL on the query port holds (SPEC §3.4): the users, the security log and the
/// `aclfile` path. Pure: the runtime reads and writes files and owns the connections.
public struct AccessControl: Equatable, Sendable {
    public var users: ACLUsers
    public var log: ACLLog
    /// `aclfile`; `nil` when users live in the config file.
    public var aclFile: String?

    public init(users: ACLUsers = ACLUsers(), log: ACLLog = ACLLog(), aclFile: String? = nil) {
        self.users = users
        self.log = log
        self.aclFile = aclFile
    }

    /// Why a command may not run: the `NOPERM` reply and what goes to the ACL log.
    public struct Denial: Equatable, Sendable {
        public var reason: ACLLog.Reason
        /// The command's full name or the refused channel.
        public var object: String
        public var reply: String
        /// `ACL DRYRUN`'s text.
        public var dryRunText: String
    }

    /// `ACLCheckAllUserCommandPerm`: allowed if any selector allows; otherwise the worst
    /// verdict (channel over command), the last argument on a tie.
    public static func denial(user: ACLUser, spec: CommandSpec, args: [String]) -> Denial? {
        // The common case (`+@all` with `allchannels`, the default user) needs no command id.
        if user.selectors.contains(where: { $0.allCommands && $0.allChannels }) { return nil }
        guard let id = ACLCommandIndex.sentinel.id(of: spec) else { return nil }
        var worst = ACLSelector.Verdict.deniedCommand
        var lastPosition = 0
        for selector in user.selectors {
            let (verdict, position) = selector.check(spec, id: id, args: args)
            if verdict == .allowed { return nil }
            if verdict > worst || (verdict == worst && position > lastPosition) {
                worst = verdict
                lastPosition = position
            }
        }
        if worst == .deniedChannel {
            return Denial(
                reason: .channel, object: args[lastPosition],
                reply: ReplyError.noPermChannel.message,
                dryRunText: "This user has no permissions to access the '\(args[lastPosition])' channel")
        }
        return Denial(
            reason: .command, object: spec.fullName,
            reply: ReplyError.noPermCommand(spec.fullName).message,
            dryRunText: "This user has no permissions to run the '\(spec.fullName)' command")
    }

    /// The check `processCommand` makes after the NOAUTH check; logs a denial.
    public mutating func checkCommand(
        user name: String, spec: CommandSpec, args: [String], clientInfo: () -> String, now: Int64
    ) -> String? {
        guard let user = self.users[name], let denial = Self.denial(user: user, spec: spec, args: args) else {
            return nil
        }
        self.log.add(reason: denial.reason, object: denial.object, username: name, clientInfo: clientInfo(), now: now)
        return denial.reply
    }

    /// `ACLAuthenticateUser` for AUTH and HELLO ... AUTH: `true` on success; a failure is
    /// logged with the command name as typed.
    public mutating func authenticate(
        user: String, password: String, command: String, clientInfo: () -> String, now: Int64
    ) -> Bool {
        if self.users.checkCredentials(user: user, password: password) { return true }
        self.log.add(reason: .auth, object: command, username: user, clientInfo: clientInfo(), now: now)
        return false
    }

    /// `ACLKillPubsubClientsIfNeeded`: `nil` when no subscriber can have lost access (a selector
    /// allows all channels, or every old pattern is still listed); else the new patterns of all
    /// selectors. An old `&*` has no patterns to lose, so Redis 7.0 drops nobody then.
    static func subscribersToCheck(_ before: ACLUser, _ after: ACLUser) -> [String]? {
        if after.selectors.contains(where: \.allChannels) { return nil }
        let upcoming = after.selectors.flatMap(\.channels)
        let old = before.selectors.flatMap(\.channels)
        return old.allSatisfy(upcoming.contains) ? nil : upcoming
    }

    /// `ACLCheckChannelAgainstList`: a pattern (PSUBSCRIBE) must be listed as is; a channel
    /// must match a listed pattern.
    public static func channel(_ channel: String, isAllowedBy patterns: [String], isPattern: Bool) -> Bool {
        var selector = ACLSelector(allChannels: false)
        selector.channels = patterns
        return selector.allowsChannel(channel, isPattern: isPattern)
    }
}
