/// The answer of a query-port command computed by the core.
public enum CommandReply: Equatable, Sendable {
    /// Send this reply.
    case reply(RESPValue)
    /// Flush the config first; send `reply` if that worked, else `ReplyError.configSaveFailed`
    /// (Redis's `sentinelFlushConfigAndReply`).
    case afterFlush(RESPValue)
    /// Flush the config first, then send this reply whatever the flush did (SPEC §13.6: a failed
    /// SET option still flushes the earlier ones).
    case flushThenReply(RESPValue)

}

/// What the core needs from the outside world to run commands: file-system checks stay out of
/// the pure core. (Host names are resolved by the sentinel's own `resolveHostname`.)
public struct CommandEnvironment: Sendable {
    /// `access(path, X_OK) == 0`, relative to `dir` (SPEC §12).
    public var isExecutable: @Sendable (String) -> Bool

    public init(isExecutable: @escaping @Sendable (String) -> Bool) {
        self.isExecutable = isExecutable
    }
}
