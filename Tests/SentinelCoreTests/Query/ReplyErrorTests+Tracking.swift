import Testing

@testable import SentinelCore

extension ReplyErrorTests {
    static let tracking: [(ReplyError, String)] = [
        (.trackingSingleRedirect, "ERR A client can only redirect to a single other client"),
        (.trackingNoRedirectTarget, "ERR The client ID you want redirect to does not exist"),
        (.trackingPrefixWithoutBcast, "ERR PREFIX option requires BCAST mode to be enabled"),
        (
            .trackingBcastSwitch,
            "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                + "re-enabling it with a different mode."
        ),
        (.trackingOptWithBcast, "ERR OPTIN and OPTOUT are not compatible with BCAST"),
        (.trackingOptInAndOut, "ERR You can't use both OPTIN and OPTOUT"),
        (
            .trackingOptSwitch,
            "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                + "re-enabling it with a different mode."
        ),
        (
            .trackingPrefixOverlapsExisting("ab", existing: "a"),
            "ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a single client must not overlap."
        ),
        (
            .trackingPrefixOverlapsProvided("a", other: "ab"),
            "ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap."
        ),
        (
            .cachingWithoutTracking,
            "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
        ),
        (.cachingYesWithoutOptIn, "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."),
        (.cachingNoWithoutOptOut, "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."),
    ]

    @Test(arguments: Self.tracking)
    func trackingTexts(_ error: ReplyError, _ text: String) {
        #expect(error.message == text)
    }

    /// `acceptCommonHandler`'s text, sent raw (`-` and CRLF added by the runtime) before closing.
    @Test func protectedModeText() {
        let parts = [
            "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for ",
            "the default user. In this mode connections are only accepted from the loopback interface. If you want ",
            "to connect from external computers to Redis you may adopt one of the following solutions: 1) Just ",
            "disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface ",
            "by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not ",
            "publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) ",
            "Alternatively you can just disable the protected mode by editing the Redis configuration file, and ",
            "setting the protected mode option to 'no', and then restarting the server. 3) If you started the ",
            "server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an ",
            "authentication password for the default user. NOTE: You only need to do one of the above things in ",
            "order for the server to start accepting connections from the outside.",
        ]
        #expect(ReplyError.protectedMode.message == parts.joined())
    }

    /// Redis formats names with `%.128s`: a longer one is cut, in the catalogue, not by callers.
    @Test func namesAreCutTo128Characters() {
        let long = String(repeating: "n", count: 200)
        let cut = String(repeating: "n", count: 128)
        #expect(
            ReplyError.unknownSubcommand(long, container: "COMMAND").message
                == "ERR unknown subcommand '\(cut)'. Try COMMAND HELP.")
        #expect(
            ReplyError.subcommandSyntax(long, container: "CLIENT").message
                == "ERR unknown subcommand or wrong number of arguments for '\(cut)'. Try CLIENT HELP.")
        #expect(ReplyError.aclUnknownCategory(long).message == "ERR Unknown category '\(cut)'")
    }
}
