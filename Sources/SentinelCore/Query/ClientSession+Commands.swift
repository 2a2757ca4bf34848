/// What a session command answers and what the runtime must do about it, in this order: the
/// actions first (CLIENT KILL closes the others before the caller reads its reply), then the
/// reply, if any (CLIENT REPLY OFF / SKIP and SHUTDOWN have none).
public struct SessionReply: Equatable, Sendable {
    public var reply: RESPValue?
    public var actions: [SessionAction]

    public init(_ reply: RESPValue?, actions: [SessionAction] = []) {
        self.reply = reply
        self.actions = actions
    }
}

/// What a session command asks of the runtime beyond its reply.
public enum SessionAction: Equatable, Sendable {
    /// Close these other clients now, in this order (CLIENT KILL).
    case kill([Int])
    /// This pause is now in force; the runtime holds commands and arms the timer that ends it.
    case pause(ClientPause)
    /// The pause is over: held commands run after the current reply.
    case unpause
    /// Exit (SHUTDOWN), with no reply.
    case shutdown
}

/// What a session command may read of the world beyond its own session.
public struct SessionContext {
    public var now: Int64
    /// The pause in force, which CLIENT PAUSE merges with.
    public var pause: ClientPause?
    /// Every other client, by id ascending (CLIENT LIST, KILL): the caller's own line comes from
    /// its session.
    public var others: () -> [ClientInfo]
    /// Another client by id (CLIENT LIST ID, TRACKING REDIRECT).
    public var other: (Int) -> ClientInfo?

    public init(
        now: Int64, pause: ClientPause? = nil, others: @escaping () -> [ClientInfo] = { [] },
        other: @escaping (Int) -> ClientInfo? = { _ in nil }
    ) {
        self.now = now
        self.pause = pause
        self.others = others
        self.other = other
    }
}

extension ClientSession {
    /// CLIENT, HELLO, AUTH and SHUTDOWN for this session (`name` is the real command name, after
    /// `rename-command`); nil for any other command. Arity and unknown subcommands were checked
    /// by the command table.
    public mutating func sessionCommand(
        _ name: String, _ args: [String], acl: inout AccessControl, context: SessionContext
    ) -> SessionReply? {
        switch name {
        case "client": return self.clientCommand(args, acl: acl, context: context)
        case "hello": return SessionReply(self.hello(args, acl: &acl, now: context.now))
        case "auth": return SessionReply(self.auth(args, acl: &acl, now: context.now))
        case "shutdown": return Self.shutdown(args)
        default: return nil
        }
    }

    /// AUTH [user] pass (`authCommand`): against the ACL users; `requirepass` is the
    /// `default` user's password.
    public mutating func auth(_ args: [String], acl: inout AccessControl, now: Int64) -> RESPValue {
        guard args.count == 2 || args.count == 3 else { return .error(.syntax) }
        if args.count == 2 && acl.users.defaultUser.isNoPass {
            return .error(.authWithoutPassword)
        }
        let user = args.count == 3 ? args[1] : "default"
        guard self.authenticate(user: user, password: args[args.count - 1], command: args[0], acl: &acl, now: now)
        else { return .error(.wrongPass) }
        return .ok
    }

    /// HELLO [protover [AUTH user pass] [SETNAME name]] (SPEC §13.2: 6 fields, no role).
    public mutating func hello(_ args: [String], acl: inout AccessControl, now: Int64) -> RESPValue {
        var version = self.protocolVersion
        var index = 1
        if args.count >= 2 {
            guard let requested = Int(args[1]) else {
                return .error(.protocolVersionNotInteger)
            }
            guard requested == 2 || requested == 3 else { return .error(.unsupportedProtocol) }
            version = requested
            index = 2
        }
        var newName: String?
        var credentials: (user: String, password: String)?
        while index < args.count {
            let option = args[index].lowercased()
            if option == "auth" && index + 2 < args.count {
                credentials = (args[index + 1], args[index + 2])
                index += 3
            } else if option == "setname" && index + 1 < args.count {
                newName = args[index + 1]
                index += 2
            } else {
                return .error(.helloSyntax(option: args[index]))
            }
        }
        if let credentials,
            !self.authenticate(
                user: credentials.user, password: credentials.password, command: args[0], acl: &acl, now: now)
        {
            return .error(.wrongPass)
        }
        guard self.authenticated else {
            return .error(.helloNotAuthenticated)
        }
        if let newName {
            // Checked after authentication, before the protocol switch, as Redis's helloCommand does.
            guard ClientName.isValid(newName) else { return .error(ClientName.invalidError) }
            self.name = newName
        }
        self.protocolVersion = version
        return .fields([
            ("server", .bulkString("redis")), ("version", .bulkString(RedisCompatibility.version)),
            ("proto", .integer(Int64(version))), ("id", .integer(Int64(self.id))),
            ("mode", .bulkString("sentinel")), ("modules", .array([])),
        ])
    }

    /// `ACLAuthenticateUser` for AUTH and HELLO ... AUTH; failures go to the ACL log.
    mutating func authenticate(
        user: String, password: String, command: String, acl: inout AccessControl, now: Int64
    ) -> Bool {
        // Built only for a failure's ACL log entry. A running command's client is never held by
        // CLIENT PAUSE: not blocked.
        let session = self
        let line = { session.info(now: now, blocked: false).line }
        guard acl.authenticate(user: user, password: password, command: command, clientInfo: line, now: now)
        else { return false }
        self.authenticated = true
        self.user = user
        return true
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (SPEC §2.5). A sentinel never has a
    /// shutdown in progress to abort: it exits at once.
    public static func shutdown(_ args: [String]) -> SessionReply {
        var (save, noSave, abort, other) = (false, false, false, false)
        for option in args.dropFirst() {
            switch option.lowercased() {
            case "nosave": noSave = true
            case "save": save = true
            case "now", "force": other = true
            case "abort": abort = true
            default: return SessionReply(.error(.syntax))
            }
        }
        if (abort && (save || noSave || other)) || (save && noSave) {
            return SessionReply(.error(.syntax))
        }
        if abort { return SessionReply(.error(.noShutdownInProgress)) }
        return SessionReply(nil, actions: [.shutdown])
    }
}
