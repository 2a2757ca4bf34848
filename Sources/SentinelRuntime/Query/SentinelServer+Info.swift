import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The numbers INFO shows that only the process knows; the sections and their text are the core's
/// (`Sentinel.info(sections:facts:now:)`).
extension SentinelServer: InfoFacts {
    func serverFacts() -> ServerFacts {
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var tv = timeval()
        gettimeofday(&tv, nil)
        return ServerFacts(
            os: "\(text(name.sysname)) \(text(name.release)) \(text(name.machine))", processID: Int(getpid()),
            runID: self.runID, unixTimeMicros: Int64(tv.tv_sec) * 1_000_000 + Int64(tv.tv_usec),
            uptimeSeconds: (self.now - self.startTime) / 1000, hz: self.hz, executable: self.executable,
            configFile: self.configPath)
    }

    func clientsFacts() -> ClientsFacts {
        ClientsFacts(
            connected: self.clients.count, blocked: self.clients.values.filter { !$0.postponed.isEmpty }.count,
            tracking: self.clients.values.filter(\.session.tracking.enabled).count)
    }

    func cpuFacts() -> CPUFacts {
        var process = rusage()
        var children = rusage()
        var thread = rusage()
        getrusage(RUSAGE_SELF.rawValue &* 1, &process)
        getrusage(RUSAGE_CHILDREN.rawValue &* 1, &children)
        // RUSAGE_THREAD (Linux): INFO runs on the owner's loop, the thread doing Redis's main-thread work.
        getrusage(__rusage_who_t(1), &thread)
        func time(_ t: timeval) -> CPUTime { CPUTime(seconds: Int(t.tv_sec), micros: Int(t.tv_usec)) }
        return CPUFacts(
            process: (time(process.ru_stime), time(process.ru_utime)),
            children: (time(children.ru_stime), time(children.ru_utime)),
            mainThread: (time(thread.ru_stime), time(thread.ru_utime)))
    }

    func statsFacts() -> StatsFacts {
        StatsFacts(
            counters: self.stats, opsPerSecond: self.instantaneous.commands.perSecond,
            inputBytesPerSecond: self.instantaneous.input.perSecond,
            outputBytesPerSecond: self.instantaneous.output.perSecond,
            pubsubChannels: Set(self.clients.values.flatMap(\.session.channels)).count,
            pubsubPatterns: Set(self.clients.values.flatMap(\.session.patterns)).count,
            trackingPrefixes: self.clients.values.reduce(0) { $0 + $1.session.tracking.prefixes.count })
    }
}

extension SentinelServer {
    /// The one place the query port's counters change (`QueryStats.record`).
    func record(_ event: QueryStats.Event) {
        self.stats.record(event)
    }

    /// A read on a query-port connection (`total_net_input_bytes`, `total_reads_processed`).
    func requestBytesRead(_ count: Int) {
        self.record(.requestRead(bytes: count))
    }
}
