/// The queued `sentinel` lines (SPEC §3.1, §3.2): `loadSentinelConfigFromQueue` and
/// `sentinelHandleConfiguration` of Redis 7.0.15.
extension ConfigParser {
    /// SPEC §3.1 pass 1: the directives applied before any `monitor` line.
    static let preMonitorDirectives: Set<String> = [
        "announce-ip", "announce-port", "deny-scripts-reconfig", "sentinel-user", "sentinel-pass", "current-epoch",
        "myid", "resolve-hostnames", "announce-hostnames",
    ]

    /// Applies the queued lines in three passes: pre-monitor, `monitor`, everything else (each
    /// pass in file order). An error names the line it came from.
    static func applySentinelLines(
        _ lines: [ConfigLoader.SentinelLine], to config: inout ParsedConfig, loader: ConfigLoader,
        isExecutable: (String) -> Bool
    ) throws(ConfigError) {
        let pre = lines.filter { Self.preMonitorDirectives.contains($0.arguments[0].lowercased()) }
        let monitor = lines.filter { $0.arguments[0].lowercased() == "monitor" }
        let post = lines.filter {
            let name = $0.arguments[0].lowercased()
            return name != "monitor" && !Self.preMonitorDirectives.contains(name)
        }
        for line in pre + monitor + post {
            do {
                try Self.applySentinel(line.arguments, to: &config) { path in
                    isExecutable(ConfigParser.resolve(path, against: loader.directory))
                }
            } catch {
                throw ConfigError(
                    fileName: line.fileName, lineNumber: line.lineNumber, line: line.line, reason: error.text)
            }
        }
    }

    /// `sentinelHandleConfiguration`: one `sentinel` line without the word `sentinel`.
    static func applySentinel(
        _ argv: [String], to config: inout ParsedConfig, isExecutable: (String) -> Bool
    ) throws(ConfigReason) {
        let argc = argv.count
        let directive = argv[0].lowercased()
        func primaryIndex() throws(ConfigReason) -> Int {
            guard let index = config.primaries.firstIndex(where: { $0.name == argv[1] }) else {
                throw ConfigReason("No such master with specified name.")
            }
            return index
        }
        // The per-master options: one table for the parser, SET, the replies and the rewrite.
        // A wrong number of values falls through to "Unrecognized", as in Redis.
        if let option = PrimaryOption.named(directive), let load = option.load, argc == 2 + option.valueCount {
            let index = try primaryIndex()
            return try load(&config.primaries[index], Array(argv[2...]), isExecutable)
        }
        switch (directive, argc) {
        case ("monitor", 5):
            let quorum = ConfigSyntax.atoi(argv[4])
            if quorum <= 0 { throw ConfigReason("Quorum must be 1 or greater.") }
            let address = try Self.address(host: argv[2], port: argv[3], settings: config.sentinel)
            if config.primaries.contains(where: { $0.name == argv[1] }) { throw ConfigReason("Duplicate master name.") }
            config.primaries.append(PrimarySettings(name: argv[1], address: address, quorum: Int(quorum)))
        case ("current-epoch", 2):
            config.sentinel.currentEpoch = max(config.sentinel.currentEpoch, ConfigSyntax.strtoull(argv[1]))
        case ("myid", 2):
            if argv[1].utf8.count != 40 { throw ConfigReason("Malformed Sentinel id in myid option.") }
            config.sentinel.myID = argv[1]
        case ("config-epoch", 3):
            let index = try primaryIndex()
            let epoch = ConfigSyntax.strtoull(argv[2])
            config.primaries[index].configEpoch = epoch
            config.sentinel.currentEpoch = max(config.sentinel.currentEpoch, epoch)
        case ("leader-epoch", 3):
            config.primaries[try primaryIndex()].leaderEpoch = ConfigSyntax.strtoull(argv[2])
        case ("known-slave", 4), ("known-replica", 4):
            let index = try primaryIndex()
            let address = try Self.address(host: argv[2], port: argv[3], settings: config.sentinel)
            if config.primaries[index].knownReplicas.contains(address) {
                throw ConfigReason("Duplicate hostname and port for replica.")
            }
            config.primaries[index].knownReplicas.append(address)
        case ("known-sentinel", 4):
            break  // The old form without a runid is ignored.
        case ("known-sentinel", 5):
            let index = try primaryIndex()
            let address = try Self.address(host: argv[2], port: argv[3], settings: config.sentinel)
            // Beyond Redis, which stores any text: a run id is 40 hex digits (`PeerInput`).
            if !PeerInput.isRunID(argv[4]) { throw ConfigReason("Malformed Sentinel id in known-sentinel option.") }
            if config.primaries[index].knownSentinels.contains(where: { $0.runID == argv[4] }) {
                throw ConfigReason("Duplicate runid for sentinel.")
            }
            config.primaries[index].knownSentinels.append(KnownSentinel(address: address, runID: argv[4]))
        case ("announce-ip", 2):
            if !argv[1].isEmpty { config.sentinel.announceIP = argv[1] }
        case ("announce-port", 2):
            config.sentinel.announcePort = Int(ConfigSyntax.atoi(argv[1]))
        case ("deny-scripts-reconfig", 2):
            guard let flag = ConfigSyntax.yesNo(argv[1]) else {
                throw ConfigReason("Please specify yes or no for the deny-scripts-reconfig options.")
            }
            config.sentinel.denyScriptsReconfig = flag
        case ("sentinel-user", 2):
            if !argv[1].isEmpty { config.sentinel.sentinelUser = argv[1] }
        case ("sentinel-pass", 2):
            if !argv[1].isEmpty { config.sentinel.sentinelPass = argv[1] }
        case ("resolve-hostnames", 2):
            guard let flag = ConfigSyntax.yesNo(argv[1]) else {
                throw ConfigReason("Please specify yes or no for the resolve-hostnames option.")
            }
            config.sentinel.resolveHostnames = flag
        case ("announce-hostnames", 2):
            guard let flag = ConfigSyntax.yesNo(argv[1]) else {
                throw ConfigReason("Please specify yes or no for the announce-hostnames option.")
            }
            config.sentinel.announceHostnames = flag
        default:
            throw ConfigReason("Unrecognized sentinel configuration statement.")
        }
    }

    /// `createSentinelAddr` (SPEC §3.2): the port must be 0–65535 (`atoi`, so garbage is 0);
    /// with `resolve-hostnames no` the host must be a literal IP, stored in canonical form unless
    /// `announce-hostnames yes` keeps the text as written. With `resolve-hostnames yes` any
    /// name is accepted, even one that does not resolve (7.0.15 only logs
    /// `Failed to resolve hostname`); the runtime resolves it.
    static func address(host: String, port: String, settings: SentinelSettings) throws(ConfigReason) -> InstanceAddress
    {
        let portNumber = ConfigSyntax.atoi(port)
        if portNumber < 0 || portNumber > 65535 { throw ConfigReason("Invalid port number.") }
        if let literal = ConfigIPAddress.normalized(host) {
            return InstanceAddress(host: settings.announceHostnames ? host : literal, port: Int(portNumber))
        }
        if !settings.resolveHostnames || !PeerInput.isHost(host) {
            throw ConfigReason("Can't resolve instance hostname.")
        }
        return InstanceAddress(host: host, port: Int(portNumber))
    }

    /// A per-master time in milliseconds. Redis reads these with `atoi`, which truncates to 32 bits,
    /// yet `SENTINEL SET` accepts and the rewrite writes any `long long`: a value above 2^31 came back
    /// as another number, or as a negative one that failed the load. Read in 64 bits (C `strtoll`,
    /// saturating), every value the rewrite writes loads again as itself; below 2^31 it is `atoi`.
    static func milliseconds(_ text: String) -> Int64 {
        ConfigSyntax.strtoll(text).value
    }
}
