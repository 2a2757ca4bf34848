import NIOCore
import SentinelCore

/// The query-port command table (SPEC §13.2): connection-level commands here, `SENTINEL ...`
/// in the core.
extension SentinelServer {
    static let version = "7.0.15"

    func clientConnected(_ channel: any Channel) -> QueryClient {
        let client = QueryClient(
            id: self.nextClientID, channel: channel, authenticated: self.core.server.requirepass == nil, now: self.now)
        self.nextClientID += 1
        self.clients[client.id] = client
        self.stats.connectionsReceived += 1
        return client
    }

    func clientDisconnected(_ client: QueryClient) {
        self.clients[client.id] = nil
    }

    func write(_ value: RESPValue, to client: QueryClient, flush: Bool = false) {
        if value.isError { self.stats.errorReplies += 1 }
        var buffer = client.channel.allocator.buffer(capacity: 64)
        RESPReplyEncoder.encode(value, protocolVersion: client.protocolVersion, into: &buffer)
        if flush {
            client.channel.writeAndFlush(buffer, promise: nil)
        } else {
            client.channel.write(buffer, promise: nil)
        }
    }

    /// Sends a last reply and closes the connection once it is written (protocol errors).
    func writeAndClose(_ value: RESPValue, to client: QueryClient) {
        var buffer = client.channel.allocator.buffer(capacity: 64)
        RESPReplyEncoder.encode(value, protocolVersion: client.protocolVersion, into: &buffer)
        let channel = client.channel
        channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Runs one request and writes its reply (flushed at the end of the read).
    func execute(_ args: [String], for client: QueryClient) {
        guard let first = args.first else { return }
        let name = first.lowercased()
        self.stats.commandsProcessed += 1
        client.lastCommandAt = self.now
        client.lastCommand = name
        let spec: CommandSpec
        switch CommandTable.sentinel.lookup(args) {
        case .found(let found):
            spec = found
        case .unknownCommand(let message), .unknownSubcommand(let message), .wrongArity(let message):
            return self.write(.error(message), to: client)
        }
        if !client.authenticated && name != "auth" && name != "hello" {
            self.write(.error("NOAUTH Authentication required."), to: client)
            return
        }
        if client.inPubSubContext && !["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping"].contains(name) {
            self.write(
                .error(
                    "ERR Can't execute '\(spec.fullName)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                        + "allowed in this context"), to: client)
            return
        }
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
            guard args[1] == "__sentinel__:hello" else {
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
        case "shutdown":
            self.shutdown(reason: "User requested shutdown...")
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
            self.runActions()
            self.flushConfig()
            self.write(value, to: client)
        }
    }

    /// AUTH [user] pass against `requirepass` (the `default` user). Full ACL users come later.
    func auth(_ args: [String], client: QueryClient) {
        guard args.count == 2 || args.count == 3 else { return self.arity("auth", client) }
        let user = args.count == 3 ? args[1] : "default"
        let pass = args[args.count - 1]
        guard let required = self.core.server.requirepass else {
            if args.count == 2 {
                return self.write(
                    .error(
                        "ERR AUTH <password> called without any password configured for the default user. "
                            + "Are you sure your configuration is correct?"), to: client)
            }
            if user == "default" {
                client.authenticated = true
                return self.write(.ok, to: client)
            }
            return self.write(.error("WRONGPASS invalid username-password pair or user is disabled."), to: client)
        }
        if user == "default" && pass == required {
            client.authenticated = true
            client.user = user
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
        while index < args.count {
            let option = args[index].lowercased()
            if option == "auth" && index + 2 < args.count {
                let required = self.core.server.requirepass
                let ok = args[index + 1] == "default" && (required == nil || args[index + 2] == required)
                guard ok else {
                    return self.write(.error("WRONGPASS invalid username-password pair or user is disabled."), to: client)
                }
                client.authenticated = true
                index += 3
            } else if option == "setname" && index + 1 < args.count {
                newName = args[index + 1]
                index += 2
            } else {
                return self.write(.error("ERR Syntax error in HELLO option '\(args[index])'"), to: client)
            }
        }
        guard client.authenticated else {
            return self.write(
                .error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                    + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
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
                ("server", .bulkString("redis")), ("version", .bulkString(Self.version)),
                ("proto", .integer(Int64(version))), ("id", .integer(Int64(client.id))),
                ("mode", .bulkString("sentinel")), ("modules", .array([])),
            ]), to: client)
    }

    /// CLIENT SETNAME / GETNAME / ID / INFO / LIST (the rest of CLIENT comes with full compatibility).
    func clientCommand(_ args: [String], client: QueryClient) {
        guard args.count >= 2 else { return self.arity("client", client) }
        switch args[1].lowercased() {
        case "setname" where args.count == 3:
            guard !args[2].contains(where: { $0 == " " || $0 == "\n" }) else {
                return self.write(.error("ERR Client names cannot contain spaces, newlines or special characters."), to: client)
            }
            client.name = args[2]
            self.write(.ok, to: client)
        case "getname" where args.count == 2:
            self.write(client.name.isEmpty ? .null : .bulkString(client.name), to: client)
        case "id" where args.count == 2:
            self.write(.integer(Int64(client.id)), to: client)
        case "info" where args.count == 2:
            self.write(.bulkString(self.clientLine(client) + "\n"), to: client)
        case "list" where args.count == 2:
            self.write(.bulkString(self.clients.keys.sorted().compactMap { self.clients[$0] }.map { self.clientLine($0) + "\n" }.joined()), to: client)
        case "setname", "getname", "id", "info", "list":
            self.write(.error("ERR wrong number of arguments for 'client|\(args[1].lowercased())' command"), to: client)
        default:
            self.write(.error("ERR unknown subcommand '\(args[1].prefix(128))'. Try CLIENT HELP."), to: client)
        }
    }

    func clientLine(_ client: QueryClient) -> String {
        let now = self.now
        return "id=\(client.id) addr=\(client.remote) laddr=\(client.local) fd=0 name=\(client.name) "
            + "age=\((now - client.createdAt) / 1000) idle=\((now - client.lastCommandAt) / 1000) flags=N db=0 "
            + "sub=\(client.channels.count) psub=\(client.patterns.count) ssub=0 multi=-1 qbuf=0 qbuf-free=0 "
            + "argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=\(client.lastCommand) "
            + "user=\(client.user) redir=-1 resp=\(client.protocolVersion)"
    }
}
