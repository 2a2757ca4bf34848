/// Link inputs: connections opening and closing, replies and pub/sub messages (SPEC §4.3–4.6, §5.4).
extension Sentinel {
    /// The TCP connection is up. `localIP` is the socket's local address, which hellos announce
    /// when no `announce-ip` is set (SPEC §5.6).
    public mutating func connectionEstablished(_ id: LinkID, _ connection: Connection, localIP: String?) {
        guard connection == .command else { return }
        self.links[id]?.localIP = localIP
    }

    /// A connection failed to connect, was closed by the peer, or broke (SPEC §4.6).
    public mutating func connectionClosed(_ id: LinkID, _ connection: Connection, error: String?, now: Int64) {
        guard self.markClosed(id, connection) else { return }
        if let ref = self.firstRef(of: id) {
            let type: EventType = connection == .command ? .commandLinkReconnection : .pubsubLinkReconnection
            self.emit(type, ref) { .linkClosed($0, reason: error ?? "connection closed") }
        }
    }

    /// A reply to a command sent with `tag`.
    public mutating func replyReceived(
        _ value: RESPValue, tag: ReplyTag, link id: LinkID, connection: Connection, now: Int64
    ) {
        guard self.links[id] != nil else { return }
        if connection == .command, let pending = self.links[id]?.pendingCommands, pending > 0 {
            self.links[id]?.pendingCommands = pending - 1
        }
        switch tag {
        case .ignore:
            break
        case .subscribe:
            self.links[id]?.pubsubLastActivity = now
            if value.isError { self.closeConnection(id, .pubsub) }
        case .ping(let ref):
            self.pingReplyReceived(value, ref: ref, link: id, now: now)
        case .info(let ref):
            if case .bulkString(let text) = value { self.infoReceived(text, ref: ref, now: now) }
        case .hello(let ref):
            if !value.isError { self.update(ref) { $0.lastPubTime = now } }
        case .isPrimaryDown(let ref):
            self.isPrimaryDownReplyReceived(value, ref: ref, now: now)
        case .promotion(let ref):
            self.promotionReplied(value, ref: ref, now: now)
        case .writesPause(let ref):
            self.writesPauseReplied(value, primary: ref.primaryName, now: now)
        case .pausedOffset(let ref):
            self.pausedOffsetReplied(value, primary: ref.primaryName, now: now)
        case .fencePause(let ref):
            if case .error(let message) = value { self.fencePauseRefused(ref, error: message) }
        case .fenceAsk(let ref):
            self.fenceAskAnswered(value, from: ref)
        }
    }

    /// A value nothing was waiting for on a connection: a pub/sub message, or an unsolicited error.
    /// SPEC §4.6: an unsolicited error closes the connection.
    public mutating func unsolicitedReplyReceived(
        _ value: RESPValue, link id: LinkID, connection: Connection, now: Int64
    ) {
        guard self.links[id] != nil else { return }
        switch connection {
        case .command:
            if value.isError { self.closeConnection(id, .command) }
        case .pubsub:
            self.links[id]?.pubsubLastActivity = now
            if value.isError {
                self.closeConnection(id, .pubsub)
                return
            }
            // SPEC §5.7: only a 3-element `message` reply of strings is a hello.
            guard let parts = value.elements, parts.count == 3, case .bulkString(let kind) = parts[0],
                case .bulkString = parts[1], case .bulkString(let payload) = parts[2], kind == "message"
            else { return }
            if payload.contains(self.myID) { return }
            self.helloReceived(payload, now: now)
        }
    }

    /// SPEC §5.4.
    mutating func pingReplyReceived(_ value: RESPValue, ref: InstanceRef, link id: LinkID, now: Int64) {
        switch value {
        case .simpleString(let text), .error(let text):
            if text.hasPrefix("PONG") || text.hasPrefix("LOADING") || text.hasPrefix("MASTERDOWN") {
                self.links[id]?.lastAvailTime = now
                self.links[id]?.actPingTime = 0
                if text.hasPrefix("PONG") { self.update(ref) { $0.flags.remove(.primaryReboot) } }
            } else if text.hasPrefix("BUSY"), let instance = self.instance(ref), instance.flags.contains(.sDown),
                !instance.flags.contains(.scriptKillSent)
            {
                self.send(id, ["SCRIPT", "KILL"], tag: .ignore)
                self.update(ref) { $0.flags.insert(.scriptKillSent) }
            }
        default:
            break
        }
        self.links[id]?.lastPongTime = now
    }

    /// Some instance that uses the link, for event text: the first in master order.
    ///
    /// Found from the link's peer, not by walking every instance: this runs for every failed
    /// connection, and peers can add thousands of unreachable sentinels. A Redis link belongs to
    /// one instance of its master, a replica named by the link's address; a sentinel link is shared
    /// only by records of its runid, at most one per master.
    func firstRef(of id: LinkID) -> InstanceRef? {
        guard let link = self.links[id] else { return nil }
        switch link.peer {
        case .redis(let name):
            guard let primary = self.primaries[name] else { return nil }
            if primary.instance.link == id { return .primary(name) }
            let replica = link.address.description
            if let index = primary.replicas.index(of: replica), primary.replicas[index].link == id {
                return .replica(primary: name, name: replica)
            }
        case .sentinel(let runID):
            for name in self.primaryOrder {
                if let index = self.primaries[name]?.sentinels.index(of: runID),
                    self.primaries[name]?.sentinels[index].link == id
                {
                    return .sentinel(primary: name, runID: runID)
                }
            }
        }
        return nil
    }

    // MARK: - Connecting (SPEC §4.3)

    /// Reopens the missing connections of an instance's link, at most once per ping period; the
    /// retries of replicas and peers within the tick's budget (`maxRetryConnectsPerTick`).
    mutating func reconnect(_ ref: InstanceRef, link id: LinkID, port: Int, now: Int64) {
        guard let disconnected = self.links[id]?.disconnected, disconnected, port != 0,
            let lastReconnect = self.links[id]?.lastReconnectTime, now - lastReconnect >= self.timers.pingPeriod,
            var link = self.links[id]
        else { return }
        if link.attempted, !ref.isPrimary {
            // Waiting in line: the line serves it (`retryWaitingLinks`), not the walk.
            if link.waitingForRetry { return }
            let opening = link.connectionsToOpen
            guard self.reconnectBudget >= opening else {
                self.links[id]?.waitingForRetry = true
                self.retryQueue.append(ref, id)
                return
            }
            self.reconnectBudget -= opening
        }
        link.attempted = true
        link.lastReconnectTime = now
        let credentials = self.credentials(for: link.peer)
        let clientName = "sentinel-\(self.myID.prefix(8))"
        if !link.commandOpen {
            link.commandOpen = true
            link.pendingCommands = 0
            link.commandConnTime = now
            self.links[id] = link
            self.actions.append(.connect(id, .command, link.address))
            if let credentials { self.send(id, .command, credentials, tag: .ignore) }
            self.send(id, .command, ["CLIENT", "SETNAME", "\(clientName)-cmd"], tag: .ignore)
            // SPEC §4.3: the PING is queued with the connect and counts as pending from now, as
            // hiredis's does while its asynchronous connect is in progress.
            self.sendPing(ref, link: id, now: now)
            guard let current = self.links[id] else { return }
            link = current
        }
        if link.needsPubsub && !link.pubsubOpen {
            link.pubsubOpen = true
            link.pubsubConnTime = now
            link.pubsubLastActivity = now
            self.links[id] = link
            self.actions.append(.connect(id, .pubsub, link.address))
            if let credentials { self.send(id, .pubsub, credentials, tag: .ignore) }
            self.send(id, .pubsub, ["CLIENT", "SETNAME", "\(clientName)-pubsub"], tag: .ignore)
            self.send(id, .pubsub, ["SUBSCRIBE", RedisCompatibility.helloChannel], tag: .subscribe)
        }
    }

    /// The retries earlier ticks held back, oldest first, within this tick's budget; before the
    /// walk, so a link due again cannot go ahead of one that has waited longer.
    mutating func retryWaitingLinks(now: Int64) {
        while self.reconnectBudget > 0, let (ref, id) = self.retryQueue.first {
            // Needs more than is left (two connections, one left): stays first in line.
            if let link = self.links[id], link.waitingForRetry, link.connectionsToOpen > self.reconnectBudget { return }
            _ = self.retryQueue.popFirst()
            guard self.links[id]?.waitingForRetry == true else { continue }
            self.links[id]?.waitingForRetry = false
            // The instance may be gone, or moved to another link, since it was queued.
            guard let (current, port) = self.read(ref, { ($0.link, $0.address.port) }), current == id else { continue }
            self.reconnect(ref, link: id, port: port, now: now)
        }
    }

    /// SPEC §4.4: the AUTH command for a link, if credentials apply.
    func credentials(for peer: LinkPeer) -> [String]? {
        let user: String?
        let pass: String?
        switch peer {
        case .redis(let primary):
            user = self.primaries[primary]?.settings.authUser
            pass = self.primaries[primary]?.settings.authPass
        case .sentinel:
            if let sentinelPass = self.settings.sentinelPass {
                user = self.settings.sentinelUser
                pass = sentinelPass
            } else {
                user = nil
                pass = self.server.requirepass
            }
        }
        guard let pass else { return nil }
        if let user { return ["AUTH", user, pass] }
        return ["AUTH", pass]
    }

    mutating func sendPing(_ ref: InstanceRef, link id: LinkID, now: Int64) {
        guard self.links[id] != nil else { return }
        self.send(id, ["PING"], tag: .ping(ref))
        self.links[id]?.lastPingTime = now
        if self.links[id]?.actPingTime == 0 { self.links[id]?.actPingTime = now }
    }
}
