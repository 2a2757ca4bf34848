/// The instance maps of SPEC §13.4, the INFO sentinel section (§13.5) and ROLE.
extension Sentinel {
    func primaryReply(_ primary: Primary, now: Int64) -> RESPValue {
        self.instanceReply(primary.instance, primary: primary, now: now)
    }

    /// Fields in Redis's exact order; every number as a bulk string (SPEC §13.4).
    func instanceReply(_ instance: Instance, primary: Primary, now: Int64) -> RESPValue {
        let link = self.links[instance.link]
        var flags = instance.flags.subtracting(.primaryReboot)
        if link?.disconnected ?? true { flags.insert(.disconnected) }
        var fields: [(String, RESPValue)] = [
            ("name", .bulkString(instance.name)),
            ("ip", .bulkString(self.announced(instance.address))),
            ("port", .bulk(instance.address.port)),
            ("runid", .bulkString(instance.runID ?? "")),
            ("flags", .bulkString(flags.text)),
            ("link-pending-commands", .bulk(link?.pendingCommands ?? 0)),
            ("link-refcount", .bulk(link?.refcount ?? 0)),
        ]
        if instance.flags.contains(.failoverInProgress) {
            fields.append(("failover-state", .bulkString(primary.failover.state.name)))
        }
        let actPing = link?.actPingTime ?? 0
        fields.append(("last-ping-sent", .bulk(actPing != 0 ? now - actPing : 0)))
        fields.append(("last-ok-ping-reply", .bulk(now - (link?.lastAvailTime ?? 0))))
        fields.append(("last-ping-reply", .bulk(now - (link?.lastPongTime ?? 0))))
        if instance.flags.contains(.sDown) { fields.append(("s-down-time", .bulk(now - instance.sDownSinceTime))) }
        if instance.flags.contains(.oDown) { fields.append(("o-down-time", .bulk(now - instance.oDownSinceTime))) }
        fields.append(("down-after-milliseconds", .bulk(instance.downAfter)))
        if !instance.flags.isDisjoint(with: [.primary, .replica]) {
            fields.append(("info-refresh", .bulk(instance.infoRefresh != 0 ? now - instance.infoRefresh : 0)))
            fields.append(("role-reported", .bulkString(instance.roleReported.name)))
            fields.append(("role-reported-time", .bulk(now - instance.roleReportedTime)))
        }
        if instance.flags.contains(.primary) {
            let settings = primary.settings
            fields.append(("config-epoch", .bulk(settings.configEpoch)))
            fields.append(("num-slaves", .bulk(primary.replicas.count)))
            fields.append(("num-other-sentinels", .bulk(primary.sentinels.count)))
            // quorum, failover-timeout, parallel-syncs and the scripts (when set), from the table.
            for entry in PrimaryOption.replyFields {
                if let value = entry.field.value(settings) { fields.append((entry.name, value)) }
            }
            // Beyond Redis (DESIGN.md "Fencing"): while the master is fenced, since when, as
            // `s-down-time`; absent otherwise, so the reply is Redis's field for field.
            if let since = primary.fence.fencedSince { fields.append(("fence-time", .bulk(now - since))) }
        }
        if instance.flags.contains(.replica) {
            fields.append(("master-link-down-time", .bulk(instance.primaryLinkDownTime)))
            fields.append(("master-link-status", .bulkString(instance.primaryLinkUp ? "ok" : "err")))
            fields.append(("master-host", .bulkString(instance.replicaPrimaryHost ?? "?")))
            fields.append(("master-port", .bulk(instance.replicaPrimaryPort)))
            fields.append(("slave-priority", .bulk(instance.replicaPriority)))
            fields.append(("slave-repl-offset", .bulk(instance.replicaReplOffset)))
            fields.append(("replica-announced", .bulk(instance.replicaAnnounced)))
        }
        if instance.flags.contains(.sentinel) {
            fields.append(("last-hello-message", .bulk(now - instance.lastHelloTime)))
            fields.append(("voted-leader", .bulkString(instance.leader ?? "?")))
            fields.append(("voted-leader-epoch", .bulk(instance.leaderEpoch)))
        }
        return .fields(fields)
    }

    /// The `# Sentinel` section of INFO (SPEC §13.5), without the header line.
    public func infoSentinelSection(now: Int64) -> [String] {
        let runningScripts = self.scripts.running
        let queuedScripts = self.scripts.jobs.count
        var lines = [
            "sentinel_masters:\(self.primaryOrder.count)",
            "sentinel_tilt:\(self.tilt ? 1 : 0)",
            "sentinel_tilt_since_seconds:\(self.tilt ? (now - self.tiltStartTime) / 1000 : -1)",
            "sentinel_running_scripts:\(runningScripts)",
            "sentinel_scripts_queue_length:\(queuedScripts)",
            "sentinel_simulate_failure_flags:\(self.simulateFailureFlags)",
        ]
        for (index, name) in self.primaryOrder.enumerated() {
            guard let primary = self.primaries[name] else { continue }
            let flags = primary.instance.flags
            let status = flags.contains(.oDown) ? "odown" : flags.contains(.sDown) ? "sdown" : "ok"
            let address = primary.instance.address
            lines.append(
                "master\(index):name=\(name),status=\(status),address=\(self.announced(address)):\(address.port),"
                    + "slaves=\(primary.replicas.count),sentinels=\(primary.sentinels.count + 1)"
                    + (primary.fence.isFenced ? ",fenced=1" : ""))
        }
        return lines
    }

    /// `ROLE` in sentinel mode: `["sentinel", [<master name>, ...]]`.
    public var roleReply: RESPValue {
        .array([.bulkString("sentinel"), .array(self.primaryOrder.map { .bulkString($0) })])
    }

    /// Whether any master is flagged (for tests and INFO).
    public func flags(of ref: InstanceRef) -> InstanceFlags? { self.instance(ref)?.flags }
}
