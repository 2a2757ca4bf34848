import NIOCore
import SentinelCore

/// Holding commands during a CLIENT PAUSE (decided by the core's `ClientSession`), the timer that
/// ends it, and connection admission (protected mode, maxclients), as Redis 7.0.15 does them.
extension SentinelServer {
    /// Holds `args` back when the pause covers it (`ClientPause.holds`). True when held.
    func postponeIfPaused(_ args: [String], spec: CommandSpec?, client: QueryClient) -> Bool {
        guard let pause = self.pause else { return false }
        guard pause.until > self.now else {
            self.pause = nil
            return false
        }
        guard pause.holds(flags: spec?.flags) else { return false }
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

    func scheduleUnpause() {
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

    /// Redis's accept checks, in its order: `maxclients`, then protected mode (a non-loopback
    /// peer while the default user has no password). The text to send before closing, or nil.
    func admissionError(for channel: any Channel) -> String? {
        if self.clients.count >= self.core.server.maxclients {
            return "-" + ReplyError.maxClients.message + "\r\n"
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
