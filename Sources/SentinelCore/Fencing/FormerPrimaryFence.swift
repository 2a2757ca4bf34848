/// A fence carried over a switch (DESIGN.md "Fencing"): the master was fenced when it was
/// switched to a promoted replica, so the old master, now a replica record of the same master,
/// stays paused until it reports `role:slave` (it is turned into a replica, `+convert-to-slave`,
/// some seconds later). Unpaused then, or forgotten after ``limit``.
///
/// Without this, the old master would take writes from the clients still connected to it
/// between the end of its last pause and its conversion, and lose every one of them.
struct FormerPrimaryFence: Equatable, Sendable {
    /// The old master's replica record (`ip:port`).
    let replica: String
    /// When the master was switched.
    let since: Int64
    /// When the last pause went to the old master.
    var lastPause: Int64

    /// What to do on one tick; `done` when the carried fence ends.
    struct Step: Equatable, Sendable {
        var actions: [Fence.Action]
        var done: Bool
    }

    /// One tick's look at the old master. `converted`: an INFO after the switch said
    /// `role:slave`. `reachable`: connected and answering PING. `enabled`: the option.
    /// `limit`: how long to wait for the conversion (failover-timeout).
    mutating func evaluated(converted: Bool, reachable: Bool, enabled: Bool, limit: Int64, now: Int64) -> Step {
        if converted { return Step(actions: [.unpause, .lifted(.converted)], done: true) }
        if !enabled { return Step(actions: [.unpause, .lifted(.disabled)], done: true) }
        // No UNPAUSE: the pause runs out by itself, as the pause of a dead sentinel.
        if now - self.since > limit { return Step(actions: [.lifted(.expired)], done: true) }
        guard reachable, now - self.lastPause >= Fence.refreshPeriod else { return Step(actions: [], done: false) }
        self.lastPause = now
        return Step(actions: [.pause], done: false)
    }
}
