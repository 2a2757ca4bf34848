import NIOCore
import SentinelCore

/// The query-port command table (SPEC §13.2): connection-level commands here, `SENTINEL ...`
/// in the core.
extension SentinelServer {
    func clientConnected(_ channel: any Channel) -> QueryClient {
        let client = QueryClient(
            id: self.nextClientID, channel: channel, authenticated: self.acl.users.newClientsAreAuthenticated,
            now: self.now)
        self.nextClientID += 1
        self.clients[client.id] = client
        self.record(.connectionAccepted)
        return client
    }

    func clientDisconnected(_ client: QueryClient) {
        self.clients[client.id] = nil
    }

    func queryBufferLimitReached(_ client: QueryClient, initialBytes: String) {
        // `readQueryFromClient`: logged, closed, no reply.
        self.log.log(
            .warning,
            "Closing client that reached max query buffer length: \(self.clientInfo(client).line) "
                + "(qbuf initial bytes: \(initialBytes))")
        client.closingASAP = true
        client.channel.close(promise: nil)
    }

    /// Redis's `authRequired(c)` for the decoder's unauthenticated limits. A client whose held
    /// commands (CLIENT PAUSE) include AUTH or HELLO may be authenticated by the time its next
    /// request runs, as in Redis, which parses nothing of a blocked client's input until it is
    /// unblocked; its bytes stay bounded by `client-query-buffer-limit`.
    func authRequired(_ client: QueryClient?) -> Bool {
        guard let client else { return true }
        guard self.acl.users.authRequired(authenticated: client.session.authenticated) else { return false }
        return !client.postponed.contains { args in
            guard let name = self.commandTable.resolve(args)?.fullName else { return false }
            return name == "auth" || name.hasPrefix("hello")
        }
    }

    func readFinished(_ client: QueryClient?) {
        client?.lastInteractionAt = self.now
        self.record(.repliesFlushed)
    }

    func write(_ value: RESPValue, to client: QueryClient, flush: Bool = false) {
        // CLIENT REPLY OFF / SKIP: Redis 7.0 drops every reply, pub/sub messages included.
        // A client closed for its output buffer gets nothing more (`CLIENT_CLOSE_ASAP`).
        guard client.session.repliesEnabled, !client.closingASAP else { return }
        var buffer = client.channel.allocator.buffer(capacity: 64)
        RESPReplyEncoder.encode(value, protocolVersion: client.session.protocolVersion, into: &buffer)
        self.record(.replyWritten(bytes: buffer.readableBytes, isError: value.isError))
        if client.heldReplies != nil {
            client.heldReplies!.append(buffer)
            return
        }
        self.send(buffer, to: client, flush: flush)
        self.checkOutputBufferLimits(client)
    }

    /// Sends a last reply and closes the connection once it is written (protocol errors).
    func writeAndClose(_ value: RESPValue, to client: QueryClient) {
        var buffer = client.channel.allocator.buffer(capacity: 64)
        RESPReplyEncoder.encode(value, protocolVersion: client.session.protocolVersion, into: &buffer)
        if client.heldReplies != nil {
            client.heldReplies!.append(buffer)
            client.closeAfterHeldReplies = true
            return
        }
        self.send(buffer, to: client, flush: false)
        self.closeAfterOutput(client)
    }

    /// Runs one request and writes its reply (flushed at the end of the read).
    func execute(_ args: [String], for client: QueryClient) {
        guard let first = args.first, !client.session.closeAfterReply else { return }
        // A client held by CLIENT PAUSE reads nothing more until the pause ends.
        guard client.postponed.isEmpty else { return client.hold(args) }
        client.session.lastCommandAt = self.now
        // `processCommand` records the command (NULL when unknown) before any check.
        let spec: CommandSpec
        switch self.commandTable.lookup(args) {
        case .found(let found):
            spec = found
        case .unknownCommand(let message), .unknownSubcommand(let message):
            client.session.lastCommand = "NULL"
            self.write(.error(message), to: client)
            return self.commandFinished(nil, client: client)
        case .wrongArity(let message):
            let resolved = self.commandTable.resolve(args)
            client.session.lastCommand = resolved?.fullName ?? "NULL"
            self.write(.error(message), to: client)
            return self.commandFinished(resolved, client: client)
        }
        client.session.lastCommand = spec.fullName
        defer { self.commandFinished(spec, client: client) }
        // Dispatch on the real command: `rename-command` changes only the name it is called by.
        let name = String(spec.fullName.prefix { $0 != "|" })
        let authRequired = self.acl.users.authRequired(authenticated: client.session.authenticated)
        if let refusal = client.session.authRefusal(command: name, authRequired: authRequired) {
            return self.write(.error(refusal), to: client)
        }
        if self.deniedByACL(spec, args, client: client) { return }
        if let refusal = client.session.contextRefusal(command: name, fullName: spec.fullName) {
            return self.write(.error(refusal), to: client)
        }
        if self.postponeIfPaused(args, spec: spec, client: client) { return }
        self.record(.commandProcessed)
        switch name {
        case "ping":
            self.ping(args, client: client)
        case "sentinel":
            self.sentinel(args, client: client)
        case "info":
            guard args.count >= 1 else { return }
            let text = self.core.info(sections: Array(args.dropFirst()), facts: self, now: self.now)
            self.write(.bulkString(text), to: client)
        case "role":
            self.write(self.core.roleReply, to: client)
        case "subscribe", "psubscribe":
            guard args.count >= 2 else { return self.arity(name, client) }
            self.subscribe(Array(args.dropFirst()), pattern: name == "psubscribe", client: client)
        case "unsubscribe", "punsubscribe":
            self.unsubscribe(Array(args.dropFirst()), pattern: name == "punsubscribe", client: client)
        case "publish":
            guard args.count == 3 else { return self.arity(name, client) }
            guard args[1] == RedisCompatibility.helloChannel else {
                return self.write(.error(.onlyHelloPublish), to: client)
            }
            self.core.helloReceived(args[2], now: self.now)
            self.runActions()
            self.write(.integer(1), to: client)
        case "acl":
            self.aclCommand(args, client: client)
        case "command":
            self.write(self.commandTable.commandReply(args), to: client)
        default:
            // CLIENT, HELLO, AUTH and SHUTDOWN: the session's own commands.
            guard !self.sessionCommand(name, args, client: client) else { return }
            self.write(.error(.unknownCommand([first])), to: client)
        }
    }

    func arity(_ name: String, _ client: QueryClient) {
        self.write(.error(.wrongArity(name)), to: client)
    }

    func ping(_ args: [String], client: QueryClient) {
        guard args.count <= 2 else { return self.arity("ping", client) }
        if client.inPubSubContext {
            self.write(.array([.bulkString("pong"), .bulkString(args.count == 2 ? args[1] : "")]), to: client)
        } else if args.count == 2 {
            self.write(.bulkString(args[1]), to: client)
        } else {
            self.write(.simpleString("PONG"), to: client)
        }
    }

    func sentinel(_ args: [String], client: QueryClient) {
        let reply = self.core.sentinelCommand(args, now: self.now, environment: self.environment, random: &self.random)
        switch reply {
        case .reply(let value):
            self.runActions()
            self.write(value, to: client)
        case .afterFlush(let value):
            self.runActions()
            let ok = self.flushConfig()
            self.write(ok ? value : .error(.configSaveFailed), to: client)
        case .flushThenReply(let value):
            // The flush the core asked for is the group flush the reply waits for.
            self.runActions(flush: .groupFlush)
            self.replyAfterGroupFlush(value, to: client)
        }
    }
}
