/// One ACL user (`struct user`): flags, password hashes and selectors (the root one first).
public struct ACLUser: Equatable, Sendable {
    /// `ACLUserFlags`, in the order `ACL LIST` and `ACL GETUSER` show them.
    public struct Flags: OptionSet, Equatable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let enabled = Flags(rawValue: 1)
        public static let disabled = Flags(rawValue: 2)
        public static let noPass = Flags(rawValue: 4)
        public static let skipSanitizePayload = Flags(rawValue: 8)
        public static let sanitizePayload = Flags(rawValue: 16)

        static let named: [(Flags, String)] = [
            (.enabled, "on"), (.disabled, "off"), (.noPass, "nopass"),
            (.skipSanitizePayload, "skip-sanitize-payload"), (.sanitizePayload, "sanitize-payload"),
        ]
    }

    public let name: String
    public internal(set) var flags: Flags = .disabled
    /// SHA-256 hex digests, in the order they were added.
    public internal(set) var passwords: [String] = []
    var selectors: [ACLSelector]
    /// `acl-pubsub-default allchannels`: new selectors start with all channels.
    let allChannelsByDefault: Bool

    /// `ACLCreateUser`: disabled, no password, nothing allowed.
    public init(name: String, allChannelsByDefault: Bool = false) {
        self.name = name
        self.allChannelsByDefault = allChannelsByDefault
        self.selectors = [ACLSelector(allChannels: allChannelsByDefault)]
    }

    /// `ACLCreateDefaultUser`: `on nopass ~* &* +@all`.
    static func makeDefault(allChannelsByDefault: Bool) -> ACLUser {
        var user = ACLUser(name: "default", allChannelsByDefault: allChannelsByDefault)
        for op in ["+@all", "~*", "&*", "on", "nopass"] { try? user.apply(op) }
        return user
    }

    public var isEnabled: Bool { !self.flags.contains(.disabled) }
    public var isNoPass: Bool { self.flags.contains(.noPass) }

    /// `ACLSetUser`: applies one rule; on error the user may be partly changed (callers work
    /// on a copy, as Redis does with its temporary user).
    public mutating func apply(_ op: String) throws(ACLRuleError) {
        guard !op.isEmpty else { return }
        let bytes = Array(op.utf8)
        switch op.lowercased() {
        case "on":
            self.flags.insert(.enabled)
            self.flags.remove(.disabled)
        case "off":
            self.flags.insert(.disabled)
            self.flags.remove(.enabled)
        case "skip-sanitize-payload":
            self.flags.insert(.skipSanitizePayload)
            self.flags.remove(.sanitizePayload)
        case "sanitize-payload":
            self.flags.remove(.skipSanitizePayload)
            self.flags.insert(.sanitizePayload)
        case "nopass":
            self.flags.insert(.noPass)
            self.passwords = []
        case "resetpass":
            self.flags.remove(.noPass)
            self.passwords = []
        case "clearselectors":
            self.selectors = [self.selectors[0]]
        case "reset":
            for step in ["resetpass", "resetkeys", "resetchannels"] { try self.apply(step) }
            if self.allChannelsByDefault { try self.apply("allchannels") }
            for step in ["off", "sanitize-payload", "clearselectors", "-@all"] { try self.apply(step) }
        default:
            switch bytes[0] {
            case UInt8(ascii: ">"), UInt8(ascii: "#"):
                let hash = try Self.hash(of: op)
                if !self.passwords.contains(hash) { self.passwords.append(hash) }
                self.flags.remove(.noPass)
            case UInt8(ascii: "<"), UInt8(ascii: "!"):
                let hash = try Self.hash(of: op)
                guard let position = self.passwords.firstIndex(of: hash) else { throw .noSuchPassword }
                self.passwords.remove(at: position)
            case UInt8(ascii: "(") where bytes.last == UInt8(ascii: ")"):
                var selector = ACLSelector(allChannels: self.allChannelsByDefault)
                // `sdssplitargs`: quotes work inside; unbalanced quotes give an empty selector.
                for inner in ConfigSyntax.splitArguments(Array(bytes.dropFirst().dropLast())) ?? [] {
                    try selector.apply(inner)
                }
                self.selectors.append(selector)
            default:
                try self.selectors[0].apply(op)
            }
        }
    }

    /// `>pass` / `<pass` hash the clear text; `#hash` / `!hash` must be a valid digest.
    private static func hash(of op: String) throws(ACLRuleError) -> String {
        let rest = String(op.dropFirst())
        if op.hasPrefix(">") || op.hasPrefix("<") { return ConfigSHA256.hexDigest(rest) }
        let valid =
            rest.utf8.count == 64
            && rest.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard valid else { throw .badHash }
        return rest
    }

    /// `ACLDescribeUser`: `on nopass ~* &* +@all`, or `off #<sha> resetchannels -@all (...)`.
    public var description: String {
        var text = ""
        for (flag, name) in Flags.named where self.flags.contains(flag) { text += name + " " }
        for hash in self.passwords { text += "#" + hash + " " }
        text += self.selectors[0].description
        for selector in self.selectors.dropFirst() { text += " (" + selector.description + ")" }
        return text
    }

    /// `ACL GETUSER` (a map in RESP3, flat in RESP2).
    public var reply: RESPValue {
        let flags = Flags.named.filter { self.flags.contains($0.0) }.map { RESPValue.bulkString($0.1) }
        var fields: [(String, RESPValue)] = [
            ("flags", .set(flags)),
            ("passwords", .array(self.passwords.map { .bulkString($0) })),
        ]
        fields += self.selectors[0].replyFields
        fields.append(("selectors", .array(self.selectors.dropFirst().map { .fields($0.replyFields) })))
        return .fields(fields)
    }

    /// Whether the password is right (`ACLCheckUserCredentials`, after the user was found).
    public func accepts(password: String) -> Bool {
        guard self.isEnabled else { return false }
        if self.isNoPass { return true }
        return self.passwords.contains(ConfigSHA256.hexDigest(password))
    }
}
