import Testing

@testable import SentinelCore

/// INFO's sections and text from hand-made facts: which sections show, in which order, and what
/// each line says.
@Suite struct InfoReportTests {
    /// Facts that remember which sections were asked for.
    final class Facts: InfoFacts {
        var asked: [String] = []

        func serverFacts() -> ServerFacts {
            self.asked.append("server")
            return ServerFacts(
                os: "Linux 6.1.0 x86_64", processID: 4242, runID: String(repeating: "f", count: 40),
                unixTimeMicros: 1_700_000_000_123_456, uptimeSeconds: 90_061, hz: 13, executable: "/bin/swift-sentinel",
                configFile: "/etc/sentinel.conf")
        }

        func clientsFacts() -> ClientsFacts {
            self.asked.append("clients")
            return ClientsFacts(connected: 4, blocked: 1, tracking: 2)
        }

        func cpuFacts() -> CPUFacts {
            self.asked.append("cpu")
            let t = { (s: Int, us: Int) in CPUTime(seconds: s, micros: us) }
            return CPUFacts(
                process: (t(1, 5), t(2, 250_000)), children: (t(0, 0), t(0, 999_999)), mainThread: (t(3, 40), t(4, 1)))
        }

        func statsFacts() -> StatsFacts {
            self.asked.append("stats")
            var counters = QueryStats()
            for event: QueryStats.Event in [
                .connectionAccepted, .connectionAccepted, .connectionRejected, .commandProcessed,
                .replyWritten(bytes: 10, isError: true), .replyWritten(bytes: 5, isError: false),
                .requestRead(bytes: 30), .repliesFlushed,
            ] {
                counters.record(event)
            }
            return StatsFacts(
                counters: counters, opsPerSecond: 12.9, inputBytesPerSecond: 2048, outputBytesPerSecond: 1.5,
                pubsubChannels: 3, pubsubPatterns: 1, trackingPrefixes: 2)
        }
    }

    func headers(_ text: String) -> [String] {
        text.split(separator: "\r\n").filter { $0.hasPrefix("#") }.map(String.init)
    }

    func lines(_ text: String) -> Set<String> {
        Set(text.split(separator: "\r\n").map(String.init))
    }

    @Test func sectionSelection() {
        #expect(InfoSection.selected([]) == [.server, .clients, .stats, .cpu, .sentinel])
        #expect(InfoSection.selected(["EVERYTHING"]) == InfoSection.allCases)
        #expect(InfoSection.selected(["sentinel", "Server"]) == [.server, .sentinel])
        #expect(InfoSection.selected(["keyspace"]).isEmpty)
    }

    @Test func onlyTheSectionsShownAreAskedFor() {
        let h = SentinelHarness()
        let facts = Facts()
        let text = h.sentinel.info(sections: ["cpu", "clients"], facts: facts, now: h.now)
        #expect(facts.asked == ["clients", "cpu"])
        #expect(self.headers(text) == ["# Clients", "# CPU"])
        // Every line ends in CRLF, sections are separated by one more.
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains("clients_in_timeout_table:0\r\n\r\n# CPU\r\n"))
        #expect(h.sentinel.info(sections: ["nothing"], facts: facts, now: h.now) == "")
    }

    @Test func serverAndClientsLines() {
        let h = SentinelHarness()
        let text = h.sentinel.info(sections: ["server", "clients"], facts: Facts(), now: h.now)
        let expected: Set<String> = [
            "redis_mode:sentinel", "os:Linux 6.1.0 x86_64", "process_id:4242", "tcp_port:26379",
            "run_id:\(String(repeating: "f", count: 40))", "server_time_usec:1700000000123456",
            "uptime_in_seconds:90061", "uptime_in_days:1", "hz:13", "lru_clock:5501184",
            "executable:/bin/swift-sentinel", "config_file:/etc/sentinel.conf", "connected_clients:4",
            "maxclients:\(h.sentinel.server.maxclients)", "blocked_clients:1", "tracking_clients:2",
        ]
        #expect(expected.subtracting(self.lines(text)).isEmpty)
        #expect(text.hasPrefix("# Server\r\nredis_version:\(RedisCompatibility.version)\r\n"))
    }

    @Test func cpuLinesPadTheMicroseconds() {
        let h = SentinelHarness()
        let text = h.sentinel.info(sections: ["cpu"], facts: Facts(), now: h.now)
        #expect(
            text
                == "# CPU\r\nused_cpu_sys:1.000005\r\nused_cpu_user:2.250000\r\nused_cpu_sys_children:0.000000\r\n"
                + "used_cpu_user_children:0.999999\r\nused_cpu_sys_main_thread:3.000040\r\n"
                + "used_cpu_user_main_thread:4.000001\r\n")
    }

    @Test func statsLinesCountWhatWasRecorded() {
        let h = SentinelHarness()
        let text = h.sentinel.info(sections: ["stats"], facts: Facts(), now: h.now)
        let expected: Set<String> = [
            "total_connections_received:2", "total_commands_processed:1", "instantaneous_ops_per_sec:12",
            "total_net_input_bytes:30", "total_net_output_bytes:15", "instantaneous_input_kbps:2.00",
            "instantaneous_output_kbps:0.00", "rejected_connections:1", "pubsub_channels:3", "pubsub_patterns:1",
            "tracking_total_prefixes:2", "total_error_replies:1", "total_reads_processed:1",
            "total_writes_processed:1",
        ]
        #expect(expected.subtracting(self.lines(text)).isEmpty)
        #expect(self.lines(text).count == 51)
    }

    @Test func sentinelSectionIsTheCores() {
        let h = SentinelHarness()
        let text = h.sentinel.info(sections: ["sentinel"], facts: Facts(), now: h.now)
        #expect(
            text == (["# Sentinel"] + h.sentinel.infoSentinelSection(now: h.now)).joined(separator: "\r\n") + "\r\n")
    }
}
