/// `SENTINEL SET`, `SENTINEL CONFIG` and `SENTINEL DEBUG` (SPEC §13.6–13.8).
extension Sentinel {
    /// SPEC §13.6: options applied one at a time; an error keeps the earlier ones (flushed).
    mutating func setCommand(_ args: [String], now: Int64, environment: CommandEnvironment) -> CommandReply {
        guard self.primaries[args[2]] != nil else { return .error(.noSuchPrimary) }
        let name = args[2]
        var changes = 0
        var j = 3
        let context = PrimaryOption.SetContext(
            denyScriptsReconfig: self.settings.denyScriptsReconfig, isExecutable: environment.isExecutable)
        func failed(_ error: ReplyError) -> CommandReply {
            changes > 0 ? .flushThenReply(.error(error)) : .error(error)
        }
        while j < args.count {
            let option = args[j]
            let moreArgs = args.count - 1 - j
            guard let entry = PrimaryOption.named(option), let assign = entry.assign, moreArgs >= entry.valueCount
            else {
                return failed(.setUnknownOption(option))
            }
            let values = Array(args[(j + 1)...(j + entry.valueCount)])
            // In place; a rejected value leaves the settings as they were.
            let rejection = self.updatePrimary(name) { assign(&$0.settings, values, context) } ?? nil
            switch rejection {
            case .invalidArgument(let offset): return failed(.setInvalidArgument(values[offset], option: option))
            case .error(let error): return failed(error)
            case nil: break
            }
            switch entry.effect {
            case .none: break
            case .copyDownAfter: self.copyDownAfter(name)
            case .reconnect: self.dropInstanceConnections(name)
            case .retryFence: self.primaries[name]?.fence.settingChanged()
            }
            changes += 1
            let shown = values.enumerated().map { entry.redactedInEvent && $0.offset == 0 ? "******" : $0.element }
            self.emit(.set, .primary(name)) { .set($0, [option] + shown) }
            j += 1 + entry.valueCount
        }
        return .afterFlush(.ok)
    }

    /// down-after is copied to the master's instance, replicas and sentinels (SPEC §3.2).
    mutating func copyDownAfter(_ name: String) {
        self.updatePrimary(name) { primary in
            let value = primary.settings.downAfter
            primary.instance.downAfter = value
            for i in primary.replicas.indices { primary.replicas[i].downAfter = value }
            for i in primary.sentinels.indices { primary.sentinels[i].downAfter = value }
        }
    }

    /// Closes the links of a master and its replicas so they reconnect with new credentials.
    mutating func dropInstanceConnections(_ name: String) {
        guard let primary = self.primaries[name] else { return }
        for instance in [primary.instance] + primary.replicas {
            self.closeConnection(instance.link, .command)
            self.closeConnection(instance.link, .pubsub)
        }
    }

    /// Closes every link to a peer sentinel (after `sentinel-user` / `sentinel-pass` change).
    mutating func dropSentinelConnections() {
        for (id, link) in self.links.all {
            if case .sentinel = link.peer { self.closeConnection(id, .command) }
        }
    }

    /// SPEC §13.7 (7.0 forms).
    mutating func configCommand(_ args: [String]) -> CommandReply {
        if args[2].lowercased() == "set" && args.count == 5 {
            let param = args[3]
            let value = args[4]
            func bad() -> CommandReply { .error(.configSetInvalidValue(value, parameter: param)) }
            var dropConnections = false
            switch param.lowercased() {
            case "resolve-hostnames":
                guard let flag = yesNo(value) else { return bad() }
                self.settings.resolveHostnames = flag
            case "announce-hostnames":
                guard let flag = yesNo(value) else { return bad() }
                self.settings.announceHostnames = flag
            case "announce-ip":
                self.settings.announceIP = value
            case "announce-port":
                guard let port = ConfigSyntax.string2ll(value), (0...65535).contains(port) else { return bad() }
                self.settings.announcePort = Int(port)
            case "sentinel-user":
                self.settings.sentinelUser = value.isEmpty ? nil : value
                dropConnections = true
            case "sentinel-pass":
                self.settings.sentinelPass = value.isEmpty ? nil : value
                dropConnections = true
            default:
                return .error(.configSetUnknownParameter(param))
            }
            if dropConnections { self.dropSentinelConnections() }
            return .afterFlush(.ok)
        }
        if args[2].lowercased() == "get" && args.count == 4 {
            let values: [(String, RESPValue)] = [
                ("resolve-hostnames", .bulkString(self.settings.resolveHostnames ? "yes" : "no")),
                ("announce-hostnames", .bulkString(self.settings.announceHostnames ? "yes" : "no")),
                ("announce-ip", .bulkString(self.settings.announceIP ?? "")),
                ("announce-port", .bulk(self.settings.announcePort)),
                ("sentinel-user", .bulkString(self.settings.sentinelUser ?? "")),
                ("sentinel-pass", .bulkString(self.settings.sentinelPass ?? "")),
            ]
            return .reply(.fields(values.filter { GlobPattern.matches(args[3], $0.0, caseInsensitive: true) }))
        }
        return .error(.configUsage)
    }

    /// SPEC §13.8.
    mutating func debugCommand(_ args: [String]) -> CommandReply {
        let fields = SentinelTimers.debugFields
        if args.count == 2 {
            return .reply(.fields(fields.map { ($0.0.uppercased(), .bulk(self.timers[keyPath: $0.1])) }))
        }
        // Applied one at a time as Redis does: an error keeps the earlier values.
        var j = 2
        while j < args.count {
            let option = args[j]
            guard j + 1 < args.count, let field = fields.first(where: { $0.0 == option.lowercased() }) else {
                return .error(.debugUnknownOption(option))
            }
            j += 1
            guard let value = ConfigSyntax.string2ll(args[j]), value > 0 else {
                return .error(.debugInvalidArgument(args[j], option: option))
            }
            self.timers[keyPath: field.1] = value
            j += 1
        }
        return .reply(.ok)
    }
}

/// Redis's `yesnotoi`.
func yesNo(_ value: String) -> Bool? {
    switch value.lowercased() {
    case "yes": true
    case "no": false
    default: nil
    }
}
