/// The ACL command categories of Redis 7.0 (`ACLCommandCategories` in `acl.c`). The order is
/// Redis's: `ACL CAT` lists them in it and `ACL LIST` tries them in it when it describes a user.
public enum ACLCategory {
    public static let names = [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
        "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction",
        "scripting",
    ]

    /// The bit of a category (case-insensitive, like `ACLGetCommandCategoryFlagByName`).
    public static func flag(named name: String) -> UInt32? {
        let lowered = name.lowercased()
        return Self.names.firstIndex(of: lowered).map { 1 << UInt32($0) }
    }
}
