/// One selector's allowed-commands bitmap (`allowed_commands`): bit `id` for each command of
/// ``ACLCommandIndex``, plus a reserved last bit that only `+@all` sets, so `ACL LIST` can tell
/// "+@all minus something" from "-@all plus something".
struct ACLCommandBits: Equatable, Sendable {
    private var words: [UInt64] = [0, 0]

    /// Never assigned to a command (`USER_COMMAND_BITS_COUNT-1` in Redis).
    static let futureCommandsBit = 127

    static let all = ACLCommandBits(words: [.max, .max])
    static let none = ACLCommandBits()

    private init(words: [UInt64]) {
        self.words = words
    }

    init() {}

    subscript(id: Int) -> Bool {
        get { self.words[id / 64] & (1 << UInt64(id % 64)) != 0 }
        set {
            if newValue {
                self.words[id / 64] |= 1 << UInt64(id % 64)
            } else {
                self.words[id / 64] &= ~(1 << UInt64(id % 64))
            }
        }
    }
}
