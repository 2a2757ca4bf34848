/// What the core asks the runtime to do (DESIGN: the core decides, the runtime acts).
public enum SentinelAction: Equatable, Sendable {
    /// Open a connection of a link. Commands for it may follow at once: queue them until connected.
    case connect(LinkID, Connection, InstanceAddress)
    /// Send one command; its reply comes back through `replyReceived` with the tag.
    case send(LinkID, Connection, [String], ReplyTag)
    /// Close a connection (the core already counts it closed).
    case close(LinkID, Connection)
    /// Forget a link: close both connections, drop queued commands.
    case release(LinkID)
    /// Boxed: an event with its payload is three times the size of the other actions, and the
    /// queue of actions (thousands at startup with many masters) is as wide as its widest case.
    indirect case event(SentinelEvent)
    /// Rewrite the config file; the runtime coalesces several in one batch, but always writes
    /// before it sends a reply that depends on the flushed state (SPEC §7.2).
    case flushConfig
    /// Rewrite the config file by the next tick, once for everything asked since: what peers and
    /// monitored instances taught that they teach again after a crash (a new replica or peer, a
    /// peer's current epoch). Redis writes each at once; when many masters change together
    /// (issue 9 §7) that was thousands of whole-file rewrites in seconds. What must survive a
    /// crash stays `flushConfig`: votes, promotions, and a newer configuration from a hello (a
    /// config epoch never goes back across restarts; the simulation checks it and crashes
    /// sentinels inside the window).
    case flushConfigLater
    /// Log `Next failover delay: I will not start a failover before <ctime>` (SPEC §8.1); the
    /// runtime renders the wall-clock date of `until` (core milliseconds).
    case logNextFailoverDelay(until: Int64)
    /// `SENTINEL SIMULATE-FAILURE`: log `Sentinel CRASH because of SENTINEL simulate-failure`
    /// and exit with status 99 (SPEC §2.5).
    case crash
    /// Start a script job (fork + exec as a direct child, SPEC §12); answer with `scriptStarted`.
    case spawnScript(ScriptJob)
    /// SIGKILL a script that ran past script-max-runtime.
    case killScript(pid: Int32)
}
