import NIOCore
import SentinelCore

/// CLIENT PAUSE / UNPAUSE, SHUTDOWN and connection admission (protected mode, maxclients), as
/// Redis 7.0.15 does them for the query port.
extension SentinelServer {
    /// CLIENT PAUSE timeout [WRITE|ALL]. A second pause keeps the later end and the wider type.
    func clientPause(_ args: [String], client: QueryClient) {
        var writesOnly = false
        if args.count == 4 {
            switch args[3].lowercased() {
            case "write": writesOnly = true
            case "all": writesOnly = false
            default: return self.write(.error("ERR CLIENT PAUSE mode must be WRITE or ALL"), to: client)
            }
        }
        guard let timeout = Int64(args[2]) else {
            return self.write(.error("ERR timeout is not an integer or out of range"), to: client)
        }
        guard timeout >= 0 else { return self.write(.error("ERR timeout is negative"), to: client) }
        let until = PauseDeadline.until(timeout: timeout, now: self.now)
        let current = self.pause.flatMap { $0.until > self.now ? $0 : nil }
        self.pause = (
            until: max(until, current?.until ?? until),
            writesOnly: writesOnly && (current?.writesOnly ?? true)
        )
        self.scheduleUnpause()
        self.write(.ok, to: client)
    }

    /// Holds `args` back when a pause covers it (every command for ALL; write and
    /// may-replicate ones for WRITE, which no sentinel-mode command is). True when held.
    func postponeIfPaused(_ args: [String], spec: CommandSpec?, client: QueryClient) -> Bool {
        guard let pause = self.pause else { return false }
        guard pause.until > self.now else {
            self.pause = nil
            return false
        }
        let writes = spec.map { $0.flags.contains("write") || $0.flags.contains("may_replicate") } ?? false
        guard !pause.writesOnly || writes else { return false }
        client.hold(args)
        self.pauseWaiting.append(client.id)
        return true
    }

    func unpauseClients() {
        self.pause = nil
        let bound = NIOLoopBound(self, eventLoop: self.loop)
        // After the current command's reply, as Redis unblocks them in `beforeSleep`.
        self.loop.execute { bound.value.resumePostponed() }
    }

    private func scheduleUnpause() {
        guard let pause = self.pause else { return }
        let bound = NIOLoopBound(self, eventLoop: self.loop)
        self.loop.scheduleTask(in: .milliseconds(PauseDeadline.timerDelay(until: pause.until, now: self.now))) {
            let server = bound.value
            guard let current = server.pause else { return }
            // A pause longer than one timer step (or a later one) arms the timer again.
            guard current.until <= server.now else { return server.scheduleUnpause() }
            server.pause = nil
            server.resumePostponed()
        }
    }

    /// Runs the held commands, client by client in the order they were held.
    func resumePostponed() {
        guard self.pause == nil else { return }
        let waiting = self.pauseWaiting
        self.pauseWaiting = []
        for id in waiting {
            guard let client = self.clients[id] else { continue }
            var queue = client.takePostponed()[...]
            while !queue.isEmpty && client.postponed.isEmpty {
                self.execute(queue.removeFirst(), for: client)
            }
            for args in queue { client.hold(args) }
            client.channel.flush()
        }
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (SPEC §2.5). A sentinel never has a
    /// shutdown in progress to abort: it exits at once.
    func shutdownCommand(_ args: [String], client: QueryClient) {
        var (save, noSave, abort, other) = (false, false, false, false)
        for option in args.dropFirst() {
            switch option.lowercased() {
            case "nosave": noSave = true
            case "save": save = true
            case "now", "force": other = true
            case "abort": abort = true
            default: return self.write(.error("ERR syntax error"), to: client)
            }
        }
        if (abort && (save || noSave || other)) || (save && noSave) {
            return self.write(.error("ERR syntax error"), to: client)
        }
        if abort { return self.write(.error("ERR No shutdown in progress."), to: client) }
        self.shutdown(reason: "User requested shutdown...")
    }

    /// Redis's accept checks, in its order: `maxclients`, then protected mode (a non-loopback
    /// peer while the default user has no password). The text to send before closing, or nil.
    func admissionError(for channel: any Channel) -> String? {
        if self.clients.count >= self.core.server.maxclients {
            return "-ERR max number of clients reached\r\n"
        }
        if self.core.server.protectedMode && self.acl.users.defaultUser.isNoPass
            && !Self.isLoopback(channel.remoteAddress?.ipAddress)
        {
            return Self.protectedModeDenied
        }
        return nil
    }

    /// `connIsLocal`: the peer is 127.0.0.0/8 or ::1.
    static func isLoopback(_ ip: String?) -> Bool {
        guard let ip else { return true }  // not a TCP peer (never on the query port)
        return ip.hasPrefix("127.") || ip == "::1"
    }

    static let protectedModeDenied =
        "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for "
        + "the default user. In this mode connections are only accepted from the loopback interface. If you want "
        + "to connect from external computers to Redis you may adopt one of the following solutions: 1) Just "
        + "disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface "
        + "by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not "
        + "publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
        + "Alternatively you can just disable the protected mode by editing the Redis configuration file, and "
        + "setting the protected mode option to 'no', and then restarting the server. 3) If you started the "
        + "server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an "
        + "authentication password for the default user. NOTE: You only need to do one of the above things in "
        + "order for the server to start accepting connections from the outside.\r\n"
}

/// The arithmetic of CLIENT PAUSE on the client's timeout, none of which can trap.
enum PauseDeadline {
    /// The longest timer armed at once (one day); a longer pause re-arms it. Keeps the delay far
    /// inside `TimeAmount`'s nanosecond range.
    static let maxTimerDelay: Int64 = 86_400_000

    /// When a pause of `timeout` ms (not negative) started at `now` ends; 0 for a zero timeout.
    /// Redis 7.0.15 adds the clock without an overflow check (`getTimeoutFromObjectOrReply`), so a
    /// timeout near `LLONG_MAX` wraps into the past and the pause is over at once (checked
    /// against redis-sentinel 7.0.15: `CLIENT PAUSE 9223372036854775807` answers `+OK` and a PING
    /// right after gets `+PONG`). The wrap is deliberate and explicit here.
    static func until(timeout: Int64, now: Int64) -> Int64 {
        timeout > 0 ? timeout &+ now : 0
    }

    /// Milliseconds to wait until `until`: 0 if it has passed (however far in the past), at most
    /// `maxTimerDelay`.
    static func timerDelay(until: Int64, now: Int64) -> Int64 {
        let (left, overflow) = until.subtractingReportingOverflow(now)
        if overflow { return until < now ? 0 : Self.maxTimerDelay }
        return min(max(0, left), Self.maxTimerDelay)
    }
}
