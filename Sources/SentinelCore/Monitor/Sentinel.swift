/// The whole sentinel as one value: every master, replica and peer, their links and the timers
/// (DESIGN "The one picture"). No I/O, no clock, no randomness of its own: time comes in as `now`
/// (milliseconds on a monotonic clock), random numbers through the generator the owner passes.
///
/// Inputs are `mutating func`s named for what happened; what to do comes out as
/// ``SentinelAction``s collected in `actions`, which the owner drains after every input.
public struct Sentinel: Sendable {
    public private(set) var myID: String
    public internal(set) var currentEpoch: UInt64
    public internal(set) var settings: SentinelSettings
    public var server: ServerOptions
    public internal(set) var timers = SentinelTimers()

    var primaries = PrimaryTable()
    /// Iteration order of `masters` (creation order), so every walk is deterministic.
    var primaryOrder: [String] = []
    var links = LinkTable()
    var nextLinkID = 1

    public internal(set) var tilt = false
    var tiltStartTime: Int64 = 0
    var previousTickTime: Int64
    /// `SENTINEL SIMULATE-FAILURE` bits (SPEC §13.3): 1 = crash after election, 2 = after promotion.
    public internal(set) var simulateFailureFlags = 0

    var scripts = ScriptQueue()
    /// Retry connections this tick may still open (`SentinelConstants.maxRetryConnectsPerTick`).
    var reconnectBudget = SentinelConstants.maxRetryConnectsPerTick
    /// Retries over a tick's budget, served first by the next ticks.
    var retryQueue = RetryQueue()

    /// Actions produced since the owner last drained them.
    public internal(set) var actions: [SentinelAction] = []

    /// Resolves a hostname to an IP (`anetResolve`) when `resolve-hostnames yes`; the owner
    /// passes getaddrinfo, tests a table. Literal IPs never reach it.
    let resolveHostname: @Sendable (String) -> String?

    /// Builds the sentinel from a parsed config (SPEC §2.2): a missing myid is generated (and the
    /// config flushed at once), and `+monitor` is emitted for every master.
    public init(
        config: ParsedConfig, now: Int64, random: inout some RandomNumberGenerator,
        resolveHostname: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.resolveHostname = resolveHostname
        self.settings = config.sentinel
        self.server = config.server
        self.currentEpoch = config.sentinel.currentEpoch
        self.previousTickTime = now
        if let id = config.sentinel.myID {
            self.myID = id
        } else {
            self.myID = Self.randomRunID(using: &random)
            self.settings.myID = self.myID
            self.actions.append(.flushConfig)
            self.log(.warning, "Sentinel ID is \(self.myID)")
        }
        for settings in config.primaries {
            self.addPrimary(settings, now: now)
            self.emit(.monitor, .primary(settings.name)) { .monitored($0, quorum: Int64(settings.quorum)) }
        }
    }

    /// 40 random hex characters (SPEC §2.2).
    public static func randomRunID(using random: inout some RandomNumberGenerator) -> String {
        let hex = Array("0123456789abcdef")
        return String((0..<40).map { _ in hex[Int.random(in: 0..<16, using: &random)] })
    }

    /// Takes the actions produced so far.
    public mutating func takeActions() -> [SentinelAction] {
        defer { self.actions.removeAll(keepingCapacity: true) }
        return self.actions
    }

    // MARK: - Masters

    /// Adds a master record with its link, known replicas and known sentinels (config load,
    /// `SENTINEL MONITOR`).
    mutating func addPrimary(_ settings: PrimarySettings, now: Int64) {
        var settings = settings
        settings.address = self.resolved(settings.address)
        let link = self.createLink(peer: .redis(primary: settings.name), address: settings.address, now: now)
        var primary = Primary(
            instance: Instance(
                flags: .primary, name: settings.name, address: settings.address, link: link,
                downAfter: settings.downAfter, now: now),
            settings: settings)
        primary.settings.knownReplicas = []
        primary.settings.knownSentinels = []
        self.primaries[settings.name] = primary
        self.primaryOrder.append(settings.name)
        for address in settings.knownReplicas {
            self.createReplica(primary: settings.name, address: address, now: now)
        }
        for known in settings.knownSentinels {
            self.createSentinel(primary: settings.name, address: known.address, runID: known.runID, now: now)
        }
    }

    /// Removes a master, its replicas and sentinels, and their links.
    mutating func removePrimary(_ name: String) {
        guard let primary = self.primaries.removeValue(forKey: name) else { return }
        self.primaryOrder.removeAll { $0 == name }
        self.releaseLink(primary.instance.link)
        for instance in Array(primary.replicas) + primary.sentinels { self.releaseLink(instance.link) }
    }

    @discardableResult
    mutating func createReplica(primary name: String, address: InstanceAddress, now: Int64) -> Bool {
        let address = self.resolved(address)
        // A hostname with `resolve-hostnames no` fails `createSentinelAddr` (ANET_IP_ONLY).
        guard self.isUsable(address) else { return false }
        // No copy of the master is held across the append: it would copy the whole list.
        guard let downAfter = self.primaries[name]?.settings.downAfter,
            self.primaries[name]?.replicas.index(of: address.description) == nil
        else { return false }
        let link = self.createLink(peer: .redis(primary: name), address: address, now: now)
        let replica = Instance(
            flags: .replica, name: address.description, address: address, link: link, downAfter: downAfter, now: now)
        self.primaries[name]?.replicas.append(replica)
        return true
    }

    @discardableResult
    mutating func createSentinel(primary name: String, address: InstanceAddress, runID: String, now: Int64) -> Bool {
        let address = self.resolved(address)
        guard self.isUsable(address) else { return false }
        guard let downAfter = self.primaries[name]?.settings.downAfter,
            self.primaries[name]?.sentinels.index(of: runID) == nil
        else { return false }
        // SPEC §4.2: share the link of the same runid under another master.
        let link: LinkID
        if let shared = self.sentinelLink(runID: runID, address: address) {
            link = shared
            self.links[shared]?.refcount += 1
        } else {
            link = self.createLink(peer: .sentinel(runID: runID), address: address, now: now)
        }
        var sentinel = Instance(
            flags: .sentinel, name: runID, address: address, link: link, downAfter: downAfter, now: now)
        sentinel.runID = runID
        self.primaries[name]?.sentinels.append(sentinel)
        return true
    }

    func sentinelLink(runID: String, address: InstanceAddress) -> LinkID? {
        for name in self.primaryOrder {
            guard let sentinels = self.primaries[name]?.sentinels, let index = sentinels.index(of: runID),
                sentinels[index].address == address
            else { continue }
            return sentinels[index].link
        }
        return nil
    }

    // MARK: - Links

    mutating func createLink(peer: LinkPeer, address: InstanceAddress, now: Int64) -> LinkID {
        let id = LinkID(self.nextLinkID)
        self.nextLinkID += 1
        self.links[id] = Link(peer: peer, address: address, now: now)
        return id
    }

    /// Drops one reference to a link; the last one closes it (SPEC §4.2).
    mutating func releaseLink(_ id: LinkID) {
        guard var link = self.links[id] else { return }
        link.refcount -= 1
        if link.refcount > 0 {
            self.links[id] = link
        } else {
            self.links[id] = nil
            self.actions.append(.release(id))
        }
    }

    /// Closes a connection on our side (the runtime is told to close it).
    mutating func closeConnection(_ id: LinkID, _ connection: Connection) {
        if self.markClosed(id, connection) { self.actions.append(.close(id, connection)) }
    }

    /// Records a connection as gone (SPEC §4.6: pending commands are dropped with it); false when
    /// it was not open.
    mutating func markClosed(_ id: LinkID, _ connection: Connection) -> Bool {
        guard var link = self.links[id] else { return false }
        switch connection {
        case .command:
            guard link.commandOpen else { return false }
            link.commandOpen = false
            link.pendingCommands = 0
            link.localIP = nil
        case .pubsub:
            guard link.pubsubOpen else { return false }
            link.pubsubOpen = false
        }
        self.links[id] = link
        return true
    }

    /// Sends a command on a link's connection, counting it as pending (SPEC §5.1).
    mutating func send(_ id: LinkID, _ args: [String], tag: ReplyTag) {
        self.send(id, .command, args, tag: tag)
    }

    mutating func send(_ id: LinkID, _ connection: Connection, _ args: [String], tag: ReplyTag) {
        guard let link = self.links[id] else { return }
        if connection == .command { self.links[id]?.pendingCommands += 1 }
        self.actions.append(.send(id, connection, self.renamed(args, for: link.peer), tag))
    }

    /// SPEC §13.6: every command name goes through the master's rename-command map.
    func renamed(_ args: [String], for peer: LinkPeer) -> [String] {
        guard let first = args.first else { return args }
        let renames: [RenamedCommand]
        switch peer {
        case .redis(let primary):
            renames = self.primaries[primary]?.settings.renamedCommands ?? []
        case .sentinel(let runID):
            // The lookup goes to the table of a master that knows this sentinel: the first one
            // in order, found by runid (this runs on every send).
            let name = self.primaryOrder.first { self.primaries[$0]?.sentinels.index(of: runID) != nil }
            renames = name.flatMap { self.primaries[$0]?.settings.renamedCommands } ?? []
        }
        guard let rename = renames.first(where: { $0.command.caseInsensitiveEquals(first) }) else { return args }
        var result = args
        result[0] = rename.renamed
        return result
    }

    // MARK: - Addresses

    /// `createSentinelAddr`: fills in the IP of a hostname (empty when it does not resolve; the
    /// runtime then connects by name and Redis's best effort compares by name).
    func resolved(_ address: InstanceAddress) -> InstanceAddress {
        guard address.ip.isEmpty, self.settings.resolveHostnames else { return address }
        var address = address
        address.ip = self.resolveHostname(address.host) ?? ""
        return address
    }

    /// `sentinelAddrEqualsHostname`: compare by IP when `host` resolves, else by name.
    func address(_ address: InstanceAddress, matches host: String) -> Bool {
        let other = self.resolved(InstanceAddress(host: host, port: address.port))
        if !other.ip.isEmpty { return address.ip.caseInsensitiveEquals(other.ip) }
        return (self.settings.resolveHostnames ? address.host : address.ip).caseInsensitiveEquals(host)
    }

    /// A literal IP, or any name when `resolve-hostnames yes` (7.0.15 accepts unresolved ones).
    func isUsable(_ address: InstanceAddress) -> Bool {
        !address.ip.isEmpty || self.settings.resolveHostnames
    }

    /// The host clients and peers are told (`announceSentinelAddr`, SPEC §3.2).
    func announced(_ address: InstanceAddress) -> String {
        address.announced(hostnames: self.settings.announceHostnames)
    }

    /// The address with its announced host, for text that prints `host port`.
    func announcedAddress(_ address: InstanceAddress) -> InstanceAddress {
        InstanceAddress(host: self.announced(address), port: address.port, ip: address.ip)
    }

    // MARK: - Instance access

    func instance(_ ref: InstanceRef) -> Instance? {
        self.read(ref) { copy $0 }
    }

    /// Reads from an instance without copying it (the timer's hot path).
    func read<R>(_ ref: InstanceRef, _ body: (borrowing Instance) -> R) -> R? {
        guard let slot = self.primaries.slot(of: ref.primaryName) else { return nil }
        return self.read(ref, inSlot: slot, body)
    }

    /// `read(_:_:)` with the master's slot already looked up (`PrimaryTable.slot(of:)`).
    func read<R>(_ ref: InstanceRef, inSlot slot: Int, _ body: (borrowing Instance) -> R) -> R? {
        // Each `!` below follows the check that the slot holds a master: `if let` would bind a
        // copy of the whole `Primary` (its lists of replicas and sentinels) on the hot path.
        switch ref {
        case .primary:
            guard self.primaries[slot: slot] != nil else { return nil }
            return body(self.primaries[slot: slot]!.instance)
        case .replica(_, let replica):
            guard let index = self.primaries[slot: slot]?.replicas.index(of: replica) else { return nil }
            return body(self.primaries[slot: slot]!.replicas[index])
        case .sentinel(_, let runID):
            guard let index = self.primaries[slot: slot]?.sentinels.index(of: runID) else { return nil }
            return body(self.primaries[slot: slot]!.sentinels[index])
        }
    }

    /// The one way to change a master record as a whole, in place. Nil, and `body` not called,
    /// when the master is gone: SENTINEL REMOVE and RESET take masters away between the inputs
    /// that concern them (a failover, a pending reply), and the caller says what happens then
    /// instead of trapping. Single fields are also set with `self.masters[name]?.field = value`,
    /// which does nothing for a master that is gone.
    @discardableResult
    mutating func updatePrimary<R>(_ name: String, _ body: (inout Primary) -> R) -> R? {
        self.primaries.update(name, body)
    }

    /// Mutates one instance in place; false when it no longer exists.
    @discardableResult
    mutating func update(_ ref: InstanceRef, _ body: (inout Instance) -> Void) -> Bool {
        self.updatePrimary(ref.primaryName) { primary in
            switch ref {
            case .primary:
                body(&primary.instance)
            case .replica(_, let replica):
                guard let index = primary.replicas.index(of: replica) else { return false }
                body(&primary.replicas[index])
            case .sentinel(_, let runID):
                guard let index = primary.sentinels.index(of: runID) else { return false }
                body(&primary.sentinels[index])
            }
            return true
        } ?? false
    }

    /// All instance references of one master: the master, its replicas, its sentinels.
    func refs(of name: String) -> [InstanceRef] {
        guard let primary = self.primaries[name] else { return [] }
        return [.primary(name)] + primary.replicas.map { .replica(primary: name, name: $0.name) }
            + primary.sentinels.map { .sentinel(primary: name, runID: $0.name) }
    }

    /// The master address clients should use: the promoted replica from `reconf_slaves` on
    /// (SPEC §8.6, §13.3 GET-MASTER-ADDR-BY-NAME).
    func currentAddress(of primary: Primary) -> InstanceAddress {
        if let promoted = primary.failover.promoted, let replica = primary.replicas.instance(named: promoted) {
            return replica.address
        }
        return primary.instance.address
    }

    /// `currentAddress(of:)` by name, without copying the master.
    func currentAddress(ofPrimary name: String) -> InstanceAddress? {
        guard self.primaries[name] != nil else { return nil }
        if let promoted = self.primaries[name]?.failover.promoted,
            let index = self.primaries[name]?.replicas.index(of: promoted),
            let address = self.primaries[name]?.replicas[index].address
        {
            return address
        }
        return self.primaries[name]?.instance.address
    }

    /// Names of the monitored masters, in creation order.
    public var primaryNames: [String] { self.primaryOrder }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        self.utf8.count == other.utf8.count && self.lowercased() == other.lowercased()
    }
}
