/// `ACL <subcommand>` (`aclCommand`). The command table has already checked the subcommand
/// and its arity; what is left is each subcommand's own argument handling.
extension AccessControl {
    /// What the runtime does with an `ACL` command.
    public enum Outcome: Equatable, Sendable {
        case reply(RESPValue)
        /// Reply, then drop the connections authenticated as these (deleted) users.
        case replyAndDisconnect(RESPValue, users: [String])
        /// Reply, then drop the pub/sub connections of `user` that use a channel or pattern
        /// no longer allowed (check each with ``AccessControl/channel(_:isAllowedBy:isPattern:)``).
        case replyAndCheckSubscribers(RESPValue, user: String, allowedChannels: [String])
        /// `ACL LOAD`: read ``AccessControl/aclFile`` and call ``AccessControl/load(fileText:)``.
        case load(path: String)
        /// `ACL SAVE`: write ``AccessControl/savedFileText`` to the path.
        case save(path: String)
    }

    public mutating func command(
        _ args: [String], currentUser: String, now: Int64, random: inout some RandomNumberGenerator
    ) -> Outcome {
        let sub = args[1].lowercased()
        switch (sub, args.count) {
        case ("setuser", _):
            let before = self.users[args[2]]
            if let error = self.users.setUser(args[2], rules: Array(args.dropFirst(3))) {
                return .reply(.error(.aclRuleOrFile(error)))
            }
            if let before, let after = self.users[args[2]], let allowed = Self.subscribersToCheck(before, after) {
                return .replyAndCheckSubscribers(.ok, user: args[2], allowedChannels: allowed)
            }
            return .reply(.ok)
        case ("deluser", _):
            if args.dropFirst(2).contains("default") {
                return .reply(.error(.aclDeleteDefault))
            }
            let removed = self.users.delete(Array(args.dropFirst(2)))
            return .replyAndDisconnect(.integer(Int64(removed.count)), users: removed)
        case ("getuser", 3):
            return .reply(self.users[args[2]]?.reply ?? .null)
        case ("list", 2):
            return .reply(.array(self.users.describedUsers.map { .bulkString("user " + $0) }))
        case ("users", 2):
            return .reply(.array(self.users.names.map { .bulkString($0) }))
        case ("whoami", 2):
            return .reply(.bulkString(currentUser))
        case ("load", _) where self.aclFile == nil, ("save", _) where self.aclFile == nil:
            return .reply(.error(.aclNoFile))
        case ("load", 2):
            return .load(path: self.aclFile!)
        case ("save", 2):
            return .save(path: self.aclFile!)
        case ("cat", 2):
            return .reply(.array(ACLCategory.names.map { .bulkString($0) }))
        case ("cat", 3):
            return .reply(Self.category(args[2]))
        case ("genpass", 2), ("genpass", 3):
            return .reply(Self.generatePassword(args.count == 3 ? args[2] : nil, random: &random))
        case ("log", 2), ("log", 3):
            return .reply(self.logCommand(args.count == 3 ? args[2] : nil, now: now))
        case ("dryrun", _):
            return .reply(self.dryRun(user: args[2], command: Array(args.dropFirst(3))))
        case ("help", 2):
            return .reply(.array(Self.help.map { .simpleString($0) }))
        default:
            return .reply(.error(.subcommandSyntax(args[1], container: "ACL")))
        }
    }

    /// `ACL CAT <category>`: the commands and subcommands in it.
    static func category(_ name: String) -> RESPValue {
        guard let flag = ACLCategory.flag(named: name) else {
            return .error(.aclUnknownCategory(name))
        }
        let index = ACLCommandIndex.sentinel
        return .array(
            index.specs.indices.filter { index.categoryMask[$0] & flag != 0 }.map {
                .bulkString(index.specs[$0].fullName)
            })
    }

    /// `ACL GENPASS [bits]`: `(bits + 3) / 4` random hex characters, 256 bits by default.
    static func generatePassword(_ argument: String?, random: inout some RandomNumberGenerator) -> RESPValue {
        var bits: Int64 = 256
        if let argument {
            guard let parsed = ConfigSyntax.string2ll(argument) else { return .error(.notInteger) }
            bits = parsed
        }
        guard bits > 0 && bits <= 4096 else { return .error(.aclGenpassBits) }
        let digits = Array("0123456789abcdef")
        return .bulkString(String((0..<(bits + 3) / 4).map { _ in digits[Int.random(in: 0..<16, using: &random)] }))
    }

    /// `ACL LOG [count | RESET]`.
    mutating func logCommand(_ argument: String?, now: Int64) -> RESPValue {
        guard let argument else { return self.log.reply(now: now) }
        if argument.lowercased() == "reset" {
            self.log.reset()
            return .ok
        }
        guard let count = ConfigSyntax.string2ll(argument) else { return .error(.notInteger) }
        return self.log.reply(count: Int(clamping: count), now: now)
    }

    /// `ACL DRYRUN user command [arg ...]`: `OK` or the reason as a bulk string.
    func dryRun(user name: String, command: [String]) -> RESPValue {
        guard let user = self.users[name] else { return .error(.aclUserNotFound(name)) }
        let spec: CommandSpec
        switch CommandTable.sentinel.lookup(command) {
        case .found(let found):
            spec = found
        case .wrongArity:
            let base = CommandTable.sentinel.command(command[0])!
            let found = command.count > 1 ? base.subcommand(command[1]) ?? base : base
            return .error(.wrongArity(found.fullName))
        case .unknownCommand, .unknownSubcommand:
            return .error(.aclCommandNotFound(command[0]))
        }
        guard let denial = Self.denial(user: user, spec: spec, args: command) else { return .ok }
        return .bulkString(denial.dryRunText)
    }

    /// `ACL HELP` (the `addReplyHelp` header and trailer included).
    static let help = [
        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
        "HELP",
        "    Prints this help.",
    ]
}
