/// `COMMAND` and its subcommands over the sentinel-mode table, as Redis 7.0.15's
/// `commandCommand` family answers them. Arity was already checked by `lookup`.
extension CommandTable {
    /// The reply to `args` (`COMMAND ...`, any case). Entries come in table order where Redis
    /// walks its command dict (hash order, different in every process).
    public func commandReply(_ args: [String]) -> RESPValue {
        guard args.count >= 2 else { return .array(self.commands.map(\.info)) }
        switch args[1].lowercased() {
        case "count":
            return .integer(Int64(self.commands.count))
        case "list":
            return self.list(Array(args.dropFirst(2)))
        case "info":
            guard args.count > 2 else { return .array(self.commands.map(\.info)) }
            return .array(args.dropFirst(2).map { self.command(sds: $0)?.info ?? .null })
        case "docs":
            guard args.count > 2 else {
                return .map(self.commands.map { (.bulkString($0.fullName), $0.docs) })
            }
            let found = args.dropFirst(2).compactMap { self.command(sds: $0) }
            return .map(found.map { (.bulkString($0.fullName), $0.docs) })
        case "getkeys", "getkeysandflags":
            // `getKeysSubcommandImpl`: no sentinel-mode command has key specs, so after the
            // lookup every request ends at "no key arguments" (the arity check comes after it).
            guard let spec = self.resolve(Array(args.dropFirst(2))) else { return .error(.getKeysInvalidCommand) }
            guard spec.hasKeys else { return .error(.getKeysNoKeys) }
            return .error(.getKeysArity)
        case "help":
            return .array(Self.commandHelp.map { .simpleString($0) })
        default:
            return .error(.unknownSubcommand(args[1], container: "COMMAND"))
        }
    }

    /// `lookupCommandBySds`: `name` or `container|sub`; more than one `|`, or a `|` after a
    /// command without subcommands, finds nothing.
    public func command(sds name: String) -> CommandSpec? {
        let parts = name.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard !name.isEmpty, parts.count <= 2, let base = self.command(parts[0]) else { return nil }
        guard parts.count == 2 else { return base }
        return base.isContainer ? base.subcommand(parts[1]) : nil
    }

    /// `COMMAND LIST [FILTERBY MODULE m|ACLCAT c|PATTERN p]`: each `FILTERBY` takes exactly the
    /// two arguments after it; anything else is a syntax error.
    private func list(_ options: [String]) -> RESPValue {
        var filter: (type: String, argument: String)?
        var index = 0
        while index < options.count {
            let moreArgs = options.count - 1 - index
            guard options[index].lowercased() == "filterby", moreArgs == 2 else { return .error(.syntax) }
            let type = options[index + 1].lowercased()
            guard ["module", "aclcat", "pattern"].contains(type) else { return .error(.syntax) }
            filter = (type, options[index + 2])
            index += 3
        }
        let specs = self.commands.flatMap { [$0] + $0.subcommands }
        let kept = specs.filter { spec in
            guard let filter else { return true }
            switch filter.type {
            // Modules cannot be loaded in sentinel mode: no command belongs to one.
            case "module": return false
            case "aclcat": return spec.categories.contains { $0.lowercased() == filter.argument.lowercased() }
            default: return GlobPattern.matches(filter.argument, spec.fullName, caseInsensitive: true)
            }
        }
        return .array(kept.map { .bulkString($0.fullName) })
    }

    static let commandHelp = [
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        "HELP",
        "    Prints this help.",
    ]
}

extension CommandSpec {
    /// Whether `COMMAND INFO` lists key specifications (field 9) for this command.
    public var hasKeys: Bool {
        guard let fields = self.info.elements, fields.count > 8 else { return false }
        return !(fields[8].elements ?? []).isEmpty
    }
}
