/// Users from the config file's `user` lines and from an `aclfile` (`ACLAppendUserForLoading`,
/// `ACLLoadConfiguredUsers`, `ACLLoadFromFile`, `ACLSaveToFile`).
extension AccessControl {
    /// The `ACL SAVE` file: one `user <name> <rules>` line per user, by name.
    public var savedFileText: String {
        self.users.describedUsers.map { "user \($0)\n" }.joined()
    }

    /// `ACL LOAD` of the file's text. All or nothing: on any error the users stay as they were
    /// and the error text is returned. On success, the old users other than `default` are
    /// returned: Redis frees them and drops their connections even if the file has them again.
    public mutating func load(fileText: String) -> Result<[String], ACLLoadError> {
        let fileName = self.aclFile ?? ""
        var loaded = ACLUsers(allChannelsByDefault: self.users.allChannelsByDefault)
        var seen: Set<String> = []
        var errors = ""
        for (index, rawLine) in fileText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = Self.trim(String(rawLine), " \t\r\n")
            if line.isEmpty { continue }
            let argv = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard argv[0] == "user", argv.count >= 2 else {
                errors += "\(fileName):\(lineNumber) should start with user keyword followed by the username. "
                continue
            }
            if ACLSelector.hasSpaces(Array(argv[1].utf8)) {
                errors += "'\(fileName):\(lineNumber): username '\(argv[1])' contains invalid characters. "
                continue
            }
            guard seen.insert(argv[1]).inserted else {
                errors += "WARNING: Duplicate user '\(argv[1])' found on line \(lineNumber). "
                continue
            }
            var user = ACLUser(name: argv[1], allChannelsByDefault: self.users.allChannelsByDefault)
            let merged = ACLUsers.mergeSelectorArguments(Array(argv.dropFirst(2)))
            if merged == nil {
                errors += "\(fileName):\(lineNumber): Unmatched parenthesis in selector definition."
            }
            for rule in merged ?? [] {
                do {
                    try user.apply(Self.trim(rule, "\t\r\n"))
                } catch {
                    errors += "\(fileName):\(lineNumber): Error in applying operation '\(rule)': \(error.message). "
                }
            }
            loaded.store(user)
        }
        guard errors.isEmpty else {
            return .failure(
                ACLLoadError(
                    message: errors
                        + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"))
        }
        let dropped = self.users.names.filter { $0 != "default" }
        self.users = loaded
        return .success(dropped)
    }

    /// A line of a config file's `user` directive (`user name rule ...`) as the parser checks
    /// it (`ACLAppendUserForLoading`): unknown commands are only caught when users are loaded.
    /// Returns the config error reason (`Error in user declaration '...': ...`).
    public static func checkConfigUserLine(_ argv: [String], definedUsers: Set<String>) -> String? {
        func failure(_ position: Int, _ error: ACLRuleError) -> String {
            // Redis names argv[position] of the line, though the position counts rules.
            "Error in user declaration '\(argv[position])': \(error.message)"
        }
        if definedUsers.contains(argv[1]) { return failure(1, .duplicateUser) }
        let rules = Array(argv.dropFirst(2))
        guard let merged = ACLUsers.mergeSelectorArguments(rules) else {
            // errno is left over from earlier work in Redis; ENOENT is what 7.0.15 shows.
            return failure(ACLUsers.unmatchedSelectorStart(rules), .unknownCommandOrCategory)
        }
        var user = ACLUser(name: argv[1])
        for (position, rule) in merged.enumerated() {
            do {
                try user.apply(rule)
            } catch {
                if error != .unknownCommandOrCategory { return failure(position, error) }
            }
        }
        return nil
    }

    static func trim(_ text: String, _ characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end && set.contains(scalars[start]) { start += 1 }
        while end > start && set.contains(scalars[end - 1]) { end -= 1 }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start..<end])
        return String(result)
    }
}

/// The text `ACL LOAD` replies with when the file has errors.
public struct ACLLoadError: Error, Equatable, Sendable {
    public var message: String

    public init(message: String) {
        self.message = message
    }
}
