/// Loading the users when the sentinel starts (`ACLLoadUsersAtStartup`): `requirepass`, then
/// the config's `user` lines, then the `aclfile`.
extension AccessControl {
    /// A fatal startup problem: the warnings Redis logs before `exit(1)`.
    public struct StartupFailure: Error, Equatable, Sendable {
        public var warnings: [String]
    }

    /// The users, log and file settings of a parsed config, plus notices to log.
    /// - Parameter readFile: the file's text, or the `strerror` text when it cannot be opened.
    public static func startup(
        server: ServerOptions, readFile: (String) -> Result<String, ACLLoadError>
    ) throws(StartupFailure) -> (AccessControl, notices: [String]) {
        let values = ConfigRewriter.currentValues(server)
        // `acl-pubsub-default`: index 0 of the choice is `allchannels`.
        let allChannels = values["acl-pubsub-default"] == .integer(0)
        var acl = AccessControl(users: ACLUsers(allChannelsByDefault: allChannels))
        if case .integer(let length) = values["acllog-max-len"] { acl.log.maxLength = Int(clamping: length) }
        if case .string(let file?) = values["aclfile"], !file.isEmpty { acl.aclFile = file }
        acl.users.setDefaultPassword(server.requirepass)
        let lines = server.otherDirectives.filter { $0.name == "user" }.map(\.args)
        if acl.aclFile != nil && !lines.isEmpty {
            throw StartupFailure(warnings: [
                "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is "
                    + "invalid. This setup is very likely to lead to configuration errors and security holes, please "
                    + "define either an ACL file or declare users directly in your redis.conf, but not both."
            ])
        }
        var notices: [String] = []
        for args in lines {
            let critical = "Critical error while loading ACLs. Exiting."
            if ACLSelector.hasSpaces(Array(args[0].utf8)) {
                throw StartupFailure(warnings: ["Spaces not allowed in ACL usernames", critical])
            }
            var user = acl.users[args[0]] ?? ACLUser(name: args[0], allChannelsByDefault: allChannels)
            if args[0] == "default" { try? user.apply("reset") }
            for rule in ACLUsers.mergeSelectorArguments(Array(args.dropFirst())) ?? [] {
                do {
                    try user.apply(rule)
                } catch {
                    throw StartupFailure(warnings: [
                        "Error loading ACL rule '\(rule)' for the user named '\(args[0])': \(error.message)", critical,
                    ])
                }
            }
            acl.users.store(user)
            if !user.isEnabled {
                notices.append(
                    "The user '\(args[0])' is disabled (there is no 'on' modifier in the user description). Make sure "
                        + "this is not a configuration error.")
            }
        }
        if let file = acl.aclFile {
            let loaded = readFile(file).flatMap { acl.load(fileText: $0) }
            if case .failure(let error) = loaded {
                throw StartupFailure(warnings: ["Aborting Redis startup because of ACL errors: \(error.message)"])
            }
        }
        return (acl, notices)
    }
}
