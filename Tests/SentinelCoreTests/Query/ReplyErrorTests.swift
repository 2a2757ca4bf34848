import Testing

@testable import SentinelCore

/// Each catalogue case's exact text: Redis Sentinel 7.0.15's, byte for byte (the conformance
/// suites compare many of them with a real redis-sentinel; these pin every one).
@Suite struct ReplyErrorTests {
    static let shared: [(ReplyError, String)] = [
        (.syntax, "ERR syntax error"),
        (.notInteger, "ERR value is not an integer or out of range"),
        (.unknownCommand(["nope", "a", "b"]), "ERR unknown command 'nope', with args beginning with: 'a' 'b' "),
        (.unknownCommand(["nope"]), "ERR unknown command 'nope', with args beginning with: "),
        (.unknownSubcommand("x", container: "SENTINEL"), "ERR unknown subcommand 'x'. Try SENTINEL HELP."),
        (
            .subcommandSyntax("x", container: "ACL"),
            "ERR unknown subcommand or wrong number of arguments for 'x'. Try ACL HELP."
        ),
        (.wrongArity("client|kill"), "ERR wrong number of arguments for 'client|kill' command"),
        (.noAuth, "NOAUTH Authentication required."),
        (
            .pubSubContext(command: "sentinel|masters"),
            "ERR Can't execute 'sentinel|masters': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context"
        ),
        (.onlyHelloPublish, "ERR Only HELLO messages are accepted by Sentinel instances."),
        (.configSaveFailed, "ERR Failed to save config file. Check server logs."),
        (.protocolError("Protocol error: invalid bulk length"), "ERR Protocol error: invalid bulk length"),
        (.maxClients, "ERR max number of clients reached"),
    ]

    static let auth: [(ReplyError, String)] = [
        (.wrongPass, "WRONGPASS invalid username-password pair or user is disabled."),
        (
            .authWithoutPassword,
            "ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?"
        ),
        (
            .helloNotAuthenticated,
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                + "protocol version at the same time"
        ),
        (.protocolVersionNotInteger, "ERR Protocol version is not an integer or out of range"),
        (.unsupportedProtocol, "NOPROTO unsupported protocol version"),
        (.helloSyntax(option: "bogus"), "ERR Syntax error in HELLO option 'bogus'"),
    ]

    static let acl: [(ReplyError, String)] = [
        (.noPermCommand("sentinel|set"), "NOPERM this user has no permissions to run the 'sentinel|set' command"),
        (.noPermChannel, "NOPERM this user has no permissions to access one of the channels used as arguments"),
        (
            .aclRuleOrFile("Error in ACL SETUSER modifier 'x': Syntax error"),
            "ERR Error in ACL SETUSER modifier 'x': Syntax error"
        ),
        (
            .aclNoFile,
            "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL "
                + "SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in "
                + "order to store users in the Redis configuration."
        ),
        (
            .aclSaveFailed,
            "ERR There was an error trying to save the ACLs. Please check the server logs for more information"
        ),
        (.aclDeleteDefault, "ERR The 'default' user cannot be removed"),
        (.aclUnknownCategory("nocat"), "ERR Unknown category 'nocat'"),
        (
            .aclGenpassBits,
            "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096"
        ),
        (.aclUserNotFound("u"), "ERR User 'u' not found"),
        (.aclCommandNotFound("nope"), "ERR Command 'nope' not found"),
    ]

    static let sentinel: [(ReplyError, String)] = [
        (.noSuchPrimary, "ERR No such master with that name"),
        (.invalidQuorum, "ERR Invalid quorum"),
        (.invalidPort, "ERR Invalid port"),
        (.quorumTooSmall, "ERR Quorum must be 1 or greater."),
        (.invalidAddress, "ERR Invalid IP address or hostname specified"),
        (.invalidPortNumber, "ERR Invalid port number."),
        (.duplicatePrimary, "ERR Duplicate master name."),
        (.unknownFailureSimulation, "ERR Unknown failure simulation specified"),
        (.failoverInProgress, "INPROG Failover already in progress"),
        (.noGoodReplica, "NOGOODSLAVE No suitable replica to promote"),
        (
            .noQuorum(usable: 1, quorum: true, majority: false),
            "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master"
        ),
        (
            .noQuorum(usable: 2, quorum: false, majority: true),
            "NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover"
        ),
        (
            .noQuorum(usable: 1, quorum: true, majority: true),
            "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this "
                + "master. Not enough available Sentinels to reach the majority and authorize a failover"
        ),
    ]

    static let sentinelSet: [(ReplyError, String)] = [
        (.setInvalidArgument("0", option: "quorum"), "ERR Invalid argument '0' for SENTINEL SET 'quorum'"),
        (.setUnknownOption("nope"), "ERR Unknown option or number of arguments for SENTINEL SET 'nope'"),
        (
            .scriptsReconfigDenied,
            "ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig "
                + "configuration directive in your Sentinel configuration"
        ),
        (.notificationScriptNotExecutable, "ERR Notification script seems non existing or non executable"),
        (.reconfigScriptNotExecutable, "ERR Client reconfiguration script seems non existing or non executable"),
        (.configUsage, "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported."),
        (
            .configSetInvalidValue("maybe", parameter: "resolve-hostnames"),
            "ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'"
        ),
        (.configSetUnknownParameter("nope"), "ERR Invalid argument 'nope' to SENTINEL CONFIG SET"),
        (.debugUnknownOption("nope"), "ERR Unknown option or number of arguments for SENTINEL DEBUG 'nope'"),
        (
            .debugInvalidArgument("0", option: "ping-period"),
            "ERR Invalid argument '0' for SENTINEL DEBUG 'ping-period'"
        ),
    ]

    static let client: [(ReplyError, String)] = [
        (.invalidClientName, "ERR Client names cannot contain spaces, newlines or special characters."),
        (.clientIDNotPositive, "ERR client-id should be greater than 0"),
        (.invalidClientID, "ERR Invalid client ID"),
        (.unknownClientType("bogus"), "ERR Unknown client type 'bogus'"),
        (.noSuchUser("u"), "ERR No such user 'u'"),
        (.noSuchClient, "ERR No such client"),
        (.unblockReason, "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
        (.pauseMode, "ERR CLIENT PAUSE mode must be WRITE or ALL"),
        (.pauseTimeoutNotInteger, "ERR timeout is not an integer or out of range"),
        (.pauseTimeoutNegative, "ERR timeout is negative"),
        (.noShutdownInProgress, "ERR No shutdown in progress."),
        (.getKeysInvalidCommand, "ERR Invalid command specified"),
        (.getKeysNoKeys, "ERR The command has no key arguments"),
        (.getKeysArity, "ERR Invalid number of arguments specified for command"),
    ]

    @Test(arguments: Self.shared + Self.auth + Self.acl)
    func sharedAuthAndACLTexts(_ error: ReplyError, _ text: String) {
        #expect(error.message == text)
        #expect(error.reply == .error(text))
    }

    @Test(arguments: Self.sentinel + Self.sentinelSet + Self.client)
    func sentinelAndClientTexts(_ error: ReplyError, _ text: String) {
        #expect(error.message == text)
    }
}
