/// INFO in sentinel mode (SPEC §13.5): sections server, clients, cpu, stats, sentinel. The
/// section choice and the text are decided here; the numbers only the process knows (clock,
/// rusage, uname, its clients and counters) come from `InfoFacts`, asked only for the sections
/// shown.
public protocol InfoFacts {
    func serverFacts() -> ServerFacts
    func clientsFacts() -> ClientsFacts
    func cpuFacts() -> CPUFacts
    func statsFacts() -> StatsFacts
}

/// The process behind `# Server`.
public struct ServerFacts: Sendable {
    /// `uname`'s system, release and machine, space separated.
    public var os: String
    public var processID: Int
    public var runID: String
    /// Wall clock (`gettimeofday`), in microseconds since the epoch.
    public var unixTimeMicros: Int64
    public var uptimeSeconds: Int64
    public var hz: Int
    public var executable: String
    public var configFile: String

    public init(
        os: String, processID: Int, runID: String, unixTimeMicros: Int64, uptimeSeconds: Int64, hz: Int,
        executable: String, configFile: String
    ) {
        (self.os, self.processID, self.runID) = (os, processID, runID)
        (self.unixTimeMicros, self.uptimeSeconds, self.hz) = (unixTimeMicros, uptimeSeconds, hz)
        (self.executable, self.configFile) = (executable, configFile)
    }
}

/// The query port's clients behind `# Clients`.
public struct ClientsFacts: Sendable {
    public var connected: Int
    /// Held by CLIENT PAUSE.
    public var blocked: Int
    public var tracking: Int

    public init(connected: Int, blocked: Int, tracking: Int) {
        (self.connected, self.blocked, self.tracking) = (connected, blocked, tracking)
    }
}

/// A `timeval` of `getrusage`.
public struct CPUTime: Sendable {
    public var seconds: Int
    public var micros: Int

    public init(seconds: Int, micros: Int) {
        (self.seconds, self.micros) = (seconds, micros)
    }

    /// `%ld.%06ld`.
    var text: String {
        let digits = String(self.micros)
        return "\(self.seconds).\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }
}

/// `getrusage` of the process, its children and the thread running the owner's loop.
public struct CPUFacts: Sendable {
    public var process: (system: CPUTime, user: CPUTime)
    public var children: (system: CPUTime, user: CPUTime)
    public var mainThread: (system: CPUTime, user: CPUTime)

    public init(
        process: (system: CPUTime, user: CPUTime), children: (system: CPUTime, user: CPUTime),
        mainThread: (system: CPUTime, user: CPUTime)
    ) {
        (self.process, self.children, self.mainThread) = (process, children, mainThread)
    }
}

/// The counters and sampled rates behind `# Stats`.
public struct StatsFacts: Sendable {
    public var counters: QueryStats
    /// Means over the last samples (Redis's `trackInstantaneousMetric`), per second.
    public var opsPerSecond: Double
    public var inputBytesPerSecond: Double
    public var outputBytesPerSecond: Double
    /// Distinct channels and patterns with a subscriber.
    public var pubsubChannels: Int
    public var pubsubPatterns: Int
    /// BCAST prefixes of every tracking client.
    public var trackingPrefixes: Int

    public init(
        counters: QueryStats, opsPerSecond: Double, inputBytesPerSecond: Double, outputBytesPerSecond: Double,
        pubsubChannels: Int, pubsubPatterns: Int, trackingPrefixes: Int
    ) {
        self.counters = counters
        (self.opsPerSecond, self.inputBytesPerSecond, self.outputBytesPerSecond) =
            (opsPerSecond, inputBytesPerSecond, outputBytesPerSecond)
        (self.pubsubChannels, self.pubsubPatterns, self.trackingPrefixes) =
            (pubsubChannels, pubsubPatterns, trackingPrefixes)
    }
}

/// The INFO sections a sentinel has, in Redis's output order (`genRedisInfoString`, then the
/// sentinel section).
public enum InfoSection: String, CaseIterable, Sendable {
    case server, clients, stats, cpu, sentinel

    /// The sections `INFO [section ...]` shows: all of them for none, `default`, `all` or
    /// `everything`; unknown names show nothing.
    public static func selected(_ requested: [String]) -> [InfoSection] {
        let names = requested.map { $0.lowercased() }
        let all = names.isEmpty || names.contains { ["default", "all", "everything"].contains($0) }
        return Self.allCases.filter { all || names.contains($0.rawValue) }
    }
}

extension Sentinel {
    /// The INFO reply's text for `INFO [section ...]` (the arguments after INFO).
    public func info(sections requested: [String], facts: some InfoFacts, now: Int64) -> String {
        let parts = InfoSection.selected(requested).map { section in
            switch section {
            case .server: return self.serverSection(facts.serverFacts())
            case .clients: return self.clientsSection(facts.clientsFacts())
            case .cpu: return Self.cpuSection(facts.cpuFacts())
            case .stats: return Self.statsSection(facts.statsFacts())
            case .sentinel: return (["# Sentinel"] + self.infoSentinelSection(now: now)).joined(separator: "\r\n")
            }
        }
        // Every line ends in CRLF and sections are separated by one more; no section, no text.
        return parts.map { $0 + "\r\n" }.joined(separator: "\r\n")
    }

    private func serverSection(_ facts: ServerFacts) -> String {
        let unixSeconds = facts.unixTimeMicros / 1_000_000
        return [
            "# Server",
            "redis_version:\(RedisCompatibility.version)",
            "redis_git_sha1:00000000",
            "redis_git_dirty:0",
            "redis_build_id:swift-sentinel",
            "redis_mode:sentinel",
            "os:\(facts.os)",
            "arch_bits:64",
            "monotonic_clock:POSIX clock_gettime",
            "multiplexing_api:epoll",
            "atomicvar_api:c11-builtin",
            "gcc_version:0.0.0",
            "process_id:\(facts.processID)",
            "process_supervised:no",
            "run_id:\(facts.runID)",
            "tcp_port:\(self.server.port)",
            "server_time_usec:\(facts.unixTimeMicros)",
            "uptime_in_seconds:\(facts.uptimeSeconds)",
            "uptime_in_days:\(facts.uptimeSeconds / 86400)",
            "hz:\(facts.hz)",
            "configured_hz:10",
            "lru_clock:\(unixSeconds & ((1 << 24) - 1))",
            "executable:\(facts.executable)",
            "config_file:\(facts.configFile)",
            "io_threads_active:0",
        ].joined(separator: "\r\n")
    }

    private func clientsSection(_ facts: ClientsFacts) -> String {
        [
            "# Clients",
            "connected_clients:\(facts.connected)",
            "cluster_connections:0",
            "maxclients:\(self.server.maxclients)",
            "client_recent_max_input_buffer:0",
            "client_recent_max_output_buffer:0",
            "blocked_clients:\(facts.blocked)",
            "tracking_clients:\(facts.tracking)",
            "clients_in_timeout_table:0",
        ].joined(separator: "\r\n")
    }

    private static func cpuSection(_ facts: CPUFacts) -> String {
        [
            "# CPU",
            "used_cpu_sys:\(facts.process.system.text)",
            "used_cpu_user:\(facts.process.user.text)",
            "used_cpu_sys_children:\(facts.children.system.text)",
            "used_cpu_user_children:\(facts.children.user.text)",
            "used_cpu_sys_main_thread:\(facts.mainThread.system.text)",
            "used_cpu_user_main_thread:\(facts.mainThread.user.text)",
        ].joined(separator: "\r\n")
    }
}
