/// The ACL security log (`ACLLog`, `addACLLogEntry`): newest first, similar entries within a
/// minute grouped into one with a count, at most `acllog-max-len` entries.
public struct ACLLog: Equatable, Sendable {
    public enum Reason: String, Sendable {
        case command, key, channel, auth
    }

    struct Entry: Equatable, Sendable {
        var count: Int64
        var reason: Reason
        var context: String
        var object: String
        var username: String
        /// Milliseconds of the last update.
        var time: Int64
        /// `CLIENT INFO` of the last client.
        var clientInfo: String
    }

    /// `ACL_LOG_GROUPING_MAX_TIME_DELTA`.
    static let groupingWindow: Int64 = 60_000

    private(set) var entries: [Entry] = []
    public var maxLength: Int

    public init(maxLength: Int = 128) {
        self.maxLength = maxLength
    }

    public var count: Int { self.entries.count }

    /// Records a denial. Only the 10 newest entries are searched for one to group with.
    public mutating func add(
        reason: Reason, object: String, username: String, clientInfo: String, now: Int64, context: String = "toplevel"
    ) {
        let match = self.entries.prefix(10).firstIndex { entry in
            entry.reason == reason && entry.context == context && abs(entry.time - now) <= Self.groupingWindow
                && entry.object == object && entry.username == username
        }
        if let match {
            var entry = self.entries.remove(at: match)
            entry.count += 1
            entry.time = now
            entry.clientInfo = clientInfo
            self.entries.insert(entry, at: 0)
            return
        }
        self.entries.insert(
            Entry(
                count: 1, reason: reason, context: context, object: object, username: username, time: now,
                clientInfo: clientInfo), at: 0)
        if self.entries.count > self.maxLength { self.entries.removeLast(self.entries.count - self.maxLength) }
    }

    public mutating func reset() {
        self.entries = []
    }

    /// `ACL LOG [count]`: the newest `count` entries (default 10) as 7-field maps.
    public func reply(count: Int = 10, now: Int64) -> RESPValue {
        .array(
            self.entries.prefix(max(count, 0)).map { entry in
                .fields([
                    ("count", .integer(entry.count)),
                    ("reason", .bulkString(entry.reason.rawValue)),
                    ("context", .bulkString(entry.context)),
                    ("object", .bulkString(entry.object)),
                    ("username", .bulkString(entry.username)),
                    ("age-seconds", .double(Double(now - entry.time) / 1000)),
                    ("client-info", .bulkString(entry.clientInfo)),
                ])
            })
    }
}
