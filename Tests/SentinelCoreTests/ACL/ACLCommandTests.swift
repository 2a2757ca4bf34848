import Testing

@testable import SentinelCore

/// Replies checked against redis-sentinel 7.0.15.
@Suite struct ACLCommandTests {
    struct FixedRandom: RandomNumberGenerator {
        var state: UInt64 = 0x1234_5678
        mutating func next() -> UInt64 {
            self.state = self.state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return self.state
        }
    }

    /// A reference, so `#expect` can call mutating commands.
    final class Harness {
        var acl: AccessControl
        init(_ acl: AccessControl = AccessControl()) { self.acl = acl }

        func run(_ command: String, user: String = "default") -> AccessControl.Outcome {
            var random = FixedRandom()
            return self.acl.command(
                command.split(separator: " ").map(String.init), currentUser: user, now: 0, random: &random)
        }

        func reply(_ command: String) -> RESPValue? {
            if case .reply(let value) = self.run(command) { return value }
            return nil
        }
    }

    @Test func getUserShape() {
        let h = Harness(AccessControl())
        #expect(
            h.reply("acl getuser default")
                == .fields([
                    ("flags", .set([.bulkString("on"), .bulkString("nopass")])), ("passwords", .array([])),
                    ("commands", .bulkString("+@all")), ("keys", .bulkString("~*")), ("channels", .bulkString("&*")),
                    ("selectors", .array([])),
                ]))
        #expect(h.reply("acl getuser nobody") == .null)
        _ = h.run("acl setuser u (+ping ~x) (-@all +info)")
        #expect(
            h.reply("acl getuser u")
                == .fields([
                    ("flags", .set([.bulkString("off")])), ("passwords", .array([])),
                    ("commands", .bulkString("-@all")), ("keys", .bulkString("")), ("channels", .bulkString("")),
                    (
                        "selectors",
                        .array([
                            .fields([
                                ("commands", .bulkString("-@all +ping")), ("keys", .bulkString("~x")),
                                ("channels", .bulkString("")),
                            ]),
                            .fields([
                                ("commands", .bulkString("-@all +info")), ("keys", .bulkString("")),
                                ("channels", .bulkString("")),
                            ]),
                        ])
                    ),
                ]))
    }

    @Test func listUsersWhoamiDeluser() {
        let h = Harness(AccessControl())
        _ = h.run("acl setuser b on nopass")
        #expect(
            h.reply("acl list")
                == .array([
                    .bulkString("user b on nopass resetchannels -@all"),
                    .bulkString("user default on nopass ~* &* +@all"),
                ]))
        #expect(h.reply("acl users") == .array([.bulkString("b"), .bulkString("default")]))
        #expect(h.run("acl whoami", user: "b") == .reply(.bulkString("b")))
        #expect(h.reply("acl deluser default b") == .error("ERR The 'default' user cannot be removed"))
        #expect(h.run("acl deluser b nosuch") == .replyAndDisconnect(.integer(1), users: ["b"]))
    }

    @Test func categories() {
        let h = Harness(AccessControl())
        #expect(h.reply("acl cat")?.elements?.count == 21)
        #expect(h.reply("acl cat nocat") == .error("ERR Unknown category 'nocat'"))
        // redis-sentinel 7.0.15 lists 67 @slow commands and subcommands (in its hash order).
        let slow = h.reply("acl cat slow")?.elements?.compactMap(\.text) ?? []
        #expect(slow.count == 67)
        #expect(slow.contains("sentinel|debug") && slow.contains("acl") && !slow.contains("ping"))
        #expect(
            h.reply("acl cat a b")
                == .error("ERR unknown subcommand or wrong number of arguments for 'cat'. Try ACL HELP."))
    }

    @Test func genpassLogAndFileErrors() {
        let h = Harness(AccessControl())
        #expect(h.reply("acl genpass")?.text?.count == 64)
        #expect(h.reply("acl genpass 5")?.text?.count == 2)
        #expect(
            h.reply("acl genpass 0")
                == .error(
                    "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096"
                ))
        #expect(h.reply("acl genpass x") == .error("ERR value is not an integer or out of range"))
        #expect(h.reply("acl log x") == .error("ERR value is not an integer or out of range"))
        #expect(h.reply("acl log -1") == .array([]))
        #expect(h.reply("acl log reset") == .ok)
        #expect(h.reply("acl load") == .error(.aclNoFile))
        #expect(h.reply("acl save") == .error(.aclNoFile))
        h.acl.aclFile = "/tmp/users.acl"
        #expect(h.run("acl save") == .save(path: "/tmp/users.acl"))
    }

    @Test func dryRun() {
        let h = Harness(AccessControl())
        _ = h.run("acl setuser lim on >pw resetchannels &ch* -@all +ping +subscribe +publish")
        #expect(
            h.reply("acl dryrun lim info") == .bulkString("This user has no permissions to run the 'info' command"))
        #expect(
            h.reply("acl dryrun lim subscribe foo")
                == .bulkString("This user has no permissions to access the 'foo' channel"))
        #expect(h.reply("acl dryrun lim subscribe ch1") == .ok)
        #expect(h.reply("acl dryrun lim ping a b c") == .ok)
        #expect(h.reply("acl dryrun nouser ping") == .error("ERR User 'nouser' not found"))
        #expect(h.reply("acl dryrun lim nocmd") == .error("ERR Command 'nocmd' not found"))
        #expect(h.reply("acl dryrun lim sentinel foo") == .error("ERR Command 'sentinel' not found"))
        #expect(
            h.reply("acl dryrun lim sentinel")
                == .error("ERR wrong number of arguments for 'sentinel' command"))
        #expect(
            h.reply("acl dryrun lim sentinel masters")
                == .bulkString("This user has no permissions to run the 'sentinel|masters' command"))
    }

    @Test func loadAndSaveFiles() {
        let h = Harness(AccessControl(aclFile: "users.acl"))
        _ = h.run("acl setuser a on >x +@all")
        let saved = h.acl.savedFileText
        #expect(
            saved
                == "user a on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 resetchannels +@all\n"
                + "user default on nopass ~* &* +@all\n")
        let other = Harness(AccessControl(aclFile: "users.acl"))
        #expect(other.acl.load(fileText: saved) == .success([]))
        #expect(other.acl.users.describedUsers == h.acl.users.describedUsers)
        #expect(h.acl.load(fileText: "user b on nopass\n") == .success(["a"]))
        #expect(h.acl.users.names == ["b", "default"])
        #expect(
            h.acl.load(fileText: "bad\nuser c +nocmd\nuser c on\n")
                == .failure(
                    ACLLoadError(
                        message: "users.acl:1 should start with user keyword followed by the username. "
                            + "users.acl:2: Error in applying operation '+nocmd': Unknown command or category name in ACL. "
                            + "WARNING: Duplicate user 'c' found on line 3. "
                            + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"
                    )))
        #expect(h.acl.users.names == ["b", "default"])
    }

    @Test func configUserLines() {
        #expect(
            AccessControl.checkConfigUserLine(["user", "u1", "on", "badrule"], definedUsers: [])
                == "Error in user declaration 'u1': Syntax error")
        #expect(AccessControl.checkConfigUserLine(["user", "u1", "on", ">x", "+nocmd"], definedUsers: []) == nil)
        #expect(
            AccessControl.checkConfigUserLine(["user", "u1", "off"], definedUsers: ["u1"])
                == "Error in user declaration 'u1': Duplicate user found. A user can only be defined once in config files"
        )
        #expect(
            AccessControl.checkConfigUserLine(["user", "u1", "on", "(+ping"], definedUsers: [])
                == "Error in user declaration 'u1': Unknown command or category name in ACL")
        var server = ServerOptions()
        server.requirepass = "pw"
        server.otherDirectives = [(name: "user", args: ["u1", "on", ">x", "+nocmd"])]
        #expect(throws: AccessControl.StartupFailure.self) {
            try AccessControl.startup(server: server) { _ in .failure(ACLLoadError(message: "")) }
        }
        server.otherDirectives = [(name: "user", args: ["u1", ">x", "+ping"])]
        let (acl, notices) = try! AccessControl.startup(server: server) { _ in .failure(ACLLoadError(message: "")) }
        #expect(acl.users.names == ["default", "u1"])
        #expect(acl.users.defaultUser.passwords == [ConfigSHA256.hexDigest("pw")])
        #expect(notices.count == 1)
    }
}
