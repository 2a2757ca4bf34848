import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// INFO in sentinel mode (SPEC §13.5): sections server, clients, cpu, stats, sentinel.
extension SentinelServer {
    /// In Redis's output order (`genRedisInfoString`, then the sentinel section).
    static let infoSections = ["server", "clients", "stats", "cpu", "sentinel"]

    func info(sections requested: [String]) -> String {
        let names = requested.map { $0.lowercased() }
        let all = names.isEmpty || names.contains { ["default", "all", "everything"].contains($0) }
        let selected = Self.infoSections.filter { all || names.contains($0) }
        var parts: [String] = []
        for section in selected {
            switch section {
            case "server": parts.append(self.serverSection())
            case "clients": parts.append(self.clientsSection())
            case "cpu": parts.append(self.cpuSection())
            case "stats": parts.append(self.statsSection())
            default:
                parts.append((["# Sentinel"] + self.core.infoSentinelSection(now: self.now)).joined(separator: "\r\n"))
            }
        }
        // Every line ends in CRLF and sections are separated by one more; no section, no text.
        return parts.map { $0 + "\r\n" }.joined(separator: "\r\n")
    }

    private func serverSection() -> String {
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var tv = timeval()
        gettimeofday(&tv, nil)
        let uptime = (self.now - self.startTime) / 1000
        return [
            "# Server",
            "redis_version:\(RedisCompatibility.version)",
            "redis_git_sha1:00000000",
            "redis_git_dirty:0",
            "redis_build_id:swift-sentinel",
            "redis_mode:sentinel",
            "os:\(text(name.sysname)) \(text(name.release)) \(text(name.machine))",
            "arch_bits:64",
            "monotonic_clock:POSIX clock_gettime",
            "multiplexing_api:epoll",
            "atomicvar_api:c11-builtin",
            "gcc_version:0.0.0",
            "process_id:\(getpid())",
            "process_supervised:no",
            "run_id:\(self.runID)",
            "tcp_port:\(self.core.server.port)",
            "server_time_usec:\(Int64(tv.tv_sec) * 1_000_000 + Int64(tv.tv_usec))",
            "uptime_in_seconds:\(uptime)",
            "uptime_in_days:\(uptime / 86400)",
            "hz:\(self.hz)",
            "configured_hz:10",
            "lru_clock:\((Int64(tv.tv_sec) & ((1 << 24) - 1)))",
            "executable:\(self.executable)",
            "config_file:\(self.configPath)",
            "io_threads_active:0",
        ].joined(separator: "\r\n")
    }

    private func clientsSection() -> String {
        [
            "# Clients",
            "connected_clients:\(self.clients.count)",
            "cluster_connections:0",
            "maxclients:\(self.core.server.maxclients)",
            "client_recent_max_input_buffer:0",
            "client_recent_max_output_buffer:0",
            "blocked_clients:\(self.clients.values.filter { !$0.postponed.isEmpty }.count)",
            "tracking_clients:\(self.clients.values.filter(\.tracking.enabled).count)",
            "clients_in_timeout_table:0",
        ].joined(separator: "\r\n")
    }

    private func cpuSection() -> String {
        var process = rusage()
        var children = rusage()
        var thread = rusage()
        getrusage(RUSAGE_SELF.rawValue &* 1, &process)
        getrusage(RUSAGE_CHILDREN.rawValue &* 1, &children)
        // RUSAGE_THREAD (Linux): INFO runs on the owner's loop, the thread doing Redis's main-thread work.
        getrusage(__rusage_who_t(1), &thread)
        func seconds(_ t: timeval) -> String {
            let micros = Int(t.tv_usec)
            let padded = String(repeating: "0", count: max(0, 6 - String(micros).count)) + String(micros)
            return "\(t.tv_sec).\(padded)"
        }
        return [
            "# CPU",
            "used_cpu_sys:\(seconds(process.ru_stime))",
            "used_cpu_user:\(seconds(process.ru_utime))",
            "used_cpu_sys_children:\(seconds(children.ru_stime))",
            "used_cpu_user_children:\(seconds(children.ru_utime))",
            "used_cpu_sys_main_thread:\(seconds(thread.ru_stime))",
            "used_cpu_user_main_thread:\(seconds(thread.ru_utime))",
        ].joined(separator: "\r\n")
    }

    private func statsSection() -> String {
        let channels = Set(self.clients.values.flatMap(\.channels)).count
        let patterns = Set(self.clients.values.flatMap(\.patterns)).count
        // Counters a sentinel never moves (replication, keyspace, eviction, forks, defrag, I/O
        // threads) stay 0 as in redis-sentinel.
        let kbps = { (metric: InstantaneousMetric) in formatFixed2(metric.perSecond / 1024) }
        return [
            "# Stats",
            "total_connections_received:\(self.stats.connectionsReceived)",
            "total_commands_processed:\(self.stats.commandsProcessed)",
            "instantaneous_ops_per_sec:\(Int64(self.instantaneous.commands.perSecond))",
            "total_net_input_bytes:\(self.stats.inputBytes)",
            "total_net_output_bytes:\(self.stats.outputBytes)",
            "total_net_repl_input_bytes:0",
            "total_net_repl_output_bytes:0",
            "instantaneous_input_kbps:\(kbps(self.instantaneous.input))",
            "instantaneous_output_kbps:\(kbps(self.instantaneous.output))",
            "instantaneous_input_repl_kbps:0.00",
            "instantaneous_output_repl_kbps:0.00",
            "rejected_connections:\(self.stats.rejectedConnections)",
            "sync_full:0",
            "sync_partial_ok:0",
            "sync_partial_err:0",
            "expired_keys:0",
            "expired_stale_perc:0.00",
            "expired_time_cap_reached_count:0",
            "expire_cycle_cpu_milliseconds:0",
            "evicted_keys:0",
            "evicted_clients:0",
            "total_eviction_exceeded_time:0",
            "current_eviction_exceeded_time:0",
            "keyspace_hits:0",
            "keyspace_misses:0",
            "pubsub_channels:\(channels)",
            "pubsub_patterns:\(patterns)",
            "pubsubshard_channels:0",
            "latest_fork_usec:0",
            "total_forks:0",
            "migrate_cached_sockets:0",
            "slave_expires_tracked_keys:0",
            "active_defrag_hits:0",
            "active_defrag_misses:0",
            "active_defrag_key_hits:0",
            "active_defrag_key_misses:0",
            "total_active_defrag_time:0",
            "current_active_defrag_time:0",
            "tracking_total_keys:0",
            "tracking_total_items:0",
            "tracking_total_prefixes:\(self.clients.values.reduce(0) { $0 + $1.tracking.prefixes.count })",
            "unexpected_error_replies:0",
            "total_error_replies:\(self.stats.errorReplies)",
            "dump_payload_sanitizations:0",
            "total_reads_processed:\(self.stats.readsProcessed)",
            "total_writes_processed:\(self.stats.writesProcessed)",
            "io_threaded_reads_processed:0",
            "io_threaded_writes_processed:0",
            "reply_buffer_shrinks:0",
            "reply_buffer_expands:0",
        ].joined(separator: "\r\n")
    }
}

extension SentinelServer {
    /// A read on a query-port connection (`total_net_input_bytes`, `total_reads_processed`).
    func requestBytesRead(_ count: Int) {
        self.stats.inputBytes += count
        self.stats.readsProcessed += 1
    }
}

/// `%.2f` without Foundation.
func formatFixed2(_ value: Double) -> String {
    let hundredths = Int64((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
