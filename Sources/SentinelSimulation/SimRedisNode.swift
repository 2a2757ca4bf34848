import SentinelCore

/// A simulated Redis server: just enough of its behaviour for Sentinel — PING, INFO with the
/// replication fields Sentinel reads, pub/sub on the hello channel, the MULTI/SLAVEOF/EXEC
/// transaction of SPEC §8.4 — and for the clients of issue 11 §6: the writes it holds (`log`),
/// `CLIENT PAUSE … WRITE` / `CLIENT UNPAUSE`, and `CLIENT KILL TYPE normal`.
struct SimRedisNode {
    var port: Int
    var runID: String
    var role: ReportedRole
    /// For replicas: the master they replicate from.
    var primaryPort: Int?
    var priority: Int
    var offset: UInt64 = 0
    var alive = true
    var paused = false
    /// Whether a transaction is open per connection (by connection id).
    var inMulti: Set<Int> = []
    var queued: [Int: [[String]]] = [:]
    var linkDownSince: Int64?
    /// The ids of the client writes this node holds, in order (a replica's copy of its master's).
    var log: [Int] = []
    /// `CLIENT PAUSE <ms> WRITE`: writes wait until then (0: not paused).
    var writesPausedUntil: Int64 = 0
    /// Bumped by `CLIENT KILL TYPE normal`: a client connected before it was disconnected.
    var clientKills = 0

    var address: InstanceAddress { InstanceAddress(host: "127.0.0.1", port: self.port) }

    /// The INFO text Redis 7.0 would send (the fields of SPEC §5.5). `linkUp` says whether a
    /// replica's link to its master is up (the network between them included). A replica whose
    /// link is down stays listed, with its `lag` growing, as Redis keeps one it has not heard
    /// from until repl-timeout; a dead one is gone (its TCP connection was closed).
    func info(nodes: [SimRedisNode], now: Int64, linkUp: (SimRedisNode) -> Bool) -> String {
        var lines = ["# Server", "run_id:\(self.runID)", "tcp_port:\(self.port)", "", "# Replication"]
        switch self.role {
        case .primary:
            lines.append("role:master")
            let replicas = nodes.filter { $0.alive && $0.role == .replica && $0.primaryPort == self.port }
            lines.append("connected_slaves:\(replicas.count)")
            for (i, replica) in replicas.enumerated() {
                let lag = linkUp(replica) ? 0 : max(0, now - (replica.linkDownSince ?? now)) / 1000
                lines.append(
                    "slave\(i):ip=127.0.0.1,port=\(replica.port),state=online,offset=\(replica.offset),lag=\(lag)")
            }
            lines.append("master_repl_offset:\(self.offset)")
        case .replica:
            lines.append("role:slave")
            lines.append("master_host:127.0.0.1")
            lines.append("master_port:\(self.primaryPort ?? 0)")
            let up = linkUp(self)
            lines.append("master_link_status:\(up ? "up" : "down")")
            if let since = self.linkDownSince, !up {
                lines.append("master_link_down_since_seconds:\(max(0, (now - since) / 1000))")
            }
            lines.append("slave_repl_offset:\(self.offset)")
            lines.append("slave_priority:\(self.priority)")
            lines.append("replica_announced:1")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Applies a command from connection `connection`; returns the reply.
    mutating func execute(_ args: [String], connection: Int, now: Int64) -> RESPValue {
        let name = args.first?.uppercased() ?? ""
        if self.inMulti.contains(connection) && name != "EXEC" {
            self.queued[connection, default: []].append(args)
            return .simpleString("QUEUED")
        }
        switch name {
        case "PING": return .simpleString("PONG")
        case "AUTH", "CONFIG": return .simpleString("OK")
        case "CLIENT": return self.apply(args, now: now)
        case "SCRIPT": return .error("NOTBUSY No scripts in execution right now.")
        case "MULTI":
            self.inMulti.insert(connection)
            return .simpleString("OK")
        case "EXEC":
            self.inMulti.remove(connection)
            let commands = self.queued.removeValue(forKey: connection) ?? []
            return .array(commands.map { self.apply($0, now: now) })
        case "SLAVEOF", "REPLICAOF":
            return self.apply(args, now: now)
        default:
            return .error("ERR unknown command '\(args.first ?? "")'")
        }
    }

    func writesPaused(now: Int64) -> Bool { now < self.writesPausedUntil }

    private mutating func apply(_ args: [String], now: Int64) -> RESPValue {
        if args.first?.uppercased() == "CLIENT", args.count >= 2 {
            switch args[1].uppercased() {
            case "PAUSE":
                guard args.count >= 3, let ms = Int64(args[2]), ms >= 0 else {
                    return .error("ERR timeout is not an integer or out of range")
                }
                // A shorter pause never shortens a longer one (Redis keeps the later end).
                self.writesPausedUntil = max(self.writesPausedUntil, now + ms)
            case "UNPAUSE":
                self.writesPausedUntil = 0
            case "KILL" where args.count == 4 && args[3].lowercased() == "normal":
                self.clientKills += 1
            default:
                break
            }
            return .simpleString("OK")
        }
        guard args.first?.uppercased() == "SLAVEOF", args.count == 3 else { return .simpleString("OK") }
        if args[1].uppercased() == "NO" {
            self.role = .primary
            self.primaryPort = nil
            self.linkDownSince = nil
        } else {
            self.role = .replica
            self.primaryPort = Int(args[2])
            self.linkDownSince = now
        }
        return .simpleString("OK")
    }
}
