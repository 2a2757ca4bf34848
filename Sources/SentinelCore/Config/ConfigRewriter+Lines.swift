/// The generated lines: the standard configs' rewrite functions (config.c) and
/// `rewriteConfigSentinelOption` (sentinel.c), SPEC §3.6, §3.7.
extension ConfigRewriter {
    /// One standard config: `force` when the value differs from Redis's default, so default
    /// values are only rewritten where the file already has the option.
    static func rewrite(
        _ option: ConfigOption, value: ConfigValue, absoluteDir: String?, into state: inout ConfigRewriteState
    ) {
        let name = option.name
        switch (option.kind, value) {
        case (.bool(let defaultValue, _), .bool(let flag)):
            state.rewriteLine(name, "\(name) \(flag ? "yes" : "no")", force: flag != defaultValue)
        case (.enumeration(let values, let defaultValue, let bitflags), .integer(let number)):
            let text = Self.enumName(number, values: values, bitflags: bitflags) ?? "unknown"
            state.rewriteLine(name, "\(name) \(text)", force: number != defaultValue)
        case (.numeric(let numeric), .integer(let number)):
            if numeric.isPercent, number < 0 {
                state.rewriteLine(name, "\(name) \(-number)%", force: -number != numeric.defaultValue)
            } else if numeric.isMemory {
                state.rewriteLine(name, "\(name) \(Self.memory(number))", force: number != numeric.defaultValue)
            } else if numeric.isOctal {
                let octal = String(UInt64(bitPattern: number), radix: 8)
                state.rewriteLine(name, "\(name) \(octal)", force: number != numeric.defaultValue)
            } else {
                state.rewriteLine(name, "\(name) \(number)", force: number != numeric.defaultValue)
            }
        case (.string(let defaultValue, _, _), .string(let text)):
            Self.rewriteString(name, text, defaultValue: defaultValue, into: &state)
        case (.special(let special), _):
            Self.rewriteSpecial(special, name: name, value: value, absoluteDir: absoluteDir, into: &state)
        default:
            state.markProcessed(name)
        }
    }

    /// `rewriteConfigStringOption`: quoted with `sdscatrepr`; an unset value removes the lines.
    private static func rewriteString(
        _ name: String, _ value: String?, defaultValue: String?, into state: inout ConfigRewriteState
    ) {
        guard let value else {
            state.markProcessed(name)
            return
        }
        state.rewriteLine(name, "\(name) \(ConfigSyntax.quoted(value))", force: defaultValue != value)
    }

    private static func rewriteSpecial(
        _ special: ConfigOption.Special, name: String, value: ConfigValue, absoluteDir: String?,
        into state: inout ConfigRewriteState
    ) {
        switch (special, value) {
        case (.dir, _):
            Self.rewriteString(name, absoluteDir, defaultValue: nil, into: &state)
        case (.save, _):
            // A sentinel never writes `save` (rewriteConfigSaveOption in sentinel mode).
            state.markProcessed(name)
        case (.clientOutputBufferLimit, .limits(let limits)):
            for (index, className) in ["normal", "replica", "pubsub"].enumerated() where index < limits.count {
                let limit = limits[index]
                let line = "\(name) \(className) \(Self.memory(limit.hard)) \(Self.memory(limit.soft)) \(limit.seconds)"
                state.rewriteLine(name, line, force: limit != ClientBufferLimit.defaults[index])
            }
        case (.oomScoreAdjValues, .words(let values)):
            state.rewriteLine(name, "\(name) " + values.joined(separator: " "), force: values != ["0", "200", "800"])
        case (.notifyKeyspaceEvents, .integer(let flags)):
            state.rewriteLine(name, "\(name) " + ConfigSyntax.quoted(KeyspaceEvents.string(flags)), force: flags != 0)
        case (.bind, .words(let addresses)):
            if addresses == ["*", "-::*"] {
                state.markProcessed(name)
            } else {
                state.rewriteLine(
                    name, "\(name) " + (addresses.isEmpty ? "\"\"" : addresses.joined(separator: " ")), force: true)
            }
        case (.replicaOf, .words(let primary)) where primary.count == 2:
            state.rewriteLine(name, "\(name) \(primary[0]) \(primary[1])", force: true)
        case (.latencyPercentiles, .words(let percentiles)):
            let values = percentiles.isEmpty ? " \"\"" : percentiles.map { " " + $0 }.joined()
            state.rewriteLine(name, name + values, force: true)
        default:
            state.markProcessed(name)
        }
    }

    /// `configEnumGetName`: the first name with exactly this value, else (bitflags) the names of
    /// the set flags in table order.
    private static func enumName(_ number: Int64, values: [(name: String, value: Int64)], bitflags: Bool) -> String? {
        if let exact = values.first(where: { $0.value == number }) { return exact.name }
        guard bitflags else { return nil }
        var names: [String] = []
        var unmatched = number
        for entry in values where entry.value != 0 && entry.value == unmatched & entry.value {
            names.append(entry.name)
            unmatched &= ~entry.value
        }
        return names.isEmpty || unmatched != 0 ? nil : names.joined(separator: " ")
    }

    /// `rewriteConfigFormatMemory`: `gb`, `mb` or `kb` when the value is a whole multiple.
    static func memory(_ bytes: Int64) -> String {
        let (gb, mb, kb): (Int64, Int64, Int64) = (1 << 30, 1 << 20, 1 << 10)
        if bytes != 0, bytes % gb == 0 { return "\(bytes / gb)gb" }
        if bytes != 0, bytes % mb == 0 { return "\(bytes / mb)mb" }
        if bytes != 0, bytes % kb == 0 { return "\(bytes / kb)kb" }
        return "\(bytes)"
    }

    /// The per-master keys that are marked processed after the loop, so their lines disappear
    /// when no master writes them any more: the state lines and every option the rewrite writes
    /// (under its own name: a Valkey alias's line stays as written).
    private static let perPrimaryKeys =
        ["monitor", "config-epoch", "leader-epoch", "known-replica", "known-sentinel"]
        + PrimaryOption.all.filter { $0.rewrite != nil }.map(\.name)

    /// `rewriteConfigSentinelOption` (SPEC §3.7). Values are written unquoted as Redis does
    /// (`announce-ip` always quoted), except a value that would not read back as itself
    /// (`ConfigSyntax.argument`).
    static func rewriteSentinel(
        _ settings: SentinelSettings, primaries: [PrimarySettings], defaultDownAfter: Int64,
        defaultFailoverTimeout: Int64, into state: inout ConfigRewriteState
    ) {
        func line(_ key: String, _ text: String, force: Bool = true) {
            state.rewriteLine("sentinel " + key, "sentinel \(key) \(text)", force: force)
        }
        if let myID = settings.myID { line("myid", myID) } else { state.markProcessed("sentinel myid") }
        line("deny-scripts-reconfig", settings.denyScriptsReconfig ? "yes" : "no", force: !settings.denyScriptsReconfig)
        line("resolve-hostnames", settings.resolveHostnames ? "yes" : "no", force: settings.resolveHostnames)
        line("announce-hostnames", settings.announceHostnames ? "yes" : "no", force: settings.announceHostnames)
        let defaults = PrimaryOption.RewriteDefaults(
            downAfter: defaultDownAfter, failoverTimeout: defaultFailoverTimeout)
        for primary in primaries {
            let name = ConfigSyntax.argument(primary.name)
            let host = ConfigSyntax.argument(primary.address.announced(hostnames: settings.announceHostnames))
            line("monitor", "\(name) \(host) \(primary.address.port) \(primary.quorum)")
            for option in PrimaryOption.rewrittenWithSettings {
                option.rewrite?(primary, defaults) { line(option.name, "\(name) \($0)") }
            }
            line("config-epoch", "\(name) \(primary.configEpoch)")
            line("leader-epoch", "\(name) \(primary.leaderEpoch)")
            for replica in primary.knownReplicas {
                line("known-replica", "\(name) \(ConfigSyntax.argument(replica.host)) \(replica.port)")
            }
            for peer in primary.knownSentinels {
                line(
                    "known-sentinel",
                    "\(name) \(ConfigSyntax.argument(peer.address.host)) \(peer.address.port) \(ConfigSyntax.argument(peer.runID))"
                )
            }
            for option in PrimaryOption.rewrittenAfterKnownInstances {
                option.rewrite?(primary, defaults) { line(option.name, "\(name) \($0)") }
            }
        }
        line("current-epoch", "\(settings.currentEpoch)")
        if let address = settings.announceIP {
            line("announce-ip", ConfigSyntax.quoted(address))
        } else {
            state.markProcessed("sentinel announce-ip")
        }
        if settings.announcePort != 0 {
            line("announce-port", "\(settings.announcePort)")
        } else {
            state.markProcessed("sentinel announce-port")
        }
        if let user = settings.sentinelUser {
            line("sentinel-user", ConfigSyntax.argument(user))
        } else {
            state.markProcessed("sentinel sentinel-user")
        }
        if let pass = settings.sentinelPass {
            line("sentinel-pass", ConfigSyntax.argument(pass))
        } else {
            state.markProcessed("sentinel sentinel-pass")
        }
        for key in Self.perPrimaryKeys { state.markProcessed("sentinel " + key) }
    }
}
