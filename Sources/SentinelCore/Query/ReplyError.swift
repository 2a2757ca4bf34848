/// Every error reply of the query port, one case per Redis 7.0.15 error text (SPEC §13).
///
/// Call sites name a case (`.error(.noSuchPrimary)`), never the text: clients and the conformance
/// suites match these texts byte for byte, so they are written once, here, with their prefix
/// (`ERR`, `NOAUTH`, `WRONGPASS`, `NOPERM`, ...). A parameter is the part Redis formats in
/// (`%s`, `%.128s`); the cut to 128 bytes is part of the text and done here, not by callers.
public enum ReplyError: Error, Equatable, Sendable {
    // MARK: Shared replies and `processCommand`

    /// `shared.syntaxerr`.
    case syntax
    /// `getLongLongFromObjectOrReply` and friends.
    case notInteger
    /// `processCommand`: the command and its arguments as sent.
    case unknownCommand([String])
    /// `processCommand` / a container's own `default:` (`Try <CONTAINER> HELP.`).
    case unknownSubcommand(String, container: String)
    /// `addReplySubcommandSyntaxError`.
    case subcommandSyntax(String, container: String)
    /// `processCommand`'s arity check, with the command's full name (`client|kill`).
    case wrongArity(String)
    /// `shared.noautherr`.
    case noAuth
    /// `processCommand` in a RESP2 pub/sub context.
    case pubSubContext(command: String)
    /// `sentinelPublishCommand`.
    case onlyHelloPublish
    /// `sentinelFlushConfigAndReply`.
    case configSaveFailed
    /// The request parser (`ERR Protocol error: ...`), the text after `ERR `.
    case protocolError(String)
    /// `acceptCommonHandler` over `maxclients`.
    case maxClients
    /// `acceptCommonHandler` in protected mode (a non-loopback peer, no default password).
    case protectedMode

    // MARK: AUTH and HELLO

    case wrongPass
    case authWithoutPassword
    case helloNotAuthenticated
    case protocolVersionNotInteger
    case unsupportedProtocol
    case helloSyntax(option: String)

    // MARK: ACL

    /// `ACLCheckAllPerm`: the command's full name.
    case noPermCommand(String)
    case noPermChannel
    /// `ERR ` and the text: ACL SETUSER's rule error (`ACLSetUserStringError`), ACL LOAD's error
    /// reading or loading the file.
    case aclRuleOrFile(String)
    case aclNoFile
    case aclSaveFailed
    case aclDeleteDefault
    case aclUnknownCategory(String)
    case aclGenpassBits
    case aclUserNotFound(String)
    case aclCommandNotFound(String)

    // MARK: SENTINEL

    case noSuchPrimary
    case invalidQuorum
    case invalidPort
    case quorumTooSmall
    case invalidAddress
    case invalidPortNumber
    case duplicatePrimary
    case unknownFailureSimulation
    case failoverInProgress
    case noGoodReplica
    /// SENTINEL FAILOVER … COORDINATED while the master cannot be reached: its writes cannot be
    /// paused (beyond Redis, issue 11 §2).
    case primaryUnreachable
    /// CKQUORUM: the usable sentinels and which of the two counts failed.
    case noQuorum(usable: Int, quorum: Bool, majority: Bool)
    /// SENTINEL SET: the bad value and the option as typed.
    case setInvalidArgument(String, option: String)
    case setUnknownOption(String)
    case scriptsReconfigDenied
    case notificationScriptNotExecutable
    case reconfigScriptNotExecutable
    case configUsage
    /// SENTINEL CONFIG SET: the value and the parameter as typed.
    case configSetInvalidValue(String, parameter: String)
    case configSetUnknownParameter(String)
    case debugUnknownOption(String)
    case debugInvalidArgument(String, option: String)

    // MARK: CLIENT

    case invalidClientName
    case clientIDNotPositive
    case invalidClientID
    case unknownClientType(String)
    case noSuchUser(String)
    case noSuchClient
    case unblockReason
    case pauseMode
    case pauseTimeoutNotInteger
    case pauseTimeoutNegative
    case trackingSingleRedirect
    case trackingNoRedirectTarget
    case trackingPrefixWithoutBcast
    case trackingBcastSwitch
    case trackingOptWithBcast
    case trackingOptInAndOut
    case trackingOptSwitch
    case trackingPrefixOverlapsExisting(String, existing: String)
    case trackingPrefixOverlapsProvided(String, other: String)
    case cachingWithoutTracking
    case cachingYesWithoutOptIn
    case cachingNoWithoutOptOut

    // MARK: COMMAND and SHUTDOWN

    case getKeysInvalidCommand
    case getKeysNoKeys
    case getKeysArity
    case noShutdownInProgress
}

extension ReplyError {
    /// The RESP error text, prefix included. One switch, so a new case without a text does not compile.
    public var message: String {
        switch self {
        case .syntax:
            return "ERR syntax error"
        case .notInteger:
            return "ERR value is not an integer or out of range"
        case .unknownCommand(let args):
            return Self.unknownCommandText(args)
        case .unknownSubcommand(let name, let container):
            return "ERR unknown subcommand '\(name.prefix(128))'. Try \(container) HELP."
        case .subcommandSyntax(let name, let container):
            return
                "ERR unknown subcommand or wrong number of arguments for '\(name.prefix(128))'. Try \(container) HELP."
        case .wrongArity(let command):
            return "ERR wrong number of arguments for '\(command)' command"
        case .noAuth:
            return "NOAUTH Authentication required."
        case .pubSubContext(let command):
            return "ERR Can't execute '\(command)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                + "allowed in this context"
        case .onlyHelloPublish:
            return "ERR Only HELLO messages are accepted by Sentinel instances."
        case .configSaveFailed:
            return "ERR Failed to save config file. Check server logs."
        case .protocolError(let text):
            return "ERR " + text
        case .maxClients:
            return "ERR max number of clients reached"
        case .protectedMode:
            return Self.protectedModeText
        case .wrongPass:
            return "WRONGPASS invalid username-password pair or user is disabled."
        case .authWithoutPassword:
            return "ERR AUTH <password> called without any password configured for the default user. Are you sure your "
                + "configuration is correct?"
        case .helloNotAuthenticated:
            return "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> "
                + "<pass> option can be used to authenticate the client and select the RESP protocol version at "
                + "the same time"
        case .protocolVersionNotInteger:
            return "ERR Protocol version is not an integer or out of range"
        case .unsupportedProtocol:
            return "NOPROTO unsupported protocol version"
        case .helloSyntax(let option):
            return "ERR Syntax error in HELLO option '\(option)'"
        case .noPermCommand(let command):
            return "NOPERM this user has no permissions to run the '\(command)' command"
        case .noPermChannel:
            return "NOPERM this user has no permissions to access one of the channels used as arguments"
        case .aclRuleOrFile(let text):
            return "ERR " + text
        case .aclNoFile:
            return Self.aclNoFileText
        case .aclSaveFailed:
            return "ERR There was an error trying to save the ACLs. Please check the server logs for more information"
        case .aclDeleteDefault:
            return "ERR The 'default' user cannot be removed"
        case .aclUnknownCategory(let name):
            return "ERR Unknown category '\(name.prefix(128))'"
        case .aclGenpassBits:
            return "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up "
                + "to 4096"
        case .aclUserNotFound(let name):
            return "ERR User '\(name)' not found"
        case .aclCommandNotFound(let name):
            return "ERR Command '\(name)' not found"
        case .noSuchPrimary:
            return "ERR No such master with that name"
        case .invalidQuorum:
            return "ERR Invalid quorum"
        case .invalidPort:
            return "ERR Invalid port"
        case .quorumTooSmall:
            return "ERR Quorum must be 1 or greater."
        case .invalidAddress:
            return "ERR Invalid IP address or hostname specified"
        case .invalidPortNumber:
            return "ERR Invalid port number."
        case .duplicatePrimary:
            return "ERR Duplicate master name."
        case .unknownFailureSimulation:
            return "ERR Unknown failure simulation specified"
        case .failoverInProgress:
            return "INPROG Failover already in progress"
        case .noGoodReplica:
            return "NOGOODSLAVE No suitable replica to promote"
        case .primaryUnreachable:
            return "NOREACH The master is not reachable: a COORDINATED failover needs it to pause its writes"
        case .noQuorum(let usable, let quorum, let majority):
            return Self.noQuorumText(usable, quorum, majority)
        case .setInvalidArgument(let value, let option):
            return "ERR Invalid argument '\(value)' for SENTINEL SET '\(option)'"
        case .setUnknownOption(let option):
            return "ERR Unknown option or number of arguments for SENTINEL SET '\(option)'"
        case .scriptsReconfigDenied:
            return
                "ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig "
                + "configuration directive in your Sentinel configuration"
        case .notificationScriptNotExecutable:
            return "ERR Notification script seems non existing or non executable"
        case .reconfigScriptNotExecutable:
            return "ERR Client reconfiguration script seems non existing or non executable"
        case .configUsage:
            return "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported."
        case .configSetInvalidValue(let value, let parameter):
            return "ERR Invalid value '\(value)' to SENTINEL CONFIG SET '\(parameter)'"
        case .configSetUnknownParameter(let parameter):
            return "ERR Invalid argument '\(parameter)' to SENTINEL CONFIG SET"
        case .debugUnknownOption(let option):
            return "ERR Unknown option or number of arguments for SENTINEL DEBUG '\(option)'"
        case .debugInvalidArgument(let value, let option):
            return "ERR Invalid argument '\(value)' for SENTINEL DEBUG '\(option)'"
        case .invalidClientName:
            return "ERR Client names cannot contain spaces, newlines or special characters."
        case .clientIDNotPositive:
            return "ERR client-id should be greater than 0"
        case .invalidClientID:
            return "ERR Invalid client ID"
        case .unknownClientType(let type):
            return "ERR Unknown client type '\(type)'"
        case .noSuchUser(let name):
            return "ERR No such user '\(name)'"
        case .noSuchClient:
            return "ERR No such client"
        case .unblockReason:
            return "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
        case .pauseMode:
            return "ERR CLIENT PAUSE mode must be WRITE or ALL"
        case .pauseTimeoutNotInteger:
            return "ERR timeout is not an integer or out of range"
        case .pauseTimeoutNegative:
            return "ERR timeout is negative"
        case .trackingSingleRedirect:
            return "ERR A client can only redirect to a single other client"
        case .trackingNoRedirectTarget:
            return "ERR The client ID you want redirect to does not exist"
        case .trackingPrefixWithoutBcast:
            return "ERR PREFIX option requires BCAST mode to be enabled"
        case .trackingBcastSwitch:
            return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                + "re-enabling it with a different mode."
        case .trackingOptWithBcast:
            return "ERR OPTIN and OPTOUT are not compatible with BCAST"
        case .trackingOptInAndOut:
            return "ERR You can't use both OPTIN and OPTOUT"
        case .trackingOptSwitch:
            return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                + "re-enabling it with a different mode."
        case .trackingPrefixOverlapsExisting(let prefix, let existing):
            return "ERR Prefix '\(prefix)' overlaps with an existing prefix '\(existing)'. "
                + "Prefixes for a single client must not overlap."
        case .trackingPrefixOverlapsProvided(let prefix, let other):
            return "ERR Prefix '\(prefix)' overlaps with another provided prefix '\(other)'. "
                + "Prefixes for a single client must not overlap."
        case .cachingWithoutTracking:
            return "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT "
                + "mode enabled"
        case .cachingYesWithoutOptIn:
            return "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."
        case .cachingNoWithoutOptOut:
            return "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."
        case .getKeysInvalidCommand:
            return "ERR Invalid command specified"
        case .getKeysNoKeys:
            return "ERR The command has no key arguments"
        case .getKeysArity:
            return "ERR Invalid number of arguments specified for command"
        case .noShutdownInProgress:
            return "ERR No shutdown in progress."
        }
    }

    /// The reply: a RESP error.
    public var reply: RESPValue { .error(self.message) }

    /// Redis quotes the arguments until the list reaches 128 characters, each cut to what is left.
    private static func unknownCommandText(_ args: [String]) -> String {
        var shown = ""
        for arg in args.dropFirst() {
            guard shown.count < 128 else { break }
            shown += "'\(arg.prefix(128 - shown.count))' "
        }
        return "ERR unknown command '\((args.first ?? "").prefix(128))', with args beginning with: \(shown)"
    }

    private static let aclNoFileText = """
        ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the \
        ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) \
        in order to store users in the Redis configuration.
        """

    private static let protectedModeText = """
        DENIED Redis is running in protected mode because protected mode is enabled and no password is set for \
        the default user. In this mode connections are only accepted from the loopback interface. If you want \
        to connect from external computers to Redis you may adopt one of the following solutions: 1) Just \
        disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface \
        by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not \
        publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) \
        Alternatively you can just disable the protected mode by editing the Redis configuration file, and \
        setting the protected mode option to 'no', and then restarting the server. 3) If you started the \
        server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an \
        authentication password for the default user. NOTE: You only need to do one of the above things in \
        order for the server to start accepting connections from the outside.
        """

    /// `sentinelCommand`'s CKQUORUM: the reasons joined by `. `.
    private static func noQuorumText(_ usable: Int, _ quorum: Bool, _ majority: Bool) -> String {
        var reasons: [String] = []
        if quorum { reasons.append("Not enough available Sentinels to reach the specified quorum for this master") }
        if majority { reasons.append("Not enough available Sentinels to reach the majority and authorize a failover") }
        return "NOQUORUM \(usable) usable Sentinels. \(reasons.joined(separator: ". "))"
    }
}

extension RESPValue {
    /// The error reply of a catalogue case.
    public static func error(_ error: ReplyError) -> RESPValue { .error(error.message) }
}

extension CommandReply {
    static func error(_ error: ReplyError) -> CommandReply { .reply(.error(error.message)) }
}
