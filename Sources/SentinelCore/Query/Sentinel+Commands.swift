/// `SENTINEL <subcommand>` (SPEC §13.3): arity checks and dispatch.
extension Sentinel {
    /// Runs `SENTINEL ...`; `args[0]` is `SENTINEL` itself.
    public mutating func sentinelCommand(
        _ args: [String], now: Int64, environment: CommandEnvironment, random: inout some RandomNumberGenerator
    ) -> CommandReply {
        // Names and arities are the 7.0.15 command table's (with Valkey's aliases): one place.
        switch CommandTable.sentinel.lookup(["SENTINEL"] + args.dropFirst()) {
        case .found: break
        case .unknownCommand(let error), .unknownSubcommand(let error), .wrongArity(let error):
            return .reply(.error(error))
        }
        let sub = args[1].lowercased()
        switch sub {
        case "masters", "primaries":
            return .reply(
                .array(self.primaryOrder.compactMap { self.primaries[$0] }.map { self.primaryReply($0, now: now) }))
        case "master", "primary":
            guard let primary = self.primaries[args[2]] else { return .error(.noSuchPrimary) }
            return .reply(self.primaryReply(primary, now: now))
        case "replicas", "slaves":
            guard let primary = self.primaries[args[2]] else { return .error(.noSuchPrimary) }
            let announced = primary.replicas.filter { $0.replicaAnnounced != 0 }
            return .reply(.array(announced.map { self.instanceReply($0, primary: primary, now: now) }))
        case "sentinels":
            guard let primary = self.primaries[args[2]] else { return .error(.noSuchPrimary) }
            return .reply(.array(primary.sentinels.map { self.instanceReply($0, primary: primary, now: now) }))
        case "get-master-addr-by-name", "get-primary-addr-by-name":
            guard let primary = self.primaries[args[2]] else { return .reply(.nullArray) }
            let address = self.currentAddress(of: primary)
            return .reply(.array([.bulkString(self.announced(address)), .bulk(address.port)]))
        case "is-master-down-by-addr", "is-primary-down-by-addr":
            return self.isPrimaryDownByAddr(args, now: now, random: &random)
        case "myid":
            return .reply(.bulkString(self.myID))
        case "ckquorum":
            guard let primary = self.primaries[args[2]] else { return .error(.noSuchPrimary) }
            return .reply(self.checkQuorum(primary))
        case "help":
            return .reply(.array(SentinelHelp.lines.map { .simpleString($0) }))
        case "flushconfig":
            return .afterFlush(.ok)
        case "reset":
            return .reply(.integer(Int64(self.reset(pattern: args[2], now: now))))
        case "monitor":
            return self.monitorCommand(args, now: now, environment: environment)
        case "remove":
            guard self.primaries[args[2]] != nil else { return .error(.noSuchPrimary) }
            self.emit(.unmonitor, primary: args[2])
            self.removePrimary(args[2])
            return .afterFlush(.ok)
        case "set":
            return self.setCommand(args, now: now, environment: environment)
        case "config":
            return self.configCommand(args)
        case "debug":
            return self.debugCommand(args)
        case "info-cache":
            return .reply(self.infoCache(names: Array(args.dropFirst(2)), now: now))
        case "simulate-failure":
            return self.simulateFailure(args)
        case "pending-scripts":
            return .reply(self.pendingScriptsReply(now: now))
        case "failover":
            // COORDINATED: Valkey 9.0's option (the command table keeps 7.0's arity 3; the
            // lookup lets this one extra word through, `CommandTable.extendedArity`).
            guard args.count == 3 || args[3].caseInsensitiveEquals("coordinated") else { return .error(.syntax) }
            return self.forcedFailover(args[2], coordinated: args.count == 4, now: now, random: &random)
        default:
            return .error(.unknownSubcommand(args[1], container: "SENTINEL"))
        }
    }

    /// SPEC §7.4.
    mutating func isPrimaryDownByAddr(
        _ args: [String], now: Int64, random: inout some RandomNumberGenerator
    ) -> CommandReply {
        guard let port = ConfigSyntax.string2ll(args[3]), let epoch = ConfigSyntax.string2ll(args[4]) else {
            return .error(.notInteger)
        }
        // Resolved once, not once per master: a name in a peer's request must not cost a lookup
        // per monitored master.
        let asked = self.resolved(InstanceAddress(host: args[2], port: Int(truncatingIfNeeded: port)))
        let name = self.primaryOrder.first {
            guard let address = self.primaries[$0]?.instance.address else { return false }
            // `sentinelAddrOrHostnameEqual`: the same IP, or the same name.
            return address.port == port
                && ((!address.ip.isEmpty && address.ip == asked.ip) || address.host.caseInsensitiveEquals(args[2]))
        }
        var down = false
        var leader: String?
        var leaderEpoch: UInt64 = 0
        if let name, let primary = self.primaries[name] {
            down = !self.tilt && primary.instance.flags.contains(.sDown)
            // A vote goes only to a run id a sentinel could have (`PeerInput.isRunID`); anything
            // else is answered as `*` is, so it never reaches the vote, the log or the config.
            if args[5] != "*" && PeerInput.isRunID(args[5]) {
                (leader, leaderEpoch) = self.voteLeader(
                    name, epoch: UInt64(bitPattern: epoch), runID: args[5], now: now, random: &random)
            }
        }
        let reply = RESPValue.array([
            .integer(down ? 1 : 0), .bulkString(leader ?? "*"), .integer(Int64(bitPattern: leaderEpoch)),
        ])
        return leader == nil ? .reply(reply) : .flushThenReply(reply)
    }

    /// SPEC §13.3 CKQUORUM.
    func checkQuorum(_ primary: Primary) -> RESPValue {
        let usable = 1 + primary.sentinels.count { $0.flags.isDisjoint(with: [.sDown, .oDown]) }
        let voters = primary.sentinels.count + 1
        let noQuorum = usable < primary.settings.quorum
        let noMajority = usable < voters / 2 + 1
        if !noQuorum && !noMajority {
            return .simpleString("OK \(usable) usable Sentinels. Quorum and failover authorization can be reached")
        }
        return .error(.noQuorum(usable: usable, quorum: noQuorum, majority: noMajority))
    }

    /// SPEC §13.3 RESET: every master whose name matches the glob.
    mutating func reset(pattern: String, now: Int64) -> Int {
        var count = 0
        for name in self.primaryOrder where GlobPattern.matches(pattern, name, caseInsensitive: false) {
            self.resetPrimary(name, keepSentinels: false, now: now)
            self.emit(.resetPrimary, primary: name)
            count += 1
        }
        return count
    }

    /// SPEC §13.3 MONITOR.
    mutating func monitorCommand(_ args: [String], now: Int64, environment: CommandEnvironment) -> CommandReply {
        // `getLongFromObjectOrReply` (strict `string2ll`: no sign, spaces or leading zeros).
        guard let quorum = ConfigSyntax.string2ll(args[5]) else { return .error(.invalidQuorum) }
        guard let port = ConfigSyntax.string2ll(args[4]) else { return .error(.invalidPort) }
        guard quorum > 0 else { return .error(.quorumTooSmall) }
        // Beyond Redis, which keeps the low 32 bits (4294967296 became quorum 0, which the config
        // then refuses to load): only what `atoi` reads back.
        guard quorum <= Int32.max else { return .error(.invalidQuorum) }
        // `anetResolve`: a literal IP in any getaddrinfo form (`127.1`, `0:0::1`) is kept in
        // canonical form (the typed text only when announce-hostnames shows it); a hostname
        // needs resolve-hostnames and keeps its resolved IP (SPEC §3.2, §13.3).
        let typed = args[3]
        let address: InstanceAddress
        if let literal = ConfigIPAddress.normalized(typed) {
            let host = self.settings.announceHostnames ? typed : literal
            address = InstanceAddress(host: host, port: Int(port), ip: literal)
        } else {
            // Unlike a config line, MONITOR refuses a name that does not resolve.
            let named = self.resolved(InstanceAddress(host: typed, port: Int(port)))
            guard self.settings.resolveHostnames, !named.ip.isEmpty else {
                return .error(.invalidAddress)
            }
            address = named
        }
        // createSentinelRedisInstance checks the port range before the name.
        guard (0...65535).contains(port) else { return .error(.invalidPortNumber) }
        guard self.primaries[args[2]] == nil else { return .error(.duplicatePrimary) }
        var settings = PrimarySettings(name: args[2], address: address, quorum: Int(quorum))
        settings.downAfter = self.timers.defaultDownAfter
        settings.failoverTimeout = self.timers.defaultFailoverTimeout
        self.addPrimary(settings, now: now)
        self.emit(.monitor, .primary(args[2])) { .monitored($0, quorum: quorum) }
        return .afterFlush(.ok)
    }

    /// SPEC §13.3 INFO-CACHE.
    func infoCache(names: [String], now: Int64) -> RESPValue {
        var seen = Set<String>()
        let selected =
            names.isEmpty ? self.primaryOrder : names.filter { self.primaries[$0] != nil && seen.insert($0).inserted }
        var result: [RESPValue] = []
        for name in selected {
            guard let primary = self.primaries[name] else { continue }
            let refreshKnown = primary.instance.infoRefresh != 0
            func entry(_ instance: Instance) -> RESPValue {
                let age = refreshKnown ? now - instance.infoRefresh : 0
                return .array([.integer(age), instance.infoCache.map { .bulkString($0) } ?? .null])
            }
            result.append(.bulkString(name))
            result.append(.array([entry(primary.instance)] + primary.replicas.map(entry)))
        }
        return .array(result)
    }

    /// SPEC §13.3 SIMULATE-FAILURE.
    mutating func simulateFailure(_ args: [String]) -> CommandReply {
        self.simulateFailureFlags = 0
        for arg in args.dropFirst(2) {
            switch arg.lowercased() {
            case "crash-after-election":
                self.simulateFailureFlags |= 1
                self.log(
                    .warning,
                    "Failure simulation: this Sentinel will crash after being successfully elected as failover leader")
            case "crash-after-promotion":
                self.simulateFailureFlags |= 2
                self.log(
                    .warning,
                    "Failure simulation: this Sentinel will crash after promoting the selected replica to master")
            case "help":
                return .reply(.array([.bulkString("crash-after-election"), .bulkString("crash-after-promotion")]))
            default:
                return .error(.unknownFailureSimulation)
            }
        }
        return .reply(.ok)
    }
}
