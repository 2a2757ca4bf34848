import Dispatch
import NIOCore
import NIOPosix
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one owner of all sentinel state (DESIGN decision 2): the core value, every link connection,
/// every query-port client. Confined to one event loop; handlers on that loop call it directly.
final class SentinelServer {
    let loop: any EventLoop
    var core: Sentinel
    let configPath: String
    let log: RedisLog
    var random = SystemRandomNumberGenerator()
    let startTime = MonotonicClock.now()
    let runID: String
    let executable: String
    let environment: CommandEnvironment

    var connections: [LinkID: [Connection: LinkConnection]] = [:]
    var clients: [Int: QueryClient] = [:]
    var nextClientID = 1
    var listeners: [any Channel] = []
    var configDirty = false
    /// The file as we last wrote it, parsed: a flush that finds it unchanged skips the parse.
    /// Kept while flushes come often (a failover, many at once), dropped after `imageKeepTime`
    /// without one: at 1,000 masters it is 1.3 MB, a twentieth of the daemon's memory.
    var lastWritten: ConfigFileImage?
    var lastWrittenTime: Int64 = 0
    static let imageKeepTime: Int64 = 10_000
    /// A `flushConfigLater` (or a flush a group flush will write) not written yet.
    var configFlushDue = false
    /// Clients whose replies wait for the group flush (`SentinelServer+GroupFlush`), in order;
    /// not empty exactly while that flush is scheduled.
    var groupFlushClients: [QueryClient] = []
    var lastTrim: Int64 = 0
    /// When idle clients were last looked for (`timeout`).
    var lastIdleCheck: Int64 = 0
    var hz = 10
    var stats = QueryStats()
    var instantaneous = InstantaneousMetrics()
    /// ACL users and log of the query port (set from the config at startup).
    var acl = AccessControl()
    /// The query port's commands after the config's server-level `rename-command` lines.
    let commandTable: CommandTable
    /// `proto-max-bulk-len`, `client-query-buffer-limit`, `client-output-buffer-limit` from the
    /// config file (sentinel mode has no CONFIG SET).
    let clientLimits: ClientLimits
    /// The CLIENT PAUSE in force, if any.
    var pause: ClientPause?
    /// Ids of the clients CLIENT PAUSE holds, in the order they were held.
    var pauseWaiting: [Int] = []
    var shuttingDown = false
    /// Called when the process should exit (SHUTDOWN, signals), with the exit code.
    var onExit: ((Int32) -> Void)?
    /// Kept alive for the life of the process.
    var signalSources: [any DispatchSourceSignal] = []

    init(core: Sentinel, configPath: String, log: RedisLog, loop: any EventLoop, executable: String) {
        self.core = core
        self.configPath = configPath
        self.log = log
        self.loop = loop
        self.executable = executable
        self.commandTable = CommandTable.sentinel.renamed(by: core.server.otherDirectives)
        self.clientLimits = core.server.clientLimits
        var random = SystemRandomNumberGenerator()
        self.runID = Sentinel.randomRunID(using: &random)
        self.environment = CommandEnvironment(isExecutable: { access($0, X_OK) == 0 })
    }

    var now: Int64 { MonotonicClock.now() }

    // MARK: - Timer

    /// Starts the periodic tick; the delay is re-randomised every time (10–19 Hz, SPEC §2.4).
    func scheduleTick() {
        self.hz = 10 + Int.random(in: 0..<10, using: &self.random)
        let bound = NIOLoopBound(self, eventLoop: self.loop)
        self.loop.scheduleTask(in: .milliseconds(Int64(1000 / self.hz))) {
            let server = bound.value
            guard !server.shuttingDown else { return }
            for child in ScriptRunner.reap() {
                server.core.scriptExited(
                    pid: child.pid, exitCode: child.exitCode, signal: child.signal, now: server.now)
            }
            server.core.tick(now: server.now, random: &server.random)
            server.runActions(flush: .tick)
            if server.configFlushDue { server.flushConfig() }
            server.instantaneous.track(server.stats, now: server.now)
            server.trimMemoryIfDue()
            server.closeIdleClientsIfDue()
            server.scheduleTick()
        }
    }

    /// glibc keeps freed memory in its arenas; INFO replies (a few KiB per instance every 10 s)
    /// leave holes. Hand free pages back once a second, as jemalloc's purging does for Redis.
    func trimMemoryIfDue() {
        let now = self.now
        if self.lastWritten != nil, now - self.lastWrittenTime >= Self.imageKeepTime { self.lastWritten = nil }
        guard now - self.lastTrim >= 1000, let trim = MallocTrim.function else { return }
        self.lastTrim = now
        _ = trim(0)
    }

    // MARK: - Actions

    /// When the config flushes of a batch are written.
    enum FlushTiming {
        /// A link input or a command: `flushConfig` at once (the first in place, so the log reads
        /// as Redis's; the rest coalesced at the end of the batch); `flushConfigLater` waits
        /// for the next tick unless this batch writes the file anyway.
        case input
        /// The tick: as `input`, and whatever `flushConfigLater` left pending is written before
        /// the tick's own sends go out.
        case tick
        /// A reply that waits for the flush (`flushThenReply`, a vote): every flush of the
        /// batch is left to the group flush the reply waits for (`SentinelServer+GroupFlush`).
        case groupFlush
    }

    /// Runs what the core asked for, batch by batch: starting a script produces events of its
    /// own (+script-child, -script-error), which run as the next batch, after this one's flushes.
    /// Config flushes are coalesced per batch (`FlushTiming`).
    func runActions(flush timing: FlushTiming = .input) {
        var actions = self.core.takeActions()
        while !actions.isEmpty {
            let scriptsStarted = self.runBatch(actions, flush: timing)
            actions = scriptsStarted ? self.core.takeActions() : []
        }
    }

    /// One batch of actions; true when it started a script (whose report is the next batch).
    private func runBatch(_ actions: [SentinelAction], flush timing: FlushTiming) -> Bool {
        var needsAnotherPass = false
        var flushed = false
        var toFlush: [LinkConnection] = []
        for action in actions {
            switch action {
            case .connect(let link, let connection, let address):
                self.connect(link, connection, to: address)
            case .send(let link, let connection, let args, let tag):
                if let handler = self.connections[link]?[connection], handler.send(args, tag: tag) {
                    if toFlush.last !== handler { toFlush.append(handler) }
                }
            case .close(let link, let connection):
                self.connections[link]?.removeValue(forKey: connection)?.close()
            case .release(let link):
                for connection in self.connections.removeValue(forKey: link)?.values ?? [:].values {
                    connection.close()
                }
            case .event(let event):
                self.deliver(event)
            case .logNextFailoverDelay(let until):
                self.log.log(
                    .warning,
                    "Next failover delay: I will not start a failover before \(MonotonicClock.ctimeText(until))")
            case .spawnScript(let job):
                switch ScriptRunner.spawn(job.argv) {
                case .started(let pid):
                    self.core.scriptStarted(job: job.id, pid: pid, execFailed: false, now: self.now)
                case .execFailed:
                    self.core.scriptStarted(job: job.id, pid: nil, execFailed: true, now: self.now)
                case .spawnFailed:
                    self.core.scriptStarted(job: job.id, pid: nil, execFailed: false, now: self.now)
                }
                needsAnotherPass = true
            case .killScript(let pid):
                kill(pid, SIGKILL)
            case .crash:
                // Redis wrote everything before this point at once; so do we.
                if self.configFlushDue { self.flushConfig() }
                self.log.log(.warning, "Sentinel CRASH because of SENTINEL simulate-failure")
                exit(99)
            case .flushConfigLater:
                self.configFlushDue = true
            case .flushConfig where timing == .groupFlush:
                self.configFlushDue = true
            case .flushConfig:
                // The first flush of a batch happens in place (so the log reads as Redis's);
                // later ones are coalesced into one write at the end.
                if flushed {
                    self.configDirty = true
                } else {
                    flushed = true
                    self.flushConfig()
                }
            }
        }
        // What waits for the next tick goes out with a batch that writes anyway, or the tick's.
        if self.configDirty || (self.configFlushDue && (flushed || timing == .tick)) { _ = self.flushConfig() }
        for handler in toFlush { handler.flush() }
        return needsAnotherPass
    }

    /// Writes the config file now. Logs as Redis does; returns false on failure.
    @discardableResult
    func flushConfig() -> Bool {
        self.configDirty = false
        self.configFlushDue = false
        do {
            let original = try ConfigFile.read(self.configPath, missingIsEmpty: true)
            // Anyone may have edited the file since: the parse is reused only for the same text.
            let image = self.lastWritten.flatMap { $0.text == original ? $0 : nil } ?? ConfigFileImage(text: original)
            let written = ConfigRewriter.rewrite(
                image, server: self.core.server, sentinel: self.core.persistedSettings,
                primaries: self.core.persistedPrimaries(), defaultDownAfter: self.core.timers.defaultDownAfter,
                defaultFailoverTimeout: self.core.timers.defaultFailoverTimeout, absoluteDir: self.currentDirectory(),
                aclUsers: self.acl.users.describedUsers)
            try ConfigFile.writeAtomically(written.text, to: self.configPath)
            self.lastWritten = written
            self.lastWrittenTime = self.now
            self.log.log(.notice, "Sentinel new configuration saved on disk")
            return true
        } catch {
            self.log.log(.warning, "WARNING: Sentinel was not able to save the new configuration on disk!!!: \(error)")
            return false
        }
    }

    func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }

    /// SPEC §11.1: log, and publish on the channel named after the event.
    func deliver(_ event: SentinelEvent) {
        if event.type.isEmpty {
            self.log.log(event.level, event.message)
            return
        }
        self.log.log(event.level, event.logText)
        if event.isPublished { self.publish(channel: event.type, message: event.publishedMessage) }
    }

    // MARK: - Links

    func connect(_ link: LinkID, _ connection: Connection, to address: InstanceAddress) {
        let handler = LinkConnection(link: link, connection: connection, owner: self)
        self.connections[link, default: [:]][connection]?.close()
        self.connections[link, default: [:]][connection] = handler
        let bound = NIOLoopBound(handler, eventLoop: self.loop)
        guard (1...65535).contains(address.port) else {
            // The core checks ports where they enter and never asks for one of these; should it
            // ever, the link fails like a refused connect (on the next loop turn, as a connect
            // failure does) instead of trapping in NIO's conversion of the port to UInt16.
            self.loop.execute { bound.value.failed("invalid port \(address.port)") }
            return
        }
        // SO_KEEPALIVE and TCP_NODELAY are set once connected (below), not on every attempt:
        // unreachable peers are retried every second, thousands of them if peers injected them
        // (issue 9 §5), and those two syscalls were a tenth of the daemon's CPU then.
        var bootstrap = ClientBootstrap(group: self.loop)
            .connectTimeout(.seconds(5))
            // Each channel keeps its receive buffer; links carry small replies (INFO is a few
            // KiB, read in pieces), so a small fixed buffer keeps memory per instance low.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 1024))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([HiredisReplyDecoder(), bound.value])
                }
            }
        // `bind-source-addr` (Redis 7.0): every outgoing connection, to Redis instances and to
        // peers, leaves from that address, as hiredis's `redisAsyncConnectBind` does. A source
        // that cannot be bound fails the connect like any other connect error.
        if let source = self.core.server.bindSourceAddr, !source.isEmpty {
            guard let sourceAddress = try? SocketAddress(ipAddress: source, port: 0) else {
                self.loop.execute { bound.value.failed("invalid bind-source-addr \(source)") }
                return
            }
            bootstrap = bootstrap.bind(to: sourceAddress)
        }
        let serverBound = NIOLoopBound(self, eventLoop: self.loop)
        // Like hiredis, connect to the IP kept for the record (a literal IP, or a hostname's
        // resolved IP), skipping NIO's resolver, whose thread hop left a refused connect looking
        // open for a while: Redis reports `disconnected` at once (loopback refuses
        // synchronously). Only a hostname that did not resolve goes by name.
        let connecting: EventLoopFuture<any Channel>
        if let socketAddress = try? SocketAddress(ipAddress: address.ip, port: address.port) {
            connecting = bootstrap.connect(to: socketAddress)
        } else {
            connecting = bootstrap.connect(host: address.host, port: address.port)
        }
        connecting.whenComplete { result in
            let handler = bound.value
            switch result {
            case .success(let channel):
                try? channel.syncOptions?.setOption(.socketOption(.so_keepalive), value: 1)
                try? channel.syncOptions?.setOption(.tcpOption(.tcp_nodelay), value: 1)
                handler.attach(channel)
                if !handler.closed {
                    serverBound.value.core.connectionEstablished(
                        link, connection, localIP: channel.localAddress?.ipAddress)
                }
            case .failure(let error):
                handler.failed("\(error)")
            }
        }
    }

    func isCurrent(_ handler: LinkConnection) -> Bool {
        self.connections[handler.link]?[handler.connection] === handler
    }

    func linkReply(_ value: RESPValue, tag: ReplyTag, from handler: LinkConnection) {
        guard self.isCurrent(handler) else { return }
        self.core.replyReceived(value, tag: tag, link: handler.link, connection: handler.connection, now: self.now)
        self.runActions()
    }

    func linkUnsolicited(_ value: RESPValue, from handler: LinkConnection) {
        guard self.isCurrent(handler) else { return }
        self.core.unsolicitedReplyReceived(value, link: handler.link, connection: handler.connection, now: self.now)
        self.runActions()
    }

    func linkClosed(_ handler: LinkConnection, reason: String) {
        guard self.isCurrent(handler) else { return }
        self.connections[handler.link]?.removeValue(forKey: handler.connection)
        self.core.connectionClosed(handler.link, handler.connection, error: reason, now: self.now)
        self.runActions()
    }

    // MARK: - Shutdown

    /// Stops accepting, closes every link and client, and exits (SPEC §2.5: no config flush,
    /// except one deferred to the next tick, which Redis would already have written).
    func shutdown(reason: String, exitCode: Int32 = 0) {
        guard !self.shuttingDown else { return }
        self.shuttingDown = true
        if self.configFlushDue { self.flushConfig() }
        self.log.log(.warning, reason)
        if let pidfile = self.core.server.pidfile {
            self.log.log(.notice, "Removing the pid file.")
            unlink(pidfile)
        }
        self.log.log(.warning, "Sentinel is now ready to exit, bye bye...")
        for listener in self.listeners { listener.close(promise: nil) }
        for connections in self.connections.values { for connection in connections.values { connection.close() } }
        self.connections.removeAll()
        for client in self.clients.values { client.channel.close(promise: nil) }
        self.onExit?(exitCode)
    }
}

/// Its links report to it (`linkReply`, `linkUnsolicited`, `linkClosed` above).
extension SentinelServer: LinkConnectionOwner {}

/// So do its query-port connections (`Query/SentinelServer+Commands`, `+Output`).
extension SentinelServer: QueryConnectionOwner {}
