/// The ACL users (`Users` rax in `acl.c`), always holding `default`.
public struct ACLUsers: Equatable, Sendable {
    private var table: [String: ACLUser]
    /// `acl-pubsub-default allchannels`.
    public let allChannelsByDefault: Bool

    /// Only the `default` user, `on nopass ~* &* +@all`.
    public init(allChannelsByDefault: Bool = false) {
        self.allChannelsByDefault = allChannelsByDefault
        self.table = ["default": ACLUser.makeDefault(allChannelsByDefault: allChannelsByDefault)]
    }

    public subscript(name: String) -> ACLUser? { self.table[name] }

    public var defaultUser: ACLUser { self.table["default"]! }

    /// Names in the byte order of Redis's radix tree.
    public var names: [String] {
        self.table.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// `ACLDescribeUser` of every user, `default on nopass ~* &* +@all`, by name: the `user` lines of
    /// `ACL LIST`, `ACL SAVE` and the config rewrite (without the `user ` word).
    public var describedUsers: [String] {
        self.names.map { "\($0) \(self.table[$0]!.description)" }
    }

    /// `createClient`: a new connection starts authenticated iff `default` is `on nopass`.
    public var newClientsAreAuthenticated: Bool {
        self.defaultUser.isNoPass && self.defaultUser.isEnabled
    }

    /// `authRequired`: checked on every command, so turning `default` back to `nopass` lets
    /// connections that never authenticated in.
    public func authRequired(authenticated: Bool) -> Bool {
        !authenticated && !self.newClientsAreAuthenticated
    }

    /// `ACLCheckUserCredentials`.
    public func checkCredentials(user: String, password: String) -> Bool {
        self.table[user]?.accepts(password: password) ?? false
    }

    /// `requirepass` (`ACLUpdateDefaultUserPassword`): `nil` or `""` makes `default` `nopass`.
    public mutating func setDefaultPassword(_ password: String?) {
        var user = self.defaultUser
        try? user.apply("resetpass")
        if let password, !password.isEmpty {
            try? user.apply(">" + password)
        } else {
            try? user.apply("nopass")
        }
        self.table["default"] = user
    }

    /// `ACL SETUSER`: all rules apply to a copy, which replaces the user only if every rule is
    /// valid. Returns the error reply text (without `ERR `) or `nil`.
    public mutating func setUser(_ name: String, rules: [String]) -> String? {
        if ACLSelector.hasSpaces(Array(name.utf8)) { return "Usernames can't contain spaces or null characters" }
        guard let merged = Self.mergeSelectorArguments(rules) else {
            return "Unmatched parenthesis in acl selector starting at '\(rules[Self.unmatchedSelectorStart(rules)])'."
        }
        var user = self.table[name] ?? ACLUser(name: name, allChannelsByDefault: self.allChannelsByDefault)
        for rule in merged {
            do {
                try user.apply(rule)
            } catch {
                return "Error in ACL SETUSER modifier '\(rule)': \(error.message)"
            }
        }
        self.table[name] = user
        return nil
    }

    /// Creates or replaces a user as loading does (`ACLLoadConfiguredUsers`, `ACLLoadFromFile`).
    mutating func store(_ user: ACLUser) {
        self.table[user.name] = user
    }

    /// `ACL DELUSER` of users that exist: the names actually removed. `default` cannot be.
    public mutating func delete(_ names: [String]) -> [String] {
        var removed: [String] = []
        for name in names where name != "default" && self.table.removeValue(forKey: name) != nil {
            removed.append(name)
        }
        return removed
    }

    /// `ACLMergeSelectorArguments`: joins `(a`, `b`, `c)` into `(a b c)`; `nil` if a `(` is
    /// never closed.
    static func mergeSelectorArguments(_ args: [String]) -> [String]? {
        var merged: [String] = []
        var open: String?
        for arg in args {
            if open == nil, arg.hasPrefix("("), !arg.hasSuffix(")") {
                open = arg
                continue
            }
            if let current = open {
                let joined = current + " " + arg
                if arg.hasSuffix(")") {
                    merged.append(joined)
                    open = nil
                } else {
                    open = joined
                }
                continue
            }
            merged.append(arg)
        }
        return open == nil ? merged : nil
    }

    /// The position of the `(` that ``mergeSelectorArguments(_:)`` could not close.
    static func unmatchedSelectorStart(_ args: [String]) -> Int {
        var start = 0
        var open = false
        for (index, arg) in args.enumerated() {
            if !open, arg.hasPrefix("("), !arg.hasSuffix(")") {
                open = true
                start = index
            } else if open, arg.hasSuffix(")") {
                open = false
            }
        }
        return start
    }
}
