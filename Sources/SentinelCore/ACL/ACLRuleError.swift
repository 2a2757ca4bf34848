/// Why an ACL rule was refused; each case is an `errno` of `ACLSetUser` and its text is
/// `ACLSetUserStringError`.
public enum ACLRuleError: Error, Equatable, Sendable {
    /// ENOENT
    case unknownCommandOrCategory
    /// EINVAL
    case syntax
    /// EEXIST
    case keyPatternAfterAll
    /// EISDIR
    case channelPatternAfterAll
    /// ENODEV
    case noSuchPassword
    /// EBADMSG
    case badHash
    /// EALREADY
    case duplicateUser
    /// ECHILD
    case firstArgOfSubcommand

    public var message: String {
        switch self {
        case .unknownCommandOrCategory: "Unknown command or category name in ACL"
        case .syntax: "Syntax error"
        case .keyPatternAfterAll:
            "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any "
                + "effect. Try 'resetkeys' to start with an empty list of patterns"
        case .channelPatternAfterAll:
            "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any "
                + "effect. Try 'resetchannels' to start with an empty list of channels"
        case .noSuchPassword: "The password you are trying to remove from the user does not exist"
        case .badHash:
            "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
        case .duplicateUser: "Duplicate user found. A user can only be defined once in config files"
        case .firstArgOfSubcommand: "Allowing first-arg of a subcommand is not supported"
        }
    }
}
