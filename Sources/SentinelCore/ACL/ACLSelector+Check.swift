/// Whether a selector lets a command run (`ACLSelectorCheckCmd`). Sentinel-mode commands name
/// no keys, so only the command bits and the pub/sub channels are checked.
extension ACLSelector {
    /// `ACL_DENIED_*`, ordered as Redis picks the error to report among selectors.
    enum Verdict: Int, Comparable {
        case allowed = 0
        case deniedCommand = 1
        case deniedChannel = 4

        static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The channel arguments a command carries (`getChannelsFromCommand`) and whether they are
    /// patterns. UNSUBSCRIBE / PUNSUBSCRIBE name channels but are never checked.
    static func channelArguments(_ spec: CommandSpec, _ args: [String]) -> (positions: [Int], patterns: Bool) {
        switch spec.fullName {
        case "subscribe": (Array(args.indices.dropFirst()), false)
        case "psubscribe": (Array(args.indices.dropFirst()), true)
        case "publish": (args.count > 1 ? [1] : [], false)
        default: ([], false)
        }
    }

    /// The verdict and, for a channel denial, the argument position of the channel.
    func check(_ spec: CommandSpec, id: Int, args: [String]) -> (Verdict, position: Int) {
        if !self.allCommands && !spec.flags.contains("no_auth") && !self.commands[id] {
            let position = Self.index.parent[id] == nil ? 1 : 2
            guard args.count > position, let allowed = self.firstArgs[id] else { return (.deniedCommand, 0) }
            let argument = args[position].lowercased()
            guard allowed.contains(where: { $0.lowercased() == argument }) else { return (.deniedCommand, 0) }
        }
        if !self.allChannels {
            let (positions, patterns) = Self.channelArguments(spec, args)
            for position in positions where !self.allowsChannel(args[position], isPattern: patterns) {
                return (.deniedChannel, position)
            }
        }
        return (.allowed, 0)
    }

    /// `ACLCheckChannelAgainstList`: a PSUBSCRIBE pattern must equal an allowed pattern; a
    /// channel must match one.
    func allowsChannel(_ channel: String, isPattern: Bool) -> Bool {
        self.channels.contains { pattern in
            isPattern ? pattern == channel : GlobPattern.matches(pattern, channel, caseInsensitive: false)
        }
    }
}
