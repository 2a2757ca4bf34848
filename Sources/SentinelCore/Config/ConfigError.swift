/// A fatal error while loading the config file (SPEC §2.2, §3.1): the file, the 1-based line
/// number Redis reports, the trimmed line and Redis's reason text.
///
/// Sentinel directives are applied after the whole file is read (SPEC §3.1), yet their errors
/// still name the line they came from. Lines that come from command-line arguments are numbered
/// after the file's lines, as Redis appends them to the file text.
public struct ConfigError: Error, Equatable, Sendable {
    /// How Redis reports the error.
    public enum Kind: Equatable, Sendable {
        /// A bad line: `*** FATAL CONFIG FILE ERROR ***` with the line number and the line.
        case badLine
        /// A check after all lines were read (`Can't open the log file: ...`): the banner and
        /// the reason only.
        case afterLoading
        /// An `include` file that cannot be read: Redis logs `reason` as a warning (not the
        /// banner) and exits with status 1.
        case unreadableInclude
    }

    /// The file the line belongs to (the main config file, or an included file).
    public var fileName: String
    /// 1-based line number; 0 for `.afterLoading` and `.unreadableInclude`.
    public var lineNumber: Int
    /// The line as Redis prints it: trimmed of spaces, tabs and CR/LF at both ends.
    public var line: String
    /// Redis's message, e.g. `Bad directive or wrong number of arguments`.
    public var reason: String
    /// How the error is reported; `.badLine` for nearly everything.
    public var kind: Kind

    /// Creates an error for a bad line (`.badLine`) or another kind.
    public init(fileName: String, lineNumber: Int, line: String, reason: String, kind: Kind = .badLine) {
        self.fileName = fileName
        self.lineNumber = lineNumber
        self.line = line
        self.reason = reason
        self.kind = kind
    }

    /// Exactly what redis-sentinel 7.0.15 writes to stderr before `exit(1)` (SPEC §2.2), e.g.
    ///
    /// ```
    ///
    /// *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
    /// Reading the configuration file, at line 2
    /// >>> 'sentinel down-after-milliseconds nosuchmaster 100'
    /// No such master with specified name.
    /// ```
    ///
    /// (a leading empty line, a trailing newline). For `.unreadableInclude` it is the reason
    /// alone, which Redis logs at WARNING level instead.
    public var fatalMessage: String {
        switch self.kind {
        case .badLine:
            "\n*** FATAL CONFIG FILE ERROR (Redis \(RedisCompatibility.version)) ***\n"
                + "Reading the configuration file, at line \(self.lineNumber)\n"
                + ">>> '\(self.line)'\n"
                + "\(self.reason)\n"
        case .afterLoading:
            "\n*** FATAL CONFIG FILE ERROR (Redis \(RedisCompatibility.version)) ***\n\(self.reason)\n"
        case .unreadableInclude:
            self.reason
        }
    }
}
