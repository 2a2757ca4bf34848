import NIOCore
import SentinelCore

/// `CLIENT` and its subcommands on the query port, as Redis 7.0.15's `clientCommand`
/// answers them (SPEC §13.2). Arity and unknown subcommands were checked by the table.
extension SentinelServer {
    func clientCommand(_ args: [String], client: QueryClient) {
        let argc = args.count
        switch args[1].lowercased() {
        case "help":
            self.write(.array(Self.clientHelp.map { .simpleString($0) }), to: client)
        case "id":
            self.write(.integer(Int64(client.id)), to: client)
        case "info":
            self.write(.verbatim(self.clientInfo(client).line + "\n"), to: client)
        case "list":
            self.clientList(args, client: client)
        case "reply":
            switch args[2].lowercased() {
            case "on":
                client.reply = .on
                self.write(.ok, to: client)
            case "off": client.reply = .off
            case "skip": if client.reply != .off { client.reply = .skipNext }
            default: self.write(.error("ERR syntax error"), to: client)
            }
        case "no-evict":
            switch args[2].lowercased() {
            case "on", "off":
                client.noEvict = args[2].lowercased() == "on"
                self.write(.ok, to: client)
            default: self.write(.error("ERR syntax error"), to: client)
            }
        case "kill":
            self.clientKill(args, client: client)
        case "unblock" where argc == 3 || argc == 4:
            if argc == 4 && !["timeout", "error"].contains(args[3].lowercased()) {
                return self.write(.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"), to: client)
            }
            guard Int64(args[2]) != nil else {
                return self.write(.error("ERR value is not an integer or out of range"), to: client)
            }
            // Only clients blocked by a blocking command (none exist here) can be unblocked;
            // a client held by CLIENT PAUSE is not one of them.
            self.write(.integer(0), to: client)
        case "setname":
            guard ClientName.isValid(args[2]) else { return self.write(.error(ClientName.invalidError), to: client) }
            client.name = args[2]
            self.write(.ok, to: client)
        case "getname":
            self.write(client.name.isEmpty ? .null : .bulkString(client.name), to: client)
        case "unpause":
            self.unpauseClients()
            self.write(.ok, to: client)
        case "pause" where argc == 3 || argc == 4:
            self.clientPause(args, client: client)
        case "tracking":
            let ids = Set(self.clients.keys.map(Int64.init))
            self.write(client.tracking.command(args, clientExists: { ids.contains($0) }), to: client)
        case "caching":
            self.write(client.tracking.cachingCommand(args[2]), to: client)
        case "getredir":
            self.write(.integer(client.tracking.redirectReply), to: client)
        case "trackinginfo":
            self.write(client.tracking.info, to: client)
        default:
            // `addReplySubcommandSyntaxError`: reached by UNBLOCK / PAUSE with too many arguments.
            self.write(
                .error(
                    "ERR unknown subcommand or wrong number of arguments for '\(args[1].prefix(128))'. "
                        + "Try CLIENT HELP."), to: client)
        }
    }

    /// CLIENT LIST [TYPE type | ID id ...]: one line per client in connection order.
    private func clientList(_ args: [String], client: QueryClient) {
        let all = self.clients.keys.sorted().compactMap { self.clients[$0] }
        var selected = all
        if args.count == 4 && args[2].lowercased() == "type" {
            guard let type = ClientType(name: args[3]) else {
                return self.write(.error("ERR Unknown client type '\(args[3])'"), to: client)
            }
            selected = all.filter { self.clientInfo($0).type == type }
        } else if args.count > 3 && args[2].lowercased() == "id" {
            var picked: [QueryClient] = []
            for text in args[3...] {
                guard let id = Int64(text) else { return self.write(.error("ERR Invalid client ID"), to: client) }
                if let found = self.clients[Int(id)] { picked.append(found) }
            }
            selected = picked
        } else if args.count != 2 {
            return self.write(.error("ERR syntax error"), to: client)
        }
        self.write(.verbatim(selected.map { self.clientInfo($0).line + "\n" }.joined()), to: client)
    }

    /// CLIENT KILL: the old form answers OK / `No such client`, the filter form a count; the
    /// caller, when killed, gets the reply first and is closed after it.
    private func clientKill(_ args: [String], client: QueryClient) {
        let users = Set(self.acl.users.names)
        let filter: ClientKillFilter
        switch ClientKillFilter.parse(args, userExists: { users.contains($0) }) {
        case .success(let parsed): filter = parsed
        case .failure(let error): return self.write(.error(error.message), to: client)
        }
        var killed = 0
        for other in self.clients.keys.sorted().compactMap({ self.clients[$0] }) {
            guard filter.matches(self.clientInfo(other), isCaller: other === client) else { continue }
            killed += 1
            if other === client {
                client.closeAfterReply = true
            } else {
                self.clients[other.id] = nil
                other.channel.close(promise: nil)
            }
        }
        if filter.oldStyle {
            self.write(killed == 0 ? .error("ERR No such client") : .ok, to: client)
        } else {
            self.write(.integer(Int64(killed)), to: client)
        }
    }

    /// What CLIENT LIST shows for `client`. Buffer and memory sizes are not tracked (zero).
    func clientInfo(_ client: QueryClient) -> ClientInfo {
        let now = self.now
        // NIO does not expose the socket descriptor.
        var info = ClientInfo(id: client.id, addr: client.remote, laddr: client.local, fd: 0)
        info.name = client.name
        info.ageSeconds = (now - client.createdAt) / 1000
        info.idleSeconds = (now - client.lastCommandAt) / 1000
        info.pubsub = client.isPubSub
        info.tracking = client.tracking
        info.closeAfterReply = client.closeAfterReply
        info.noEvict = client.noEvict
        info.blocked = !client.postponed.isEmpty
        info.channels = client.channels.count
        info.patterns = client.patterns.count
        info.lastCommand = client.lastCommand
        info.user = client.user
        info.protocolVersion = client.protocolVersion
        return info
    }

    /// Redis's `resetClient` after each command: CLIENT REPLY SKIP takes effect for the next
    /// command, CLIENT CACHING lasts one command, and a client that killed itself is closed.
    func commandFinished(_ spec: CommandSpec?, client: QueryClient) {
        guard client.postponed.isEmpty else { return }
        if !(spec?.fullName.hasPrefix("client") ?? false) { client.tracking.caching = false }
        switch client.reply {
        case .skip: client.reply = .on
        case .skipNext: client.reply = .skip
        case .on, .off: break
        }
        if client.closeAfterReply { self.closeAfterOutput(client) }
    }

    static let clientHelp = [
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    ]
}
