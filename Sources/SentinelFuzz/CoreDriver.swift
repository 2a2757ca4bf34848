import SentinelCore
import SentinelSimulation

/// One `Sentinel` driven by hand, as `Tests/SentinelCoreTests/Support/SentinelHarness.swift`
/// does: a virtual clock, a seeded RNG, connections that always succeed, and the runtime's part
/// for the query commands (arity check through the command table, then the core's handlers).
struct CoreDriver {
    static let myID = String(repeating: "a", count: 40)
    static let config = """
        sentinel myid \(CoreDriver.myID)
        sentinel monitor mymaster 127.0.0.1 6379 2
        sentinel down-after-milliseconds mymaster 5000
        sentinel monitor other 10.0.0.1 6380 1
        sentinel known-replica mymaster 127.0.0.1 6381
        sentinel known-sentinel mymaster 127.0.0.1 26380 \(String(repeating: "b", count: 40))
        """

    var sentinel: Sentinel
    var access = AccessControl()
    var tracking = ClientTracking()
    var now: Int64 = 1_000_000
    var random = SeededRandom(seed: 42)
    /// Commands sent and not answered, oldest first.
    var outstanding: [(link: LinkID, connection: Connection, args: [String], tag: ReplyTag)] = []

    static let environment = CommandEnvironment(isExecutable: { _ in true })

    /// Built once; every input starts from a copy (the sentinel is a value).
    static let template = CoreDriver(building: ())

    init() { self = Self.template }

    private init(building: Void) {
        let parsed: ParsedConfig
        do {
            parsed = try ConfigParser.parse(Self.config, fileName: "fuzz.conf", environment: .permissive)
        } catch {
            preconditionFailure("the driver's config does not parse: \(error)")
        }
        var random = SeededRandom(seed: 7)
        self.sentinel = Sentinel(config: parsed, now: self.now, random: &random)
        self.collect()
    }

    mutating func collect() {
        for action in self.sentinel.takeActions() {
            switch action {
            case .send(let link, let connection, let args, let tag):
                self.outstanding.append((link, connection, args, tag))
            case .close(let link, let connection):
                self.outstanding.removeAll { $0.link == link && $0.connection == connection }
            case .release(let link):
                self.outstanding.removeAll { $0.link == link }
            case .connect(let link, let connection, _):
                self.sentinel.connectionEstablished(link, connection, localIP: "127.0.0.1")
            default:
                break
            }
        }
        if self.outstanding.count > 256 { self.outstanding.removeFirst(self.outstanding.count - 256) }
    }

    mutating func tick(advance ms: Int64) {
        self.now += ms
        self.sentinel.tick(now: self.now, random: &self.random)
        self.collect()
    }

    /// Answers the oldest outstanding command whose tag `matches`, with `value`.
    mutating func answer(_ value: (ReplyTag) -> RESPValue?) {
        guard let index = self.outstanding.firstIndex(where: { value($0.tag) != nil }) else { return }
        let pending = self.outstanding.remove(at: index)
        self.sentinel.replyReceived(
            value(pending.tag)!, tag: pending.tag, link: pending.link, connection: pending.connection, now: self.now)
        self.collect()
    }

    /// A query-port command as the runtime runs it: unknown commands and wrong arity are refused
    /// by the table first.
    mutating func command(_ args: [String]) {
        guard case .found(let spec) = CommandTable.sentinel.lookup(args) else { return }
        _ = self.access.checkCommand(user: "default", spec: spec, args: args, clientInfo: { "id=1" }, now: self.now)
        defer { self.collect() }
        switch args[0].lowercased() {
        case "sentinel":
            _ = self.sentinel.sentinelCommand(args, now: self.now, environment: Self.environment, random: &self.random)
        case "acl":
            _ = self.access.command(args, currentUser: "default", now: self.now, random: &self.random)
        case "command":
            _ = CommandTable.sentinel.commandReply(args)
        case "client":
            switch args[1].lowercased() {
            case "tracking": _ = self.tracking.command(args, clientExists: { $0 == 1 })
            case "caching": _ = self.tracking.cachingCommand(args[2])
            case "kill": _ = ClientKillFilter.parse(args, userExists: { self.access.users[$0] != nil })
            default: break
            }
        default:
            break
        }
    }
}
