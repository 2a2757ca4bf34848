import Testing

@testable import SentinelCore

/// Fencing as the commands see it: the option (SET), renamed commands, a master that refuses
/// the pause, RESET, and the state in SENTINEL MASTER and INFO.
@Suite struct FenceCommandTests {
    static let environment = CommandEnvironment(isExecutable: { _ in false })

    func command(_ w: inout FenceWorld, _ args: String...) -> CommandReply {
        let reply = w.h.sentinel.sentinelCommand(args, now: w.h.now, environment: Self.environment, random: &w.h.random)
        w.h.collect()
        return reply
    }

    func fenced() throws -> FenceWorld {
        var w = FenceWorld()
        w.peersUp = [false, false]
        w.replicaLag = 5
        _ = try w.expect("+fence-master", within: 5000)
        return w
    }

    func masterFields(_ w: inout FenceWorld) -> [(String, String)] {
        guard case .reply(.map(let pairs)) = self.command(&w, "SENTINEL", "MASTER", "mymaster") else { return [] }
        return pairs.map { ($0.0.text ?? "", $0.1.text ?? "") }
    }

    @Test func turnedOffBySetLiftsAtOnceAndOnAgainFencesAgain() throws {
        var w = try self.fenced()
        #expect(self.command(&w, "SENTINEL", "SET", "mymaster", "fence-isolated-master", "no") == .afterFlush(.ok))
        w.run(ms: 100)
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #disabled"])
        #expect(w.unpauses.count == 1)
        w.run(ms: 3000)
        #expect(w.h.events("+fence-master").count == 1)
        #expect(self.command(&w, "SENTINEL", "SET", "mymaster", "fence-isolated-master", "YES") == .afterFlush(.ok))
        _ = try w.expect("+fence-master", within: 1000)
    }

    @Test func stateShowsInSentinelMasterAndInfoOnlyWhileFenced() throws {
        var w = FenceWorld()
        let before = self.masterFields(&w)
        #expect(before.last?.0 == "parallel-syncs")
        #expect(!w.h.sentinel.infoSentinelSection(now: w.h.now).contains { $0.contains("fenced") })
        w.peersUp = [false, false]
        w.replicaLag = 5
        _ = try w.expect("+fence-master", within: 5000)
        w.run(ms: 1000)
        let after = self.masterFields(&w)
        #expect(after.map(\.0) == before.map(\.0) + ["fence-time"])
        #expect(after.last?.1 == "1000")
        #expect(
            w.h.sentinel.infoSentinelSection(now: w.h.now).last
                == "master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=1,sentinels=3,fenced=1")
        // The option shows when it is not the default, after the other options.
        _ = self.command(&w, "SENTINEL", "SET", "mymaster", "fence-isolated-master", "no")
        w.run(ms: 100)
        #expect(self.masterFields(&w).map(\.0) == before.map(\.0) + ["fence-isolated-master"])
        #expect(self.masterFields(&w).last?.1 == "no")
    }

    @Test func aRefusedPauseIsLoggedOnceAndNotRetriedUntilSet() throws {
        var w = FenceWorld()
        w.pauseReply = .error("ERR unknown subcommand 'PAUSE'")
        w.peersUp = [false, false]
        w.replicaLag = 5
        _ = try w.expect("+fence-master", within: 5000)
        w.run(ms: 3000)
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #refused"])
        #expect(w.pauses.count == 1)
        let logged = w.h.events("").filter { $0.message.contains("refused CLIENT PAUSE") }
        #expect(
            logged.map(\.message) == [
                "Master mymaster refused CLIENT PAUSE (ERR unknown subcommand 'PAUSE'): it will not be fenced"
            ])
        #expect(w.h.events("+fence-master").count == 1)
        // SET of the option tries again.
        w.pauseReply = .simpleString("OK")
        _ = self.command(&w, "SENTINEL", "SET", "mymaster", "fence-isolated-master", "yes")
        _ = try w.expect("+fence-master", within: 1000)
        #expect(w.pauses.count == 2)
    }

    @Test func pauseAndUnpauseGoThroughRenameCommand() throws {
        var w = FenceWorld { $0.renamedCommands = [RenamedCommand(command: "CLIENT", renamed: "c-l-i")] }
        w.peersUp = [false, false]
        w.replicaLag = 5
        _ = try w.expect("+fence-master", within: 5000)
        w.replicaLag = 0
        _ = try w.expect("-fence-master", within: 1000)
        let sent = w.primaryCommands.filter { $0.first == "c-l-i" }
        #expect(sent.first == ["c-l-i", "PAUSE", "3000", "WRITE"])
        #expect(sent.last == ["c-l-i", "UNPAUSE"])
        #expect(!w.primaryCommands.contains { $0.first == "CLIENT" && $0.count > 1 && $0[1] != "SETNAME" })
    }

    /// The old master, fenced across a switch, refuses the pause: logged, left alone.
    @Test func anOldMasterRefusingThePauseIsLeftAlone() throws {
        var w = try self.fenced()
        w.peersUp = [true, true]
        w.replicaLag = nil
        let hello = HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: 26380, runID: FenceWorld.peers[0], currentEpoch: 1,
            primaryName: "mymaster", primaryHost: "127.0.0.1", primaryPort: 6380, primaryConfigEpoch: 1)
        w.h.sentinel.helloReceived(hello.payload, now: w.h.now)
        w.h.collect()
        w.pauseReply = .error("NOPERM this user has no permissions to run the 'client|pause' command")
        _ = try w.expect("-fence-master", within: 2000)
        #expect(
            w.h.events("-fence-master").map(\.message) == [
                "slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380 #refused"
            ])
        #expect(
            w.h.events("").contains {
                $0.message == "Replica 127.0.0.1:6379 of mymaster refused CLIENT PAUSE (NOPERM this user has no "
                    + "permissions to run the 'client|pause' command): it will not be fenced"
            })
        #expect(w.h.sentinel.primaries["mymaster"]?.formerFence == nil)
        // The master's own fence is not marked refused.
        #expect(w.h.sentinel.primaries["mymaster"]?.fence.refused == false)
    }

    @Test func resetForgetsTheFenceWithoutUnpausing() throws {
        var w = try self.fenced()
        #expect(self.command(&w, "SENTINEL", "RESET", "mymaster") == .reply(.integer(1)))
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #reset"])
        #expect(w.unpauses.isEmpty)
    }
}
