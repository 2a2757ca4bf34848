/// Redis's client types (`getClientTypeByName`); a sentinel only has normal and pub/sub clients.
public enum ClientType: Equatable, Sendable {
    case normal, primary, replica, pubsub

    public init?(name: String) {
        switch name.lowercased() {
        case "normal": self = .normal
        case "slave", "replica": self = .replica
        case "pubsub": self = .pubsub
        case "master": self = .primary
        default: return nil
        }
    }
}

/// What one CLIENT LIST / CLIENT INFO line shows (`catClientInfoString` of Redis 7.0.15).
public struct ClientInfo: Sendable {
    public var id: Int
    public var addr: String
    public var laddr: String
    public var fd: Int
    public var name: String
    public var ageSeconds: Int64
    public var idleSeconds: Int64
    public var pubsub: Bool
    public var tracking: ClientTracking
    public var closeAfterReply: Bool
    public var noEvict: Bool
    public var blocked: Bool
    public var channels: Int
    public var patterns: Int
    public var queryBuffer: Int
    public var queryBufferFree: Int
    public var argvMemory: Int
    public var outputBuffer: Int
    public var outputListLength: Int
    public var outputMemory: Int
    public var totalMemory: Int
    public var readBufferSize: Int
    public var readBufferPeak: Int
    public var events: String
    /// `client|list` style; `NULL` before the first known command.
    public var lastCommand: String
    public var user: String
    public var protocolVersion: Int

    public init(id: Int, addr: String, laddr: String, fd: Int) {
        (self.id, self.addr, self.laddr, self.fd) = (id, addr, laddr, fd)
        self.name = ""
        (self.ageSeconds, self.idleSeconds) = (0, 0)
        (self.pubsub, self.closeAfterReply, self.noEvict, self.blocked) = (false, false, false, false)
        self.tracking = ClientTracking()
        (self.channels, self.patterns) = (0, 0)
        (self.queryBuffer, self.queryBufferFree, self.argvMemory) = (0, 0, 0)
        (self.outputBuffer, self.outputListLength, self.outputMemory, self.totalMemory) = (0, 0, 0, 0)
        (self.readBufferSize, self.readBufferPeak) = (0, 0)
        self.events = "r"
        self.lastCommand = "NULL"
        self.user = "default"
        self.protocolVersion = 2
    }

    public var type: ClientType { self.pubsub ? .pubsub : .normal }

    /// The flag letters in Redis's order; `N` when none applies.
    public var flags: String {
        var flags = ""
        if self.pubsub { flags += "P" }
        if self.blocked { flags += "b" }
        if self.tracking.enabled { flags += "t" }
        if self.tracking.bcast { flags += "B" }
        if self.closeAfterReply { flags += "c" }
        if self.noEvict { flags += "e" }
        return flags.isEmpty ? "N" : flags
    }

    /// One line, without the trailing `\n`.
    public var line: String {
        "id=\(self.id) addr=\(self.addr) laddr=\(self.laddr) fd=\(self.fd) name=\(self.name) "
            + "age=\(self.ageSeconds) idle=\(self.idleSeconds) flags=\(self.flags) db=0 sub=\(self.channels) "
            + "psub=\(self.patterns) ssub=0 multi=-1 qbuf=\(self.queryBuffer) qbuf-free=\(self.queryBufferFree) "
            + "argv-mem=\(self.argvMemory) multi-mem=0 rbs=\(self.readBufferSize) rbp=\(self.readBufferPeak) "
            + "obl=\(self.outputBuffer) oll=\(self.outputListLength) omem=\(self.outputMemory) "
            + "tot-mem=\(self.totalMemory) events=\(self.events) cmd=\(self.lastCommand) user=\(self.user) "
            + "redir=\(self.tracking.redirectReply) resp=\(self.protocolVersion)"
    }
}

/// `CLIENT KILL <addr>` or `CLIENT KILL <filter> <value> ...` (Redis 7.0.15 `clientCommand`).
public struct ClientKillFilter: Equatable, Sendable {
    public var addr: String?
    public var laddr: String?
    public var type: ClientType?
    public var id: Int?
    public var user: String?
    /// The old form may kill the caller; the new form skips it unless `SKIPME no`.
    public var skipMe = true
    /// The old form answers `OK` / `ReplyError.noSuchClient` instead of a count.
    public var oldStyle = false

    /// Parses `args` (the full `CLIENT KILL ...`); `.failure` holds Redis's error.
    /// `userExists` answers `USER` filters (`ReplyError.noSuchUser`).
    public static func parse(_ args: [String], userExists: (String) -> Bool) -> Result<Self, ReplyError> {
        var filter = ClientKillFilter()
        if args.count == 3 {
            filter.addr = args[2]
            filter.skipMe = false
            filter.oldStyle = true
            return .success(filter)
        }
        guard args.count > 3 else { return .failure(ReplyError.syntax) }
        var index = 2
        while index < args.count {
            guard index + 1 < args.count else { return .failure(ReplyError.syntax) }
            let value = args[index + 1]
            switch args[index].lowercased() {
            case "id":
                guard let id = Int(value), id >= 1 else {
                    return .failure(ReplyError.clientIDNotPositive)
                }
                filter.id = id
            case "type":
                guard let type = ClientType(name: value) else {
                    return .failure(ReplyError.unknownClientType(value))
                }
                filter.type = type
            case "addr": filter.addr = value
            case "laddr": filter.laddr = value
            case "user":
                guard userExists(value) else { return .failure(ReplyError.noSuchUser(value)) }
                filter.user = value
            case "skipme":
                switch value.lowercased() {
                case "yes": filter.skipMe = true
                case "no": filter.skipMe = false
                default: return .failure(ReplyError.syntax)
                }
            default:
                return .failure(ReplyError.syntax)
            }
            index += 2
        }
        return .success(filter)
    }

    /// Whether the filter selects `client`; `isCaller` is true for the connection asking.
    public func matches(_ client: ClientInfo, isCaller: Bool) -> Bool {
        if let addr, client.addr != addr { return false }
        if let laddr, client.laddr != laddr { return false }
        if let type, client.type != type { return false }
        if let id, client.id != id { return false }
        if let user, client.user != user { return false }
        return !(isCaller && self.skipMe)
    }
}
