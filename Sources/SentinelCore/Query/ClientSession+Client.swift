/// `CLIENT` and its subcommands, as Redis 7.0.15's `clientCommand` answers them (SPEC §13.2).
extension ClientSession {
    /// Arity and unknown subcommands were checked by the command table.
    public mutating func clientCommand(_ args: [String], acl: AccessControl, context: SessionContext) -> SessionReply {
        let argc = args.count
        switch args[1].lowercased() {
        case "help":
            return SessionReply(.array(Self.clientHelp.map { .simpleString($0) }))
        case "id":
            return SessionReply(.integer(Int64(self.id)))
        case "info":
            return SessionReply(.verbatim(self.info(now: context.now, blocked: false).line + "\n"))
        case "list":
            return SessionReply(self.clientList(args, context: context))
        case "reply":
            switch args[2].lowercased() {
            case "on":
                self.reply = .on
                return SessionReply(.ok)
            case "off":
                self.reply = .off
                return SessionReply(nil)
            case "skip":
                if self.reply != .off { self.reply = .skipNext }
                return SessionReply(nil)
            default: return SessionReply(.error(.syntax))
            }
        case "no-evict":
            switch args[2].lowercased() {
            case "on", "off":
                self.noEvict = args[2].lowercased() == "on"
                return SessionReply(.ok)
            default: return SessionReply(.error(.syntax))
            }
        case "kill":
            return self.clientKill(args, acl: acl, context: context)
        case "unblock" where argc == 3 || argc == 4:
            if argc == 4 && !["timeout", "error"].contains(args[3].lowercased()) {
                return SessionReply(.error(.unblockReason))
            }
            guard Int64(args[2]) != nil else {
                return SessionReply(.error(.notInteger))
            }
            // Only clients blocked by a blocking command (none exist here) can be unblocked;
            // a client held by CLIENT PAUSE is not one of them.
            return SessionReply(.integer(0))
        case "setname":
            guard ClientName.isValid(args[2]) else { return SessionReply(.error(ClientName.invalidError)) }
            self.name = args[2]
            return SessionReply(.ok)
        case "getname":
            return SessionReply(self.name.isEmpty ? .null : .bulkString(self.name))
        case "unpause":
            return SessionReply(.ok, actions: [.unpause])
        case "pause" where argc == 3 || argc == 4:
            return Self.clientPause(args, context: context)
        case "tracking":
            let id = self.id
            let exists = { (target: Int64) in target == Int64(id) || context.other(Int(target)) != nil }
            return SessionReply(self.tracking.command(args, clientExists: exists))
        case "caching":
            return SessionReply(self.tracking.cachingCommand(args[2]))
        case "getredir":
            return SessionReply(.integer(self.tracking.redirectReply))
        case "trackinginfo":
            return SessionReply(self.tracking.info)
        default:
            // `addReplySubcommandSyntaxError`: reached by UNBLOCK / PAUSE with too many arguments.
            return SessionReply(.error(.subcommandSyntax(args[1], container: "CLIENT")))
        }
    }

    /// CLIENT LIST [TYPE type | ID id ...]: one line per client in connection order.
    private func clientList(_ args: [String], context: SessionContext) -> RESPValue {
        let own = self.info(now: context.now, blocked: false)
        var selected: [ClientInfo]
        if args.count == 4 && args[2].lowercased() == "type" {
            guard let type = ClientType(name: args[3]) else { return .error(.unknownClientType(args[3])) }
            selected = self.everyClient(own, context).filter { $0.type == type }
        } else if args.count > 3 && args[2].lowercased() == "id" {
            selected = []
            for text in args[3...] {
                guard let id = Int64(text) else { return .error(.invalidClientID) }
                if id == Int64(self.id) {
                    selected.append(own)
                } else if let found = context.other(Int(id)) {
                    selected.append(found)
                }
            }
        } else if args.count != 2 {
            return .error(.syntax)
        } else {
            selected = self.everyClient(own, context)
        }
        return .verbatim(selected.map { $0.line + "\n" }.joined())
    }

    /// The caller among the others, in id order.
    private func everyClient(_ own: ClientInfo, _ context: SessionContext) -> [ClientInfo] {
        var all = context.others()
        all.insert(own, at: all.firstIndex { $0.id > own.id } ?? all.endIndex)
        return all
    }

    /// CLIENT KILL: the old form answers OK / `No such client`, the filter form a count; the
    /// caller, when killed, gets the reply first and is closed after it.
    private mutating func clientKill(_ args: [String], acl: AccessControl, context: SessionContext) -> SessionReply {
        let users = Set(acl.users.names)
        let filter: ClientKillFilter
        switch ClientKillFilter.parse(args, userExists: { users.contains($0) }) {
        case .success(let parsed): filter = parsed
        case .failure(let error): return SessionReply(.error(error.message))
        }
        var killed: [Int] = []
        var killedSelf = false
        for info in self.everyClient(self.info(now: context.now, blocked: false), context) {
            let isCaller = info.id == self.id
            guard filter.matches(info, isCaller: isCaller) else { continue }
            if isCaller { killedSelf = true } else { killed.append(info.id) }
        }
        if killedSelf { self.closeAfterReply = true }
        let count = killed.count + (killedSelf ? 1 : 0)
        let reply: RESPValue
        if filter.oldStyle {
            reply = count == 0 ? .error(.noSuchClient) : .ok
        } else {
            reply = .integer(Int64(count))
        }
        return SessionReply(reply, actions: killed.isEmpty ? [] : [.kill(killed)])
    }

    /// CLIENT PAUSE timeout [WRITE|ALL]. A second pause keeps the later end and the wider type.
    static func clientPause(_ args: [String], context: SessionContext) -> SessionReply {
        var writesOnly = false
        if args.count == 4 {
            switch args[3].lowercased() {
            case "write": writesOnly = true
            case "all": writesOnly = false
            default: return SessionReply(.error(.pauseMode))
            }
        }
        guard let timeout = Int64(args[2]) else {
            return SessionReply(.error(.pauseTimeoutNotInteger))
        }
        guard timeout >= 0 else { return SessionReply(.error(.pauseTimeoutNegative)) }
        let requested = ClientPause(
            until: PauseDeadline.until(timeout: timeout, now: context.now), writesOnly: writesOnly)
        let pause = ClientPause.merged(requested, over: context.pause, now: context.now)
        return SessionReply(.ok, actions: [.pause(pause)])
    }
}
