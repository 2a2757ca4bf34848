import Testing

@testable import SentinelCore

@Suite struct ScriptQueueTests {
    func harness() -> SentinelHarness {
        var primary = SentinelHarness.defaultPrimary()
        primary.notificationScript = "/usr/local/bin/notify.sh"
        primary.clientReconfigScript = "/usr/local/bin/reconfig.sh"
        var h = SentinelHarness(primaries: [primary])
        self.drainStartup(&h)
        return h
    }

    /// Jobs started, leaving out the `+monitor` notification every start-up queues (as Redis).
    func spawned(_ h: SentinelHarness) -> [ScriptJob] {
        h.log.compactMap {
            if case .spawnScript(let job) = $0, job.argv.dropFirst().first != "+monitor" { return job }
            return nil
        }
    }

    /// Finishes the start-up `+monitor` job so the queue holds only what a test adds.
    func drainStartup(_ h: inout SentinelHarness) {
        h.tick()
        for case .spawnScript(let job) in h.log where job.argv.dropFirst().first == "+monitor" {
            h.sentinel.scriptStarted(job: job.id, pid: 1, execFailed: false, now: h.now)
            h.sentinel.scriptExited(pid: 1, exitCode: 0, signal: 0, now: h.now)
        }
        h.clearLog()
    }

    @Test func warningEventsOfAPrimaryRunItsNotificationScript() {
        var h = self.harness()
        h.sentinel.emit(.sdown, .primary("mymaster"))
        h.sentinel.emit(.replica, .primary("mymaster"))  // not WARNING: no script
        h.tick()
        #expect(
            self.spawned(h).map(\.argv) == [["/usr/local/bin/notify.sh", "+sdown", "master mymaster 127.0.0.1 6379"]])
    }

    @Test func clientReconfigScriptArguments() {
        var h = self.harness()
        h.sentinel.clientReconfigured(
            "mymaster", role: "observer", from: InstanceAddress(host: "127.0.0.1", port: 6379),
            to: InstanceAddress(host: "127.0.0.1", port: 6380))
        h.tick()
        #expect(
            self.spawned(h).map(\.argv) == [
                [
                    "/usr/local/bin/reconfig.sh", "mymaster", "observer", "start", "127.0.0.1", "6379", "127.0.0.1",
                    "6380",
                ]
            ])
    }

    @Test func exitOneIsRetriedWithDoublingDelayAndGivesUpAfterTenRuns() {
        var h = self.harness()
        h.sentinel.scheduleScript(["/usr/local/bin/notify.sh", "+test", "retry me"])
        var pid: Int32 = 100
        var starts: [Int64] = []
        // Ten runs take 30 s × (1 + 2 + ... + 256) = 4 h 15 min; step 5 s at a time.
        for _ in 0..<4000 {
            h.clearLog()
            h.tick(advance: 5000)
            for case .spawnScript(let job) in h.log {
                pid += 1
                h.sentinel.scriptStarted(job: job.id, pid: pid, execFailed: false, now: h.now)
                // Every job fails with exit 1; only ours is timed.
                if job.argv[1] == "+test" { starts.append(h.now) }
                h.sentinel.scriptExited(pid: pid, exitCode: 1, signal: 0, now: h.now)
                h.collect()
            }
            if h.events("-script-error").contains(where: { $0.message == "/usr/local/bin/notify.sh 0 1" }),
                !h.sentinel.scriptJobs.contains(where: { $0.argv[1] == "+test" })
            {
                break
            }
        }
        #expect(starts.count == 10)
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }
        let expected: [Int64] = (0..<9).map { 30_000 << Int64($0) }
        #expect(zip(gaps, expected).allSatisfy { gap, want in gap >= want && gap <= want + 5000 }, "\(gaps)")
        #expect(!h.sentinel.scriptJobs.contains { $0.argv[1] == "+test" })
    }

    @Test func exitTwoIsAnErrorWithoutRetry() {
        var h = self.harness()
        h.sentinel.emit(.odown, .primary("mymaster"))
        h.tick()
        let job = try! #require(self.spawned(h).first)
        h.sentinel.scriptStarted(job: job.id, pid: nil, execFailed: true, now: h.now)
        h.collect()
        #expect(h.events("-script-error").map(\.message) == ["/usr/local/bin/notify.sh 0 2"])
        #expect(h.sentinel.scriptJobs.isEmpty)
    }

    @Test func longRunningScriptsAreKilledAndReportedAndPendingScriptsShowsThem() {
        var h = self.harness()
        h.sentinel.emit(.odown, .primary("mymaster"))
        h.tick()
        let job = try! #require(self.spawned(h).first)
        h.sentinel.scriptStarted(job: job.id, pid: 4242, execFailed: false, now: h.now)
        let reply = h.sentinel.pendingScriptsReply(now: h.now + 5)
        guard case .array(let entries) = reply, case .map(let fields) = entries.first else {
            Issue.record("unexpected \(reply)")
            return
        }
        #expect(fields.map { $0.0.text ?? "" } == ["argv", "flags", "pid", "run-time", "retry-num"])
        #expect(fields[1].1 == .bulkString("running") && fields[2].1 == .bulkString("4242"))
        for _ in 0..<61 { h.tick(advance: 1000) }
        #expect(h.log.contains(.killScript(pid: 4242)))
        #expect(h.events("-script-timeout").map(\.message) == ["/usr/local/bin/notify.sh 4242"])
    }

    @Test func queueKeepsAtMost256JobsDroppingTheOldestWaiting() {
        var h = self.harness()
        for i in 0..<300 { h.sentinel.scheduleScript(["/bin/true", "\(i)"]) }
        #expect(h.sentinel.scriptJobs.count == 256)
        #expect(h.sentinel.scriptJobs.first?.argv[1] == "44")
        h.tick()
        #expect(self.spawned(h).count == 16)
        #expect(h.sentinel.runningScripts == 16)
    }
}
