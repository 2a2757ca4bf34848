/// One client's `CLIENT TRACKING` state (Redis 7.0 `enableTracking` / `disableTracking`). A
/// sentinel has no keys, so nothing is ever invalidated; the state is still kept because
/// TRACKINGINFO, GETREDIR, CACHING, CLIENT LIST (`t`, `B`, `redir=`) and INFO show it.
public struct ClientTracking: Equatable, Sendable {
    public private(set) var enabled = false
    public private(set) var redirect: Int64 = 0
    public private(set) var bcast = false
    public private(set) var optIn = false
    public private(set) var optOut = false
    public private(set) var noLoop = false
    /// Set by CLIENT CACHING; cleared after the next command that is not CLIENT.
    public var caching = false
    /// BCAST prefixes, kept sorted as Redis's rax iterates them; `""` when BCAST had none.
    public private(set) var prefixes: [String] = []

    public init() {}

    /// `CLIENT TRACKING on|off [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]`;
    /// returns the reply (`OK` or Redis's error). `clientExists` checks the REDIRECT target.
    public mutating func command(_ args: [String], clientExists: (Int64) -> Bool) -> RESPValue {
        var redirect: Int64 = 0
        var (bcast, optIn, optOut, noLoop) = (false, false, false, false)
        var newPrefixes: [String] = []
        var index = 3
        while index < args.count {
            let moreArgs = args.count - 1 - index > 0
            switch args[index].lowercased() {
            case "redirect" where moreArgs:
                index += 1
                if redirect != 0 { return .error(.trackingSingleRedirect) }
                guard let id = Int64(args[index]) else { return .error(.notInteger) }
                redirect = id
                guard clientExists(id) else { return .error(.trackingNoRedirectTarget) }
            case "bcast": bcast = true
            case "optin": optIn = true
            case "optout": optOut = true
            case "noloop": noLoop = true
            case "prefix" where moreArgs:
                index += 1
                newPrefixes.append(args[index])
            default:
                return .error(.syntax)
            }
            index += 1
        }
        switch args[2].lowercased() {
        case "on":
            if !bcast && !newPrefixes.isEmpty { return .error(.trackingPrefixWithoutBcast) }
            if self.enabled && self.bcast != bcast {
                return .error(.trackingBcastSwitch)
            }
            if bcast && (optIn || optOut) { return .error(.trackingOptWithBcast) }
            if optIn && optOut { return .error(.trackingOptInAndOut) }
            if (optIn && self.optOut) || (optOut && self.optIn) {
                return .error(.trackingOptSwitch)
            }
            if bcast, let error = self.prefixCollision(newPrefixes) { return .error(error) }
            self.enabled = true
            self.redirect = redirect
            (self.bcast, self.optIn, self.optOut, self.noLoop) = (bcast, optIn, optOut, noLoop)
            if bcast {
                self.prefixes = Array(Set(self.prefixes + (newPrefixes.isEmpty ? [""] : newPrefixes)))
                    .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            }
        case "off":
            self = ClientTracking()
        default:
            return .error(.syntax)
        }
        return .ok
    }

    /// `checkPrefixCollisionsOrReply`: no prefix may be a prefix of another.
    private func prefixCollision(_ new: [String]) -> ReplyError? {
        func overlap(_ a: String, _ b: String) -> Bool { a.utf8.starts(with: b.utf8) || b.utf8.starts(with: a.utf8) }
        for (i, prefix) in new.enumerated() {
            if let existing = self.prefixes.first(where: { overlap($0, prefix) }) {
                return .trackingPrefixOverlapsExisting(prefix, existing: existing)
            }
            if let other = new[(i + 1)...].first(where: { overlap(prefix, $0) }) {
                return .trackingPrefixOverlapsProvided(prefix, other: other)
            }
        }
        return nil
    }

    /// `CLIENT CACHING yes|no`.
    public mutating func cachingCommand(_ option: String) -> RESPValue {
        guard self.enabled else {
            return .error(.cachingWithoutTracking)
        }
        switch option.lowercased() {
        case "yes":
            guard self.optIn else { return .error(.cachingYesWithoutOptIn) }
        case "no":
            guard self.optOut else { return .error(.cachingNoWithoutOptOut) }
        default:
            return .error(.syntax)
        }
        self.caching = true
        return .ok
    }

    /// `CLIENT GETREDIR` and CLIENT LIST's `redir=`.
    public var redirectReply: Int64 { self.enabled ? self.redirect : -1 }

    /// `addReplyTrackingInfo`.
    public var info: RESPValue {
        var flags = [self.enabled ? "on" : "off"]
        if self.enabled {
            if self.bcast { flags.append("bcast") }
            if self.optIn { flags.append(contentsOf: self.caching ? ["optin", "caching-yes"] : ["optin"]) }
            if self.optOut { flags.append(contentsOf: self.caching ? ["optout", "caching-no"] : ["optout"]) }
            if self.noLoop { flags.append("noloop") }
        }
        return .fields([
            ("flags", .set(flags.map { .bulkString($0) })),
            ("redirect", .integer(self.redirectReply)),
            ("prefixes", .array(self.prefixes.map { .bulkString($0) })),
        ])
    }
}
