#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses `sentinel.conf` the way redis-sentinel 7.0.15 loads it (SPEC §2.1, §3.1–§3.5):
/// redis.conf syntax, every Redis 7.0 directive accepted, `sentinel` lines applied after the
/// file in three passes, and Redis's exact error texts (``ConfigError``).
///
/// Known differences from 7.0.15: `loglevel nothing` and the Valkey alias
/// `sentinel primary-reboot-down-after-period` are accepted; the rules of `user` lines are not
/// checked (the ACL code does that when it loads them); `include` does not expand wildcards;
/// a `-` argument (config from stdin) is taken as a plain value.
public enum ConfigParser {
    /// The file-system checks Redis makes while loading (SPEC §2.2, §3.4): `dir` changes the
    /// working directory, the log file must open for appending, `include` reads another file.
    /// Paths are already resolved against the `dir` in effect. Each check returns `strerror`'s
    /// text on failure.
    public struct Environment: Sendable {
        /// Why `chdir(path)` would fail, e.g. `No such file or directory`; `nil` if it works.
        public var changeDirectoryError: @Sendable (String) -> String?
        /// Why `fopen(path, "a")` would fail; `nil` if it works.
        public var openLogFileError: @Sendable (String) -> String?
        /// The text of an included file, or `strerror`'s text.
        public var readIncludedFile: @Sendable (String) -> Result<String, AccessError>

        /// Creates an environment from the three checks.
        public init(
            changeDirectoryError: @escaping @Sendable (String) -> String?,
            openLogFileError: @escaping @Sendable (String) -> String?,
            readIncludedFile: @escaping @Sendable (String) -> Result<String, AccessError>
        ) {
            self.changeDirectoryError = changeDirectoryError
            self.openLogFileError = openLogFileError
            self.readIncludedFile = readIncludedFile
        }

        /// The real file system, checked with `stat` / `access`, nothing created or changed.
        public static let live = Environment(
            changeDirectoryError: { ConfigFileSystem.changeDirectoryError($0) },
            openLogFileError: { ConfigFileSystem.openForAppendError($0) },
            readIncludedFile: { ConfigFileSystem.read($0) })

        /// Every directory exists, every log file opens, no file can be included (for tests).
        public static let permissive = Environment(
            changeDirectoryError: { _ in nil },
            openLogFileError: { _ in nil },
            readIncludedFile: { _ in .failure(AccessError(message: "No such file or directory")) })
    }

    /// A failed file access, with `strerror`'s text.
    public struct AccessError: Error, Equatable, Sendable {
        /// `strerror`'s text, e.g. `No such file or directory`.
        public var message: String

        /// A failure with `strerror`'s text.
        public init(message: String) { self.message = message }
    }

    /// Parses a config file's text (SPEC §3).
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - fileName: the file's path, for ``ConfigError/fileName``.
    ///   - extraArguments: the command-line arguments after the config path
    ///     (`--port 26380 --sentinel monitor m 127.0.0.1 6379 2`), appended as extra lines the way
    ///     Redis's `main()` builds them (SPEC §2.1).
    ///   - isExecutable: `access(path, X_OK) == 0` for `notification-script` /
    ///     `client-reconfig-script` (a relative path is passed resolved against `dir`).
    ///   - environment: the other file-system checks.
    public static func parse(
        _ text: String,
        fileName: String,
        extraArguments: [String] = [],
        isExecutable: (String) -> Bool = ConfigParser.isExecutableFile,
        environment: Environment = .live
    ) throws(ConfigError) -> ParsedConfig {
        var loader = ConfigLoader(environment: environment)
        let fullText = text + "\n" + Self.commandLineOptions(extraArguments)
        try loader.load(fullText, fileName: fileName, depth: 0)
        try loader.finishLoading(fileName: fileName)
        try ConfigParser.applySentinelLines(
            loader.sentinelLines, to: &loader.config, loader: loader, isExecutable: isExecutable)
        return loader.config
    }

    /// `access(path, X_OK) == 0`.
    public static func isExecutableFile(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// The config text Redis's `main()` builds from the arguments after the config file: each
    /// `--name` starts a new line, the values that follow are appended quoted (`sdscatrepr`).
    /// `--save` and `--sentinel` without a value are the special cases of Redis 7.0.
    public static func commandLineOptions(_ arguments: [String]) -> String {
        var options = ""
        var handledLastArgument = true
        for (index, argument) in arguments.enumerated() {
            let isLast = index == arguments.count - 1
            let nextIsOption = !isLast && arguments[index + 1].hasPrefix("--")
            if handledLastArgument, argument.hasPrefix("--") {
                if !options.isEmpty { options += "\n" }
                options += String(argument.dropFirst(2)) + " "
                if ConfigSyntax.splitArguments(Array(argument.utf8))?.count == 1 {
                    handledLastArgument = false
                    let name = argument.lowercased()
                    if name == "--save", nextIsOption {
                        options += "\"\""
                        handledLastArgument = true
                    } else if name == "--save", isLast {
                        options += "\"\""
                    } else if name == "--sentinel", nextIsOption {
                        handledLastArgument = true
                    }
                } else {
                    handledLastArgument = true
                }
            } else {
                options += ConfigSyntax.quoted(argument) + " "
                handledLastArgument = true
            }
        }
        return options
    }

    /// `dir` resolution: an absolute path replaces the current directory, a relative one is
    /// appended to it.
    static func resolve(_ path: String, against directory: String?) -> String {
        guard let directory, !path.hasPrefix("/") else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

/// The main loop of `loadServerConfigFromString` (config.c): everything but the queued
/// `sentinel` lines.
struct ConfigLoader {
    /// A queued `sentinel` line (`queueSentinelConfig`).
    struct SentinelLine {
        /// The arguments after `sentinel`.
        var arguments: [String]
        /// The line number reported on error.
        var lineNumber: Int
        /// The trimmed line, reported on error.
        var line: String
        /// The file the line came from (an included file, or the main one).
        var fileName: String
    }

    /// The file-system checks.
    let environment: ConfigParser.Environment
    /// What the lines set so far (sentinel lines excluded).
    var config = ParsedConfig()
    /// The queued `sentinel` lines, in file order.
    var sentinelLines: [SentinelLine] = []
    /// The directory `dir` lines moved to, `nil` = the process's own.
    var directory: String?
    /// Current values of the standard configs that were set, for multi-line configs and checks.
    var values: [String: ConfigValue] = [:]
    /// The server commands that exist for `rename-command` (SPEC §13.2), lower-cased.
    var commands: Set<String> = [
        "acl", "auth", "client", "command", "hello", "info", "ping", "publish", "subscribe", "unsubscribe",
        "psubscribe", "punsubscribe", "role", "shutdown", "sentinel",
    ]

    /// The names of the `user` lines so far: a name may be defined once.
    var userNames: Set<String> = []

    /// A loader with nothing loaded yet.
    init(environment: ConfigParser.Environment) {
        self.environment = environment
    }

    /// Loads one file's text line by line (SPEC §3.1); `depth` counts nested `include`s.
    mutating func load(_ text: String, fileName: String, depth: Int) throws(ConfigError) {
        for (index, rawLine) in ConfigSyntax.splitLines(text).enumerated() {
            let lineBytes = ConfigSyntax.trim(rawLine)
            if lineBytes.isEmpty || lineBytes[0] == UInt8(ascii: "#") { continue }
            let line = ConfigSyntax.string(lineBytes)
            func failure(_ reason: String) -> ConfigError {
                ConfigError(fileName: fileName, lineNumber: index + 1, line: line, reason: reason)
            }
            guard var arguments = ConfigSyntax.splitArguments(lineBytes) else {
                throw failure("Unbalanced quotes in configuration line")
            }
            if arguments.isEmpty { continue }
            arguments[0] = arguments[0].lowercased()
            do {
                try self.handle(arguments, fileName: fileName, lineNumber: index + 1, line: line, depth: depth)
            } catch {
                switch error {
                case .reason(let reason): throw failure(reason)
                case .nested(let nested): throw nested
                }
            }
        }
    }

    private mutating func handle(
        _ arguments: [String], fileName: String, lineNumber: Int, line: String, depth: Int
    ) throws(ConfigLoadFailure) {
        let name = arguments[0]
        let values = Array(arguments.dropFirst())
        if let option = ConfigOption.named(name) {
            if !option.isMultiArgument, arguments.count != 2 { throw .reason("wrong number of arguments") }
            let value: ConfigValue
            do {
                value = try option.apply(values, current: self.values[option.name] ?? option.defaultValue)
            } catch {
                throw ConfigLoadFailure(error)
            }
            if option.name == "dir" {
                let target = ConfigParser.resolve(values[0], against: self.directory)
                if let error = self.environment.changeDirectoryError(target) { throw .reason(error) }
                self.directory = target
            }
            self.values[option.name] = value
            if !self.setModeledOption(option.name, value) {
                self.config.server.otherDirectives.append((name: name, args: values))
            }
            return
        }
        let deprecated = ["list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands"]
        if deprecated.contains(name), arguments.count == 2 {
            self.config.server.otherDirectives.append((name: name, args: values))
            return
        }
        switch name {
        case "include" where arguments.count == 2:
            try self.include(values[0], depth: depth)
            return
        case "rename-command" where arguments.count == 3:
            let command = values[0].lowercased()
            guard self.commands.contains(command) else { throw .reason("No such command in rename-command") }
            self.commands.remove(command)
            if !values[1].isEmpty {
                guard !self.commands.contains(values[1].lowercased()) else {
                    throw .reason("Target command name already exists")
                }
                self.commands.insert(values[1].lowercased())
            }
        case "user" where arguments.count >= 2:
            if let reason = AccessControl.checkConfigUserLine(arguments, definedUsers: self.userNames) {
                throw .reason(reason)
            }
            self.userNames.insert(arguments[1])
        case "loadmodule" where arguments.count >= 2:
            break
        case _ where name.contains("."):
            if arguments.count < 2 { throw .reason("Module config specified without value") }
        case "sentinel":
            if arguments.count > 1 {
                self.sentinelLines.append(
                    SentinelLine(arguments: values, lineNumber: lineNumber, line: line, fileName: fileName))
            }
            return
        default:
            throw .reason("Bad directive or wrong number of arguments")
        }
        self.config.server.otherDirectives.append((name: name, args: values))
    }

    /// `include <path>`: the file's lines are loaded at once, numbered on their own.
    private mutating func include(_ path: String, depth: Int) throws(ConfigLoadFailure) {
        let resolved = ConfigParser.resolve(path, against: self.directory)
        if depth >= 32 { throw .reason("Too many nested include directives") }
        switch self.environment.readIncludedFile(resolved) {
        case .success(let text):
            self.config.server.otherDirectives.append((name: "include", args: [path]))
            do {
                try self.load(text, fileName: path, depth: depth + 1)
            } catch {
                throw .nested(error)
            }
        case .failure(let error):
            throw .nested(
                ConfigError(
                    fileName: path, lineNumber: 0, line: "",
                    reason: "Fatal error, can't open config file '\(path)': \(error.message)",
                    kind: .unreadableInclude))
        }
    }

    /// Stores the ``ServerOptions`` fields; `false` for the configs kept in `otherDirectives`.
    private mutating func setModeledOption(_ name: String, _ value: ConfigValue) -> Bool {
        var server = self.config.server
        switch (name, value) {
        case ("port", .integer(let port)): server.port = Int(port)
        case ("bind", .words(let addresses)): server.bind = addresses
        case ("dir", .string): server.dir = self.directory
        case ("logfile", .string(let file)): server.logfile = file ?? ""
        case ("loglevel", .integer(let level)): server.loglevel = LogLevel(rawValue: Int(level)) ?? .notice
        case ("requirepass", .string(let password)): server.requirepass = password
        case ("protected-mode", .bool(let flag)): server.protectedMode = flag
        case ("daemonize", .bool(let flag)): server.daemonize = flag
        case ("pidfile", .string(let file)): server.pidfile = file
        case ("maxclients", .integer(let count)): server.maxclients = Int(count)
        case ("timeout", .integer(let seconds)): server.timeout = Int(seconds)
        case ("tcp-keepalive", .integer(let seconds)): server.tcpKeepalive = Int(seconds)
        case ("bind-source-addr", .string(let address)): server.bindSourceAddr = address
        case ("tls-port", .integer(let port)): server.tlsPort = Int(port)
        case ("tls-replication", .bool(let flag)): server.tlsReplication = flag
        default: return false
        }
        self.config.server = server
        return true
    }

    /// The checks after the last line (`loadServerConfigFromString`): the log file must open,
    /// `replicaof` is refused in cluster mode.
    mutating func finishLoading(fileName: String) throws(ConfigError) {
        func failure(_ reason: String) -> ConfigError {
            ConfigError(fileName: fileName, lineNumber: 0, line: "", reason: reason, kind: .afterLoading)
        }
        let logfile = self.config.server.logfile
        if !logfile.isEmpty,
            let error = self.environment.openLogFileError(ConfigParser.resolve(logfile, against: self.directory))
        {
            throw failure("Can't open the log file: \(error)")
        }
        if case .bool(true) = self.values["cluster-enabled"], case .words(let primary) = self.values["replicaof"],
            !primary.isEmpty
        {
            throw failure("replicaof directive not allowed in cluster mode")
        }
    }
}

/// Why a line failed: Redis's reason for this line, or an error inside an included file.
enum ConfigLoadFailure: Error {
    case reason(String)
    case nested(ConfigError)

    /// A config value check failure.
    init(_ reason: ConfigReason) { self = .reason(reason.text) }
}
