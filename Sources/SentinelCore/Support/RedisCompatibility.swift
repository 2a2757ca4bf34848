/// The names clients and peers know swift-sentinel by, in one place.
public enum RedisCompatibility {
    /// The Redis version whose Sentinel is matched: INFO `redis_version`, HELLO's `version`, the
    /// fatal config error banner, `--version` and the startup line.
    public static let version = "7.0.15"
    /// The pub/sub channel of hello gossip (SPEC §5.6), on monitored Redis and on the query port.
    public static let helloChannel = "__sentinel__:hello"
}
