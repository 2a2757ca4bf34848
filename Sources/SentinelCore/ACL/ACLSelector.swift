/// One ACL selector (`aclSelector`): which commands, keys and channels it allows. A user has a
/// root selector and may have more, written `(...)`; a command runs if any selector allows it.
public struct ACLSelector: Equatable, Sendable {
    /// Key pattern access (`ACL_READ_PERMISSION`, `ACL_WRITE_PERMISSION`).
    struct KeyPattern: Equatable, Sendable {
        static let read = 1
        static let write = 2
        static let all = 3

        var pattern: String
        var flags: Int
    }

    var allKeys = false
    var allChannels: Bool
    /// `SELECTOR_FLAG_ALLCOMMANDS`: set by `+@all`, dropped when any command is removed.
    var allCommands = false
    var commands = ACLCommandBits.none
    /// `+cmd|arg` on a command without subcommands: the first arguments allowed, per ID.
    var firstArgs: [Int: [String]] = [:]
    var keys: [KeyPattern] = []
    var channels: [String] = []

    /// `ACLCreateSelector`: nothing allowed; channels per `acl-pubsub-default`.
    init(allChannels: Bool) {
        self.allChannels = allChannels
    }

    static var index: ACLCommandIndex { .sentinel }

    /// `ACLSetSelector`: applies one key, channel or command rule.
    mutating func apply(_ op: String) throws(ACLRuleError) {
        let lowered = op.lowercased()
        let bytes = Array(op.utf8)
        switch lowered {
        case "allkeys", "~*":
            self.allKeys = true
            self.keys = []
            return
        case "resetkeys":
            self.allKeys = false
            self.keys = []
            return
        case "allchannels", "&*":
            self.allChannels = true
            self.channels = []
            return
        case "resetchannels":
            self.allChannels = false
            self.channels = []
            return
        case "allcommands", "+@all":
            self.commands = .all
            self.allCommands = true
            self.firstArgs = [:]
            return
        case "nocommands", "-@all":
            self.commands = .none
            self.allCommands = false
            self.firstArgs = [:]
            return
        default:
            break
        }
        guard let first = bytes.first else { throw .syntax }
        let second = bytes.count > 1 ? bytes[1] : 0
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "%"):
            try self.addKeyPattern(bytes)
        case UInt8(ascii: "&"):
            if self.allChannels { throw .channelPatternAfterAll }
            let pattern = Array(bytes.dropFirst())
            if Self.hasSpaces(pattern) { throw .syntax }
            let text = String(decoding: pattern, as: UTF8.self)
            if !self.channels.contains(text) { self.channels.append(text) }
            self.allChannels = false
        case UInt8(ascii: "+") where second != UInt8(ascii: "@"):
            try self.allow(String(op.dropFirst()))
        case UInt8(ascii: "-") where second != UInt8(ascii: "@"):
            guard let id = Self.index.id(of: String(op.dropFirst())) else { throw .unknownCommandOrCategory }
            self.changePermission(id, allow: false)
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let flag = ACLCategory.flag(named: String(op.dropFirst(2))) else {
                throw .unknownCommandOrCategory
            }
            self.setCategory(flag, allow: first == UInt8(ascii: "+"))
        default:
            throw .syntax
        }
    }

    /// `+cmd`, `+container|sub`, or `+cmd|first-arg` for a command without subcommands.
    private mutating func allow(_ name: String) throws(ACLRuleError) {
        guard let bar = name.lastIndex(of: "|") else {
            guard let id = Self.index.id(of: name) else { throw .unknownCommandOrCategory }
            return self.changePermission(id, allow: true)
        }
        let base = String(name[..<bar])
        let sub = String(name[name.index(after: bar)...])
        guard let id = Self.index.id(of: base) else { throw .unknownCommandOrCategory }
        if Self.index.parent[id] != nil { throw .firstArgOfSubcommand }
        if sub.isEmpty { throw .syntax }
        if !Self.index.children[id].isEmpty {
            guard let subID = Self.index.id(of: name) else { throw .unknownCommandOrCategory }
            self.changePermission(subID, allow: true)
        } else if !(self.firstArgs[id] ?? []).contains(where: { $0.lowercased() == sub.lowercased() }) {
            self.firstArgs[id, default: []].append(sub)
        }
    }

    /// `~pattern`, `%R~pattern`, `%W~pattern`, `%RW~pattern`.
    private mutating func addKeyPattern(_ bytes: [UInt8]) throws(ACLRuleError) {
        if self.allKeys { throw .keyPatternAfterAll }
        var flags = 0
        var offset = 1
        if bytes[0] == UInt8(ascii: "%") {
            while offset < bytes.count {
                let byte = bytes[offset]
                if (byte | 0x20) == UInt8(ascii: "r") && flags & KeyPattern.read == 0 {
                    flags |= KeyPattern.read
                } else if (byte | 0x20) == UInt8(ascii: "w") && flags & KeyPattern.write == 0 {
                    flags |= KeyPattern.write
                } else if byte == UInt8(ascii: "~") {
                    offset += 1
                    break
                } else {
                    throw .syntax
                }
                offset += 1
            }
        } else {
            flags = KeyPattern.all
        }
        let pattern = Array(bytes[offset...])
        if Self.hasSpaces(pattern) { throw .syntax }
        let text = String(decoding: pattern, as: UTF8.self)
        if let existing = self.keys.firstIndex(where: { $0.pattern == text }) {
            self.keys[existing].flags |= flags
        } else {
            self.keys.append(KeyPattern(pattern: text, flags: flags))
        }
        self.allKeys = false
    }

    /// `ACLSetSelectorCommandBit`: clearing any bit drops `allCommands`.
    mutating func setBit(_ id: Int, _ allow: Bool) {
        self.commands[id] = allow
        if !allow { self.allCommands = false }
    }

    /// `ACLChangeSelectorPerm`: a container takes its subcommands with it.
    mutating func changePermission(_ id: Int, allow: Bool) {
        self.setBit(id, allow)
        self.firstArgs[id] = nil
        for sub in Self.index.children[id] { self.setBit(sub, allow) }
    }

    /// `ACLSetSelectorCommandBitsForCategory`.
    mutating func setCategory(_ flag: UInt32, allow: Bool) {
        for id in Self.index.specs.indices where Self.index.categoryMask[id] & flag != 0 {
            self.changePermission(id, allow: allow)
        }
    }

    /// `ACLStringHasSpaces`: C `isspace` or NUL.
    static func hasSpaces(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 == 0 || $0 == 32 || (9...13).contains($0) }
    }
}
