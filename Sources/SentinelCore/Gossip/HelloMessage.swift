/// A hello message on `__sentinel__:hello` (SPEC §5.6, §5.7).
///
/// The payload is eight comma-separated fields:
/// `<ip>,<port>,<runid>,<current_epoch>,<master_name>,<master_ip>,<master_port>,<master_config_epoch>`.
public struct HelloMessage: Equatable, Sendable {
    /// The sender's announced address: `announce-ip` or the local address of its link (SPEC §5.6).
    public var sentinelHost: String
    /// The sender's announced port.
    public var sentinelPort: Int
    /// The sender's myid.
    public var runID: String
    /// The sender's current epoch.
    public var currentEpoch: UInt64
    /// The name of the master the hello is about.
    public var primaryName: String
    /// The master's current address as the sender sees it (an IP, or a hostname with
    /// `announce-hostnames yes`).
    public var primaryHost: String
    public var primaryPort: Int
    /// The master's config epoch as the sender sees it.
    public var primaryConfigEpoch: UInt64

    /// A hello to send (SPEC §5.6).
    public init(
        sentinelHost: String,
        sentinelPort: Int,
        runID: String,
        currentEpoch: UInt64,
        primaryName: String,
        primaryHost: String,
        primaryPort: Int,
        primaryConfigEpoch: UInt64
    ) {
        self.sentinelHost = sentinelHost
        self.sentinelPort = sentinelPort
        self.runID = runID
        self.currentEpoch = currentEpoch
        self.primaryName = primaryName
        self.primaryHost = primaryHost
        self.primaryPort = primaryPort
        self.primaryConfigEpoch = primaryConfigEpoch
    }

    /// Parses a received payload as Redis 7.0's `sentinelProcessHelloMessage` does (SPEC §5.7).
    ///
    /// `sdssplitlen` on `,`: every comma separates, empty fields count, and an empty payload has no
    /// fields; anything but exactly 8 fields is nil. Nothing else is validated: ports are `atoi`
    /// (garbage is 0, `12abc` is 12, 32-bit truncation) and epochs `strtoull` (`-1` is `UInt64.max`).
    /// Redis uses each field as a C string, so each ends at its first NUL byte. The checks that
    /// follow in Redis (our own myid, unknown master name, an address it cannot use) are the
    /// caller's.
    public init?(payload: String) {
        let bytes = Array(payload.utf8)
        guard !bytes.isEmpty else { return nil }
        let fields = bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count == 8 else { return nil }
        let tokens = fields.map { field in field[..<(field.firstIndex(of: 0) ?? field.endIndex)] }
        self.sentinelHost = String(decoding: tokens[0], as: UTF8.self)
        self.sentinelPort = LibcNumberParsing.atoi(tokens[1])
        self.runID = String(decoding: tokens[2], as: UTF8.self)
        self.currentEpoch = LibcNumberParsing.strtoull(tokens[3])
        self.primaryName = String(decoding: tokens[4], as: UTF8.self)
        self.primaryHost = String(decoding: tokens[5], as: UTF8.self)
        self.primaryPort = LibcNumberParsing.atoi(tokens[6])
        self.primaryConfigEpoch = LibcNumberParsing.strtoull(tokens[7])
    }

    /// The sender's run id, both addresses and both ports pass `PeerInput`. Redis 7.0 goes on with
    /// whatever it parsed; a hello that fails here is dropped whole, before any of it (the peer,
    /// its epoch, the master's new address) is adopted or persisted.
    public var hasValidPeerFields: Bool {
        PeerInput.isRunID(self.runID) && PeerInput.isHost(self.sentinelHost) && PeerInput.isPort(self.sentinelPort)
            && PeerInput.isHost(self.primaryHost) && PeerInput.isPort(self.primaryPort)
    }

    /// The payload as `sentinelSendHello` formats it, `"%s,%d,%s,%llu,%s,%s,%d,%llu"` (SPEC §5.6).
    public var payload: String {
        "\(self.sentinelHost),\(self.sentinelPort),\(self.runID),\(self.currentEpoch),"
            + "\(self.primaryName),\(self.primaryHost),\(self.primaryPort),\(self.primaryConfigEpoch)"
    }
}
