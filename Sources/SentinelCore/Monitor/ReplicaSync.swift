/// How far one replica is behind, from a master's `INFO` line
/// `slaveN:ip=…,port=…,state=online,offset=…,lag=N` (beyond Redis, whose parser reads only the
/// address). Fencing (`Fence`) counts the replicas in sync.
///
/// `lag` is the number of whole seconds since the replica's last `REPLCONF ACK`, measured on the
/// master's cached clock; replicas acknowledge once a second, so a connected replica shows 0 or 1
/// (now and then 2 for a moment, when an acknowledgement comes a little late across two second
/// boundaries).
public struct ReplicaSync: Equatable, Sendable {
    /// `state=online`: the replica finished its sync and is streaming.
    public var online: Bool
    /// `lag=`, `strtoll` of its value (saturating); nil when the line has no `lag=` field.
    public var lag: Int64?

    public init(online: Bool, lag: Int64?) {
        self.online = online
        self.lag = lag
    }

    /// Online and acknowledged within `maxLag` seconds (a negative lag is not in sync).
    public func isInSync(maxLag: Int64) -> Bool {
        guard self.online, let lag = self.lag else { return false }
        return lag >= 0 && lag <= maxLag
    }

    /// The fields of a `slaveN:` line in the `ip=` format: after the first `:`, comma-separated
    /// `key=value` pairs; the first `state` and the first `lag` count. Nil for a line without
    /// `ip=` fields (the old `<ip>,<port>,<state>` format, which has no lag) or without a `state`.
    /// The text ends at the first NUL, as the rest of the parser reads it.
    init?(line: ArraySlice<UInt8>) {
        let text = line[..<(line.firstIndex(of: 0) ?? line.endIndex)]
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var state: ArraySlice<UInt8>?
        var lag: Int64?
        var sawIP = false
        for field in text[text.index(after: colon)...].split(
            separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
        {
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = field[..<equals]
            let value = field[field.index(after: equals)...]
            if key.elementsEqual(Self.ipKey) {
                sawIP = true
            } else if key.elementsEqual(Self.stateKey), state == nil {
                state = value
            } else if key.elementsEqual(Self.lagKey), lag == nil {
                lag = LibcNumberParsing.strtoll(value)
            }
        }
        guard sawIP, let state else { return nil }
        self.online = state.elementsEqual(Self.online)
        self.lag = lag
    }

    private static let ipKey = Array("ip".utf8)
    private static let stateKey = Array("state".utf8)
    private static let lagKey = Array("lag".utf8)
    private static let online = Array("online".utf8)
}
