/// `client-output-buffer-limit` for one client class, as the runtime enforces it (Redis 7.0
/// `checkClientOutputBufferLimits`). A limit of 0 is off.
public struct OutputBufferLimit: Equatable, Sendable {
    /// Close at once when this many bytes are queued; 0 = no hard limit.
    public var hard: Int64
    /// Close when at least this many bytes stay queued for more than `seconds`; 0 = no soft limit.
    public var soft: Int64
    /// How long the soft limit may be exceeded, in seconds.
    public var seconds: Int64

    public init(hard: Int64, soft: Int64, seconds: Int64) {
        self.hard = hard
        self.soft = soft
        self.seconds = seconds
    }

    /// True when neither limit is set (the default for normal clients).
    public var isUnlimited: Bool { self.hard == 0 && self.soft == 0 }
}

/// The resource limits of the query port that Redis keeps as standard configs (SPEC §3.4):
/// `proto-max-bulk-len`, `client-query-buffer-limit` and `client-output-buffer-limit`.
/// In sentinel mode `CONFIG` does not exist, so they come from the config file only.
public struct ClientLimits: Equatable, Sendable {
    /// `proto-max-bulk-len` (default 512 MB): longest bulk argument a client may send.
    public var protoMaxBulkLen: Int64
    /// `client-query-buffer-limit` (default 1 GB): most request bytes held for one client.
    public var queryBufferLimit: Int64
    /// `client-output-buffer-limit normal ...` (default 0 0 0).
    public var normalOutput: OutputBufferLimit
    /// `client-output-buffer-limit pubsub ...` (default 32mb 8mb 60).
    public var pubsubOutput: OutputBufferLimit
}

extension ServerOptions {
    /// The limits the config's lines set, Redis's defaults otherwise. The lines were checked by
    /// the parser and kept in `otherDirectives`; they are replayed here in file order, so the
    /// last line for a setting wins as in Redis.
    public var clientLimits: ClientLimits {
        var values: [String: ConfigValue] = [:]
        let names: Set<String> = ["proto-max-bulk-len", "client-query-buffer-limit", "client-output-buffer-limit"]
        for directive in self.otherDirectives {
            guard let option = ConfigOption.named(directive.name), names.contains(option.name),
                let value = try? option.apply(directive.args, current: values[option.name] ?? option.defaultValue)
            else { continue }
            values[option.name] = value
        }
        func number(_ name: String) -> Int64 {
            guard case .integer(let value) = values[name] ?? ConfigOption.named(name)?.defaultValue else { return 0 }
            return value
        }
        var buffers = ClientBufferLimit.defaults
        if case .limits(let configured) = values["client-output-buffer-limit"] { buffers = configured }
        func limit(_ index: Int) -> OutputBufferLimit {
            // Sizes are `unsigned long long` in Redis: clamp the bit patterns of huge ones.
            let clamp = { (value: Int64) in value < 0 ? Int64.max : value }
            return OutputBufferLimit(
                hard: clamp(buffers[index].hard), soft: clamp(buffers[index].soft), seconds: buffers[index].seconds)
        }
        return ClientLimits(
            protoMaxBulkLen: number("proto-max-bulk-len"), queryBufferLimit: number("client-query-buffer-limit"),
            normalOutput: limit(0), pubsubOutput: limit(2))
    }
}
