import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Automatic failover with real processes (issue: failover §4): swift-sentinels alone and in
/// mixed groups with real redis-sentinels, kill -9 and SIGSTOP, a leader lost mid-way, and no
/// eligible replica.
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(4)), .serialized)
struct FailoverIntegrationTests {
    struct Group {
        var primary: RedisServer
        var replicas: [RedisServer]
        var sentinels: [SentinelProcess]

        static func start(
            kinds: [SentinelProcess.Kind] = [.swiftSentinel, .swiftSentinel, .swiftSentinel],
            replicaArguments: [String] = [], failoverTimeout: Int = 10000
        ) async throws -> Group {
            let primary = try await RedisServer.start()
            let replicas = [
                try await RedisServer.start(replicaOf: primary, extraArguments: replicaArguments),
                try await RedisServer.start(replicaOf: primary, extraArguments: replicaArguments),
            ]
            var sentinels: [SentinelProcess] = []
            for kind in kinds {
                sentinels.append(
                    try await SentinelProcess.start(
                        kind,
                        lines: [
                            "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
                            "sentinel down-after-milliseconds mymaster 1000",
                            "sentinel failover-timeout mymaster \(failoverTimeout)",
                        ]))
            }
            let group = Group(primary: primary, replicas: replicas, sentinels: sentinels)
            try await group.waitUntilEveryoneKnowsEveryone()
            return group
        }

        func waitUntilEveryoneKnowsEveryone() async throws {
            for sentinel in self.sentinels {
                let client = try sentinel.client()
                try await eventually(timeout: .seconds(20), "\(sentinel.kind) to know the replicas and peers") {
                    let replicas = try client.command("SENTINEL", "replicas", "mymaster").elements?.count ?? 0
                    let peers = try client.command("SENTINEL", "sentinels", "mymaster").elements?.count ?? 0
                    return replicas == self.replicas.count && peers == self.sentinels.count - 1
                }
            }
        }

        func addresses() throws -> [String] {
            try self.sentinels.filter(\.isRunning).map {
                (try $0.client().command("SENTINEL", "get-master-addr-by-name", "mymaster").stringArray ?? [])
                    .joined(separator: ":")
            }
        }

        /// Every running sentinel answers `port`, and that server says it is a master.
        func waitForNewPrimary(not old: Int, timeout: Duration = .seconds(30)) async throws -> RedisServer {
            let candidates = self.replicas
            let port = try await eventuallyValue(timeout: timeout, "all sentinels to agree on a new master") {
                () -> Int? in
                let answers = Set(try self.addresses())
                guard answers.count == 1, let only = answers.first,
                    let port = Int(only.split(separator: ":").last ?? "")
                else { return nil }
                return port == old ? nil : port
            }
            let promoted = try #require(candidates.first { $0.port == port })
            try await eventually(timeout: .seconds(10), "the promoted replica to be a master") {
                try promoted.info()["role"] == "master"
            }
            return promoted
        }

        func stop() {
            for sentinel in self.sentinels { sentinel.stop() }
            for replica in self.replicas { _ = replica.stop() }
            _ = self.primary.stop()
        }
    }

    @Test func killNineFailsOverAndTheOldPrimaryRejoins() async throws {
        let group = try await Group.start()
        defer { group.stop() }
        let events = try await Subscriber(port: group.sentinels[0].port, patterns: [], channels: ["+switch-master"])
        defer { events.close() }
        let old = group.primary.port
        #expect(group.primary.signal(SIGKILL))
        let promoted = try await group.waitForNewPrimary(not: old)
        let other = try #require(group.replicas.first { $0.port != promoted.port })
        let switched = try await events.waitFor(channel: "+switch-master", timeout: .seconds(10))
        #expect(switched.message == "mymaster 127.0.0.1 \(old) 127.0.0.1 \(promoted.port)")
        try await eventually(timeout: .seconds(20), "the other replica to follow the new master") {
            let info = try other.info()
            return info["master_port"] == String(promoted.port) && info["master_link_status"] == "up"
        }
        // The old master comes back empty, as a master: the sentinels turn it into a replica.
        try await group.primary.restart()
        try await eventually(timeout: .seconds(30), "the old master to become a replica of the new one") {
            let info = try group.primary.info()
            return info["role"] == "slave" && info["master_port"] == String(promoted.port)
        }
        // Only one master remains.
        let roles = try ([group.primary] + group.replicas).map { try $0.info()["role"] ?? "?" }
        #expect(roles.filter { $0 == "master" }.count == 1)
    }

    @Test func sigstopThenSigcontConvertsTheOldPrimary() async throws {
        let group = try await Group.start()
        defer {
            _ = group.primary.signal(SIGCONT)
            group.stop()
        }
        let old = group.primary.port
        #expect(group.primary.signal(SIGSTOP))
        let promoted = try await group.waitForNewPrimary(not: old)
        #expect(group.primary.signal(SIGCONT))
        try await eventually(timeout: .seconds(40), "the resumed old master to be converted") {
            let info = try group.primary.info()
            return info["role"] == "slave" && info["master_port"] == String(promoted.port)
        }
    }

    @Test func leaderKilledDuringFailoverStillEndsWithOnePrimary() async throws {
        let group = try await Group.start(failoverTimeout: 6000)
        defer { group.stop() }
        let watchers = try await group.sentinels.asyncMap {
            try await Subscriber(port: $0.port, patterns: [], channels: ["+elected-leader"])
        }
        defer { for watcher in watchers { watcher.close() } }
        let old = group.primary.port
        #expect(group.primary.signal(SIGKILL))
        // Whoever wins the first election dies at once.
        let leaderIndex = try await eventuallyValue(timeout: .seconds(15), "a leader") { () -> Int? in
            watchers.firstIndex { !$0.messages(on: "+elected-leader").isEmpty }
        }
        group.sentinels[leaderIndex].signal(SIGKILL)
        _ = try await group.waitForNewPrimary(not: old, timeout: .seconds(60))
        try await eventually(timeout: .seconds(30), "a single master among the data servers") {
            try group.replicas.filter { try $0.info()["role"] == "master" }.count == 1
        }
    }

    @Test(arguments: [
        [SentinelProcess.Kind.swiftSentinel, .swiftSentinel, .redisSentinel],
        [SentinelProcess.Kind.swiftSentinel, .redisSentinel, .redisSentinel],
    ])
    func mixedGroupsFailOverWhoeverLeads(kinds: [SentinelProcess.Kind]) async throws {
        let group = try await Group.start(kinds: kinds)
        defer { group.stop() }
        // Each kind discovered the other kind through hellos and keeps a healthy link to it.
        for sentinel in group.sentinels {
            let client = try sentinel.client()
            try await eventually(timeout: .seconds(10), "\(sentinel.kind) to see two healthy peers") {
                let peers = try client.command("SENTINEL", "sentinels", "mymaster").elements ?? []
                return peers.count == 2 && peers.allSatisfy { $0.fieldDictionary?["flags"] == "sentinel" }
            }
        }
        let old = group.primary.port
        #expect(group.primary.signal(SIGKILL))
        let promoted = try await group.waitForNewPrimary(not: old)
        #expect(group.replicas.contains { $0.port == promoted.port })
        // Votes went across kinds: every sentinel reports the same config epoch.
        let epochs = try group.sentinels.map {
            try $0.client().command("SENTINEL", "master", "mymaster").fieldDictionary?["config-epoch"] ?? "?"
        }
        #expect(Set(epochs).count == 1 && epochs[0] != "0")
    }

    @Test func noEligibleReplicaAbortsAndKeepsThePrimary() async throws {
        let group = try await Group.start(
            kinds: [.swiftSentinel], replicaArguments: ["--replica-priority", "0"])
        defer { group.stop() }
        let client = try group.sentinels[0].client()
        #expect(try client.command("SENTINEL", "set", "mymaster", "quorum", "1") == .ok)
        let events = try await Subscriber(port: group.sentinels[0].port, patterns: ["*"])
        defer { events.close() }
        #expect(group.primary.signal(SIGKILL))
        let abort = try await events.waitFor(channel: "-failover-abort-no-good-slave", timeout: .seconds(15))
        #expect(abort.message == "master mymaster 127.0.0.1 \(group.primary.port)")
        #expect(events.messages(on: "+selected-slave").isEmpty)
        #expect(events.messages(on: "+switch-master").isEmpty)
        #expect(try group.addresses() == ["127.0.0.1:\(group.primary.port)"])
        for replica in group.replicas { #expect(try replica.info()["role"] == "slave") }
        // A forced failover says why it cannot.
        #expect(
            try client.command("SENTINEL", "failover", "mymaster")
                == .error("NOGOODSLAVE No suitable replica to promote"))
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
