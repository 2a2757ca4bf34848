/// The fields Sentinel takes from an instance's `INFO` reply (SPEC §5.5, §4.1).
///
/// `parse(_:)` reproduces what Redis 7.0's `sentinelRefreshInstanceInfo` extracts, quirks included:
///
/// - The text ends at its first NUL byte (Redis passes the reply to `strlen`) and is split on the
///   exact two bytes `\r\n` only: text with bare `\n` line endings is one long line, so almost nothing
///   in it matches.
/// - Every field is a prefix match on the line start; the last matching line wins.
/// - `run_id:` needs at least 40 characters after the colon and keeps exactly the first 40.
/// - `slaveN:` lines need `slave` plus a digit and at least 7 bytes. A line without `ip=` anywhere is
///   the old `<ip>,<port>,<state>` format (skipped unless it has two commas); otherwise `ip=` and
///   `port=` are found anywhere in the line and each value ends at its first comma.
/// - `master_link_down_since_seconds` is matched on its 30-byte name; the value starts one byte later,
///   whatever that byte is, and is read with `strtoll` then multiplied by 1000 (wrapping).
/// - `role:master` / `role:slave` are prefix matches (`role:masterful` is a master), and the replica
///   fields (`master_host`, `master_port`, `master_link_status`, `slave_priority`, `slave_repl_offset`,
///   `replica_announced`) count only on lines **after** a `role:slave` line, and only while no later
///   `role:master` line has switched the role back.
/// - Numbers follow C: `atoi` (glibc: `(int)strtol`, so leading spaces and a sign are accepted,
///   parsing stops at the first non-digit, garbage is 0, overflow saturates to the 64-bit `long` range
///   and is then truncated to 32 bits), `strtoull` for `slave_repl_offset` (`-1` is `UInt64.max`).
/// - `master_link_status` is up only for `up` in any letter case, nothing else on the line.
///
/// Whether the parsed values are applied is the caller's business: Redis uses `replicas` only for
/// records that are masters, and the replica fields only when `role` is `.slave` at that line
/// (already handled here).
public struct InfoReply: Equatable, Sendable {
    /// `run_id:`: the first 40 characters after the colon; nil when no line has at least 40.
    public var runID: String?
    /// The `slaveN:` lines in the order they appear (duplicates kept). `host` may be empty or not an IP
    /// and `port` anything `atoi` makes: Redis hands them as they are to `createSentinelRedisInstance`,
    /// which refuses ports outside 0...65535 (0 is accepted) and hosts `anetResolve` cannot resolve.
    public var replicas: [InstanceAddress]
    /// `master_link_down_since_seconds` × 1000; 0 when absent, as Redis resets it before parsing.
    /// Redis 7.0 reports `-1` (so -1000 here) while a replica has never completed a sync.
    public var primaryLinkDownTime: Int64
    /// The role of the last `role:` line; nil when there is none.
    public var role: ReportedRole?
    /// `master_host:` (after `role:slave`), the rest of the line as is.
    public var primaryHost: String?
    /// `master_port:` (after `role:slave`), `atoi`.
    public var primaryPort: Int?
    /// `master_link_status:` (after `role:slave`): true only for `up`, case-insensitive.
    public var primaryLinkUp: Bool?
    /// `slave_priority:` (after `role:slave`), `atoi`.
    public var replicaPriority: Int?
    /// `slave_repl_offset:` (after `role:slave`), `strtoull`.
    public var replicaReplOffset: UInt64?
    /// `replica_announced:` (after `role:slave`), `atoi`; Redis treats any non-zero value as announced.
    public var replicaAnnounced: Int?
    /// `master_repl_offset:` (any role), `strtoull`. Beyond Redis, which does not read it: the
    /// master's offset a coordinated failover waits for, and the loss estimate (issue 11).
    public var primaryReplOffset: UInt64?
    /// The `state=` and `lag=` of each `slaveN:` line in the `ip=` format, in order (beyond Redis,
    /// which reads neither: fencing counts the replicas in sync, `ReplicaSync`).
    public var replicaSync: [ReplicaSync] = []

    /// Builds a reply from known values; absent fields default to nil, as in a reply that lacks them.
    public init(
        runID: String? = nil,
        replicas: [InstanceAddress] = [],
        primaryLinkDownTime: Int64 = 0,
        role: ReportedRole? = nil,
        primaryHost: String? = nil,
        primaryPort: Int? = nil,
        primaryLinkUp: Bool? = nil,
        replicaPriority: Int? = nil,
        replicaReplOffset: UInt64? = nil,
        replicaAnnounced: Int? = nil,
        primaryReplOffset: UInt64? = nil,
        replicaSync: [ReplicaSync] = []
    ) {
        self.runID = runID
        self.replicas = replicas
        self.primaryLinkDownTime = primaryLinkDownTime
        self.role = role
        self.primaryHost = primaryHost
        self.primaryPort = primaryPort
        self.primaryLinkUp = primaryLinkUp
        self.replicaPriority = replicaPriority
        self.replicaReplOffset = replicaReplOffset
        self.replicaAnnounced = replicaAnnounced
        self.primaryReplOffset = primaryReplOffset
        self.replicaSync = replicaSync
    }

    /// Parses the text of an `INFO` reply as Redis 7.0's `sentinelRefreshInstanceInfo` does (SPEC §5.5).
    public static func parse(_ text: String) -> InfoReply {
        var reply = InfoReply()
        var bytes = Array(text.utf8)
        if let nul = bytes.firstIndex(of: 0) {
            bytes.removeSubrange(nul...)
        }
        for line in Self.splitLines(bytes) {
            reply.apply(line: line)
        }
        return reply
    }

    /// `sdssplitlen(info, strlen(info), "\r\n", 2)`: no lines for empty text, otherwise the pieces
    /// between separators, including an empty last piece after a trailing `\r\n`.
    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        guard !bytes.isEmpty else { return [] }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") {
                lines.append(bytes[start..<index])
                start = index + 2
                index += 2
            } else {
                index += 1
            }
        }
        lines.append(bytes[start...])
        return lines
    }

    /// One iteration of Redis's per-line loop.
    private mutating func apply(line: ArraySlice<UInt8>) {
        let line = Array(line)

        // run_id:<40 hex chars>
        if line.count >= 47 && line.starts(with: Self.runIDPrefix) {
            self.runID = String(decoding: line[7..<47], as: UTF8.self)
        }

        // slaveN: in the old `<ip>,<port>,<state>` or the new `ip=...,port=...` format.
        if line.count >= 7 && line.starts(with: Self.replicaPrefix) && Self.isDigit(line[5]) {
            if let replica = Self.replicaAddress(line: line) {
                self.replicas.append(replica)
            }
            if let sync = ReplicaSync(line: line[...]) {
                self.replicaSync.append(sync)
            }
        }

        // master_link_down_since_seconds:<seconds>
        if line.count >= 32 && line.starts(with: Self.linkDownPrefix) {
            self.primaryLinkDownTime = LibcNumberParsing.strtoll(line[31...]) &* 1000
        }

        // role:<role>
        if line.count >= 11 && line.starts(with: Self.rolePrimaryPrefix) {
            self.role = .primary
        } else if line.count >= 10 && line.starts(with: Self.roleReplicaPrefix) {
            self.role = .replica
        }

        if line.count >= 19 && line.starts(with: Self.primaryOffsetPrefix) {
            self.primaryReplOffset = LibcNumberParsing.strtoull(line[19...])
        }

        guard self.role == .replica else { return }
        if line.count >= 12 && line.starts(with: Self.primaryHostPrefix) {
            self.primaryHost = String(decoding: line[12...], as: UTF8.self)
        }
        if line.count >= 12 && line.starts(with: Self.primaryPortPrefix) {
            self.primaryPort = LibcNumberParsing.atoi(line[12...])
        }
        if line.count >= 19 && line.starts(with: Self.linkStatusPrefix) {
            self.primaryLinkUp = line[19...].map { $0 | 0x20 } == Array("up".utf8)
        }
        if line.count >= 15 && line.starts(with: Self.priorityPrefix) {
            self.replicaPriority = LibcNumberParsing.atoi(line[15...])
        }
        if line.count >= 18 && line.starts(with: Self.offsetPrefix) {
            self.replicaReplOffset = LibcNumberParsing.strtoull(line[18...])
        }
        if line.count >= 18 && line.starts(with: Self.announcedPrefix) {
            self.replicaAnnounced = LibcNumberParsing.atoi(line[18...])
        }
    }

    /// The ip and port of a `slaveN:` line, following Redis's `strchr`/`strstr` walk and the NUL bytes
    /// it writes into the line; nil where Redis `continue`s.
    private static func replicaAddress(line: [UInt8]) -> InstanceAddress? {
        var line = line
        let ip: Int
        let port: Int
        if let ipKey = Self.find(Self.ipKey, in: line, from: 0) {
            // New format: `ip=` and `port=` anywhere; each value ends at its first comma.
            guard let portKey = Self.find(Self.portKey, in: line, from: 0) else { return nil }
            ip = ipKey + 3
            port = portKey + 5
            if let end = Self.cStringIndex(of: UInt8(ascii: ","), in: line, from: ip) {
                line[end] = 0
            }
            if let end = Self.cStringIndex(of: UInt8(ascii: ","), in: line, from: port) {
                line[end] = 0
            }
        } else {
            // Old format: `<ip>,<port>,<state>` after the first colon.
            guard let colon = Self.cStringIndex(of: UInt8(ascii: ":"), in: line, from: 0) else { return nil }
            ip = colon + 1
            guard let comma = Self.cStringIndex(of: UInt8(ascii: ","), in: line, from: ip) else { return nil }
            line[comma] = 0
            port = comma + 1
            guard let end = Self.cStringIndex(of: UInt8(ascii: ","), in: line, from: port) else { return nil }
            line[end] = 0
        }
        let host = String(decoding: Self.cString(line, from: ip), as: UTF8.self)
        return InstanceAddress(host: host, port: LibcNumberParsing.atoi(Self.cString(line, from: port)))
    }

    /// The C string starting at `start`: the bytes up to the first NUL or the end.
    private static func cString(_ bytes: [UInt8], from start: Int) -> ArraySlice<UInt8> {
        let tail = bytes[start...]
        return tail[..<(tail.firstIndex(of: 0) ?? tail.endIndex)]
    }

    /// `strchr`: the first `byte` in the C string starting at `start`.
    private static func cStringIndex(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        Self.cString(bytes, from: start).firstIndex(of: byte)
    }

    /// `strstr`: the first occurrence of `needle` in the C string starting at `start`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        let haystack = Self.cString(bytes, from: start)
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static let runIDPrefix = Array("run_id:".utf8)
    private static let replicaPrefix = Array("slave".utf8)
    private static let ipKey = Array("ip=".utf8)
    private static let portKey = Array("port=".utf8)
    private static let linkDownPrefix = Array("master_link_down_since_seconds".utf8)
    private static let rolePrimaryPrefix = Array("role:master".utf8)
    private static let roleReplicaPrefix = Array("role:slave".utf8)
    private static let primaryHostPrefix = Array("master_host:".utf8)
    private static let primaryPortPrefix = Array("master_port:".utf8)
    private static let linkStatusPrefix = Array("master_link_status:".utf8)
    private static let priorityPrefix = Array("slave_priority:".utf8)
    private static let offsetPrefix = Array("slave_repl_offset:".utf8)
    private static let announcedPrefix = Array("replica_announced:".utf8)
    private static let primaryOffsetPrefix = Array("master_repl_offset:".utf8)
}

/// The C library number parsers Redis applies to INFO fields and hello tokens, reproduced for
/// LP64 glibc (SPEC §5.5, §5.7): base 10, leading C-locale white space skipped, one optional sign,
/// parsing stops at the first non-digit, no digits gives 0.
enum LibcNumberParsing {
    /// `atoi`: glibc's `(int)strtol(s, NULL, 10)`, the 64-bit result truncated to 32 bits.
    static func atoi<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int {
        Int(Int32(truncatingIfNeeded: Self.strtoll(bytes)))
    }

    /// `strtoll(s, NULL, 10)`: saturates to `Int64.min`/`Int64.max` on overflow.
    static func strtoll<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int64 {
        let (negative, magnitude, overflow) = Self.scan(bytes)
        if negative {
            if overflow || magnitude > UInt64(Int64.max) + 1 { return Int64.min }
            return 0 &- Int64(bitPattern: magnitude)
        }
        if overflow || magnitude > UInt64(Int64.max) { return Int64.max }
        return Int64(magnitude)
    }

    /// `strtoull(s, NULL, 10)`: `UInt64.max` on overflow; a `-` negates modulo 2^64.
    static func strtoull<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        let (negative, magnitude, overflow) = Self.scan(bytes)
        if overflow { return UInt64.max }
        return negative ? 0 &- magnitude : magnitude
    }

    /// White space, sign and digits; `overflow` when the digits exceed `UInt64`.
    private static func scan<Bytes: Collection<UInt8>>(
        _ bytes: Bytes
    ) -> (negative: Bool, magnitude: UInt64, overflow: Bool) {
        var index = bytes.startIndex
        while index != bytes.endIndex, Self.isSpace(bytes[index]) {
            index = bytes.index(after: index)
        }
        var negative = false
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index = bytes.index(after: index)
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while index != bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true }
            magnitude = sum
            index = bytes.index(after: index)
        }
        return (negative, magnitude, overflow)
    }

    /// C `isspace` in the C locale: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
    }
}
