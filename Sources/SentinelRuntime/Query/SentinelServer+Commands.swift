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
        self.stats.connectionsReceived += 1
        return client
    }

    func clientDisconnected(_ client: QueryClient) {
        self.clients[client.id] = nil
    }

    func write(_ value: RESPValue, to client: QueryClient, flush: Bool = false) {
        // CLIENT REPLY OFF / SKIP: Redis 7.0 drops every reply, pub/sub messages included.
        // A client closed for its output buffer gets nothing more (`CLIENT_CLOSE_ASAP`).
        guard client.reply == .on || client.reply == .skipNext, !client.closingASAP else { return }
        if value.isError { self.stats.errorReplies += 1 }
        var buffer = client.channel.allocator.buffer(capacity: 64)
        RESPReplyEncoder.encode(value, protocolVersion: client.protocolVersion, into: &buffer)
        self.stats.outputBytes += buffer.readableBytes
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
        RESPReplyEncoder.encode(value, protocolVersion: client.protocolVersion, into: &buffer)
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
        guard let first = args.first, !client.closeAfterReply else { return }
        // A client held by CLIENT PAUSE reads nothing more until the pause ends.
        guard client.postponed.isEmpty else { return client.hold(args) }
        client.lastCommandAt = self.now
        // `processCommand` records the command (NULL when unknown) before any check.
        let spec: CommandSpec
        switch self.commandTable.lookup(args) {
        case .found(let found):
            spec = found
        case .unknownCommand(let message), .unknownSubcommand(let message):
            client.lastCommand = "NULL"
            self.write(.error(message), to: client)
            return self.commandFinished(nil, client: client)
        case .wrongArity(let message):
            let resolved = self.commandTable.resolve(args)
            client.lastCommand = resolved?.fullName ?? "NULL"
            self.write(.error(message), to: client)
            return self.commandFinished(resolved, client: client)
        }
        client.lastCommand = spec.fullName
        defer { self.commandFinished(spec, client: client) }
        // Dispatch on the real command: `rename-command` changes only the name it is called by.
        let name = String(spec.fullName.prefix { $0 != "|" })
        if self.acl.users.authRequired(authenticated: client.authenticated) && name != "auth" && name != "hello" {
            self.write(.error("NOAUTH Authentication required."), to: client)
            return
        }
        if self.deniedByACL(spec, args, client: client) { return }
        if client.inPubSubContext && !["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping"].contains(name)
        {
            self.write(
                .error(
                    "ERR Can't execute '\(spec.fullName)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                        + "QUIT / RESET are allowed in this context"), to: client)
            return
        }
        if self.postponeIfPaused(args, spec: spec, client: client) { return }
        self.stats.commandsProcessed += 1
        switch name {
        case "ping":
            self.ping(args, client: client)
        case "sentinel":
            self.sentinel(args, client: client)
        case "info":
            guard args.count >= 1 else { return }
            self.write(.bulkString(self.info(sections: Array(args.dropFirst()))), to: client)
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
                return self.write(.error("ERR Only HELLO messages are accepted by Sentinel instances."), to: client)
            }
            self.core.helloReceived(args[2], now: self.now)
            self.runActions()
            self.write(.integer(1), to: client)
        case "auth":
            self.auth(args, client: client)
        case "hello":
            self.hello(args, client: client)
        case "client":
            self.clientCommand(args, client: client)
        case "acl":
            self.aclCommand(args, client: client)
        case "command":
            self.write(self.commandTable.commandReply(args), to: client)
        case "shutdown":
            self.shutdownCommand(args, client: client)
        default:
            self.write(.error("ERR unknown command '\(first)', with args beginning with: "), to: client)
        }
    }

    func arity(_ name: String, _ client: QueryClient) {
        self.write(.error("ERR wrong number of arguments for '\(name)' command"), to: client)
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
            self.write(ok ? value : .error("ERR Failed to save config file. Check server logs."), to: client)
        case .flushThenReply(let value):
            // The flush the core asked for is the group flush the reply waits for.
            self.runActions(flush: .groupFlush)
            self.replyAfterGroupFlush(value, to: client)
        }
    }

    /// AUTH [user] pass (`authCommand`): against the ACL users; `requirepass` is the
    /// `default` user's password.
    func auth(_ args: [String], client: QueryClient) {
        guard args.count == 2 || args.count == 3 else { return self.write(.error("ERR syntax error"), to: client) }
        if args.count == 2 && self.acl.users.defaultUser.isNoPass {
            return self.write(
                .error(
                    "ERR AUTH <password> called without any password configured for the default user. "
                        + "Are you sure your configuration is correct?"), to: client)
        }
        let user = args.count == 3 ? args[1] : "default"
        if self.authenticate(user: user, password: args[args.count - 1], command: args[0], client: client) {
            self.write(.ok, to: client)
        } else {
            self.write(.error("WRONGPASS invalid username-password pair or user is disabled."), to: client)
        }
    }

    /// HELLO [protover [AUTH user pass] [SETNAME name]] (SPEC §13.2: 6 fields, no role).
    func hello(_ args: [String], client: QueryClient) {
        var version = client.protocolVersion
        var index = 1
        if args.count >= 2 {
            guard let requested = Int(args[1]) else {
                return self.write(.error("ERR Protocol version is not an integer or out of range"), to: client)
            }
            guard requested == 2 || requested == 3 else {
                return self.write(.error("NOPROTO unsupported protocol version"), to: client)
            }
            version = requested
            index = 2
        }
        var newName: String?
        var credentials: (user: String, password: String)?
        while index < args.count {
            let option = args[index].lowercased()
            if option == "auth" && index + 2 < args.count {
                credentials = (args[index + 1], args[index + 2])
                index += 3
            } else if option == "setname" && index + 1 < args.count {
                newName = args[index + 1]
                index += 2
            } else {
                return self.write(.error("ERR Syntax error in HELLO option '\(args[index])'"), to: client)
            }
        }
        if let credentials,
            !self.authenticate(user: credentials.user, password: credentials.password, command: args[0], client: client)
        {
            return self.write(.error("WRONGPASS invalid username-password pair or user is disabled."), to: client)
        }
        guard client.authenticated else {
            return self.write(
                .error(
                    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                        + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                        + "protocol version at the same time"), to: client)
        }
        if let newName {
            // Checked after authentication, before the protocol switch, as Redis's helloCommand does.
            guard ClientName.isValid(newName) else { return self.write(.error(ClientName.invalidError), to: client) }
            client.name = newName
        }
        client.protocolVersion = version
        self.write(
            .fields([
                ("server", .bulkString("redis")), ("version", .bulkString(RedisCompatibility.version)),
                ("proto", .integer(Int64(version))), ("id", .integer(Int64(client.id))),
                ("mode", .bulkString("sentinel")), ("modules", .array([])),
            ]), to: client)
    }
}
