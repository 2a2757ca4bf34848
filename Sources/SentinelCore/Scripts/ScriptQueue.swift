/// One queued script run (SPEC §12).
public struct ScriptJob: Equatable, Sendable {
    public var id: Int
    /// `argv[0]` is the script path.
    public var argv: [String]
    public var running = false
    public var pid: Int32 = 0
    /// When it started (running) or when it may start (scheduled; 0 = now).
    public var startTime: Int64 = 0
    public var retryNum = 0
}

/// The script queue of SPEC §12: at most 16 running, 256 queued (the oldest waiting job is dropped
/// beyond that), retries with a doubling delay on exit 1 or a signal, up to 10 runs, a time limit.
struct ScriptQueue: Sendable {
    static let maxQueue = 256
    static let maxRunning = 16
    static let maxRetries = 10
    static let maxArguments = 16

    var jobs: [ScriptJob] = []
    var running = 0
    var nextID = 1

    mutating func schedule(_ argv: [String]) {
        guard argv.count <= Self.maxArguments + 1 else { return }
        self.jobs.append(ScriptJob(id: self.nextID, argv: argv))
        self.nextID += 1
        if self.jobs.count > Self.maxQueue, let oldest = self.jobs.firstIndex(where: { !$0.running }) {
            self.jobs.remove(at: oldest)
        }
    }

    /// Jobs to start now (marked running); the runtime answers each with `started`.
    mutating func due(now: Int64) -> [ScriptJob] {
        var started: [ScriptJob] = []
        for index in self.jobs.indices where self.running < Self.maxRunning {
            guard !self.jobs[index].running, self.jobs[index].startTime <= now else { continue }
            self.jobs[index].running = true
            self.jobs[index].startTime = now
            self.jobs[index].retryNum += 1
            self.running += 1
            started.append(self.jobs[index])
        }
        return started
    }
}

extension Sentinel {
    /// The queue as `SENTINEL PENDING-SCRIPTS` shows it.
    public var scriptJobs: [ScriptJob] { self.scripts.jobs }
    public var runningScripts: Int { self.scripts.running }

    mutating func scheduleScript(_ argv: [String]) {
        self.scripts.schedule(argv)
    }

    /// SPEC §11.1: WARNING events of an instance run its master's notification-script.
    mutating func notify(_ event: SentinelEvent) {
        guard event.level == .warning, let name = event.primary,
            let script = self.primaries[name]?.settings.notificationScript
        else { return }
        self.scheduleScript([script, event.type, event.message])
    }

    /// SPEC §12 client-reconfig-script: `<master> <leader|observer> start <from ip> <from port> <to ip> <to port>`.
    mutating func clientReconfigured(_ name: String, role: String, from: InstanceAddress, to: InstanceAddress) {
        guard let script = self.primaries[name]?.settings.clientReconfigScript else { return }
        self.scheduleScript([
            script, name, role, "start", self.announced(from), String(from.port), self.announced(to), String(to.port),
        ])
    }

    /// Each tick (SPEC §5.2 step 4): start due jobs, kill those running too long.
    mutating func runScripts(now: Int64) {
        for job in self.scripts.due(now: now) { self.actions.append(.spawnScript(job)) }
        for job in self.scripts.jobs where job.running && job.pid != 0 {
            if now - job.startTime > self.timers.scriptMaxRuntime {
                self.emit(.scriptTimeout, .scriptTimeout(path: job.argv[0], pid: job.pid), primary: nil)
                self.actions.append(.killScript(pid: job.pid))
            }
        }
    }

    /// The runtime started a job (`pid`), or could not: `exitCode` 2 when the program could not be
    /// executed (Redis's child exits 2), nil pid and nil code when it could not fork at all.
    public mutating func scriptStarted(job id: Int, pid: Int32?, execFailed: Bool, now: Int64) {
        guard let index = self.scripts.jobs.firstIndex(where: { $0.id == id }) else { return }
        if let pid {
            self.scripts.jobs[index].pid = pid
            self.emit(.scriptChild, .scriptChild(pid: pid), primary: nil)
            return
        }
        let path = self.scripts.jobs[index].argv[0]
        if execFailed {
            self.scriptFinished(at: index, exitCode: 2, signal: 0, now: now)
        } else {
            self.emit(.scriptError, .scriptError(path: path, 99, 0), primary: nil)
            self.scripts.jobs[index].running = false
            self.scripts.jobs[index].pid = 0
            self.scripts.running -= 1
        }
    }

    /// A child exited (reaped by the runtime with waitpid).
    public mutating func scriptExited(pid: Int32, exitCode: Int32, signal: Int32, now: Int64) {
        self.emit(.scriptChildEnded, .scriptChildEnded(pid: pid, exitCode: exitCode, signal: signal), primary: nil)
        guard let index = self.scripts.jobs.firstIndex(where: { $0.pid == pid && $0.running }) else { return }
        self.scriptFinished(at: index, exitCode: exitCode, signal: signal, now: now)
    }

    private mutating func scriptFinished(at index: Int, exitCode: Int32, signal: Int32, now: Int64) {
        let job = self.scripts.jobs[index]
        self.scripts.running -= 1
        if (signal != 0 || exitCode == 1) && job.retryNum != ScriptQueue.maxRetries {
            // Retry after script-retry-delay × 2^(retry-1).
            self.scripts.jobs[index].running = false
            self.scripts.jobs[index].pid = 0
            self.scripts.jobs[index].startTime = now.addingSaturated(
                self.timers.scriptRetryDelay.multipliedSaturated(by: 1 << Int64(job.retryNum - 1)))
            return
        }
        if signal != 0 || exitCode != 0 {
            self.emit(.scriptError, .scriptError(path: job.argv[0], signal, exitCode), primary: nil)
        }
        self.scripts.jobs.remove(at: index)
    }

    /// `SENTINEL PENDING-SCRIPTS` (SPEC §13.3).
    func pendingScriptsReply(now: Int64) -> RESPValue {
        .array(
            self.scripts.jobs.map { job in
                var fields: [(String, RESPValue)] = [
                    ("argv", .array(job.argv.map { .bulkString($0) })),
                    ("flags", .bulkString(job.running ? "running" : "scheduled")),
                    ("pid", .bulk(job.pid)),
                ]
                if job.running {
                    fields.append(("run-time", .bulk(now - job.startTime)))
                } else {
                    fields.append(("run-delay", .bulk(job.startTime != 0 ? max(0, job.startTime - now) : 0)))
                }
                fields.append(("retry-num", .bulk(job.retryNum)))
                return .fields(fields)
            })
    }
}
