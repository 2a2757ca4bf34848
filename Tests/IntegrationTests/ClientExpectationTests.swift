import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SPEC §16: what the client libraries read from a sentinel, checked on swift-sentinels through a
/// forced failover (redis-py itself runs in ClientLibraryIntegrationTests).
@Suite(.enabled(if: redisServerInstalled && redisSentinelInstalled), .timeLimit(.minutes(2)), .serialized)
struct ClientExpectationTests {
    /// Fields redis-py converts with `int` (its `parse_sentinel_state`), and the others that are numbers.
    static let numericFields: Set<String> = [
        "config-epoch", "down-after-milliseconds", "failover-timeout", "info-refresh", "last-hello-message",
        "last-ok-ping-reply", "last-ping-reply", "last-ping-sent", "master-link-down-time", "master-port",
        "num-other-sentinels", "num-slaves", "o-down-time", "s-down-time", "link-pending-commands", "link-refcount",
        "parallel-syncs", "port", "quorum", "role-reported-time", "slave-priority", "slave-repl-offset",
        "voted-leader-epoch", "replica-announced",
    ]

    func checkNumbers(_ maps: [RESPValue]) {
        for map in maps {
            for (field, value) in map.fieldDictionary ?? [:] where Self.numericFields.contains(field) {
                #expect(Int(value) != nil, "\(field) = \(value) is not a decimal integer")
            }
        }
    }

    @Test func repliesAndEventsClientsParse() async throws {
        let group = try await FailoverIntegrationTests.Group.start()
        defer { group.stop() }
        let client = try group.sentinels[0].client()
        // Tools detect the server type from ROLE and INFO.
        #expect(try client.command("ROLE") == .array([.bulkString("sentinel"), .array([.bulkString("mymaster")])]))
        #expect(parseInfo(try client.command("INFO", "server").text ?? "")["redis_mode"] == "sentinel")
        // redis-py: MASTERS entry by name, flags, num-other-sentinels; every number an integer.
        let primaries = try client.command("SENTINEL", "MASTERS").elements ?? []
        #expect(primaries.count == 1 && primaries[0].fieldDictionary?["flags"] == "master")
        self.checkNumbers(primaries)
        // redis-plus-plus accepts a replica only if its flags are exactly `slave`.
        let replicas = try client.command("SENTINEL", "SLAVES", "mymaster").elements ?? []
        #expect(replicas.count == 2 && replicas.allSatisfy { $0.fieldDictionary?["flags"] == "slave" })
        self.checkNumbers(replicas)
        // Redisson fails at startup on an empty SENTINELS.
        let peers = try client.command("SENTINEL", "SENTINELS", "mymaster").elements ?? []
        #expect(peers.count == 2)
        self.checkNumbers(peers)
        // Valkey clients use the new names.
        #expect(
            try client.command("SENTINEL", "PRIMARY", "mymaster").withoutTimes
                == client.command("SENTINEL", "MASTER", "mymaster").withoutTimes)
        #expect(
            try client.command("SENTINEL", "GET-PRIMARY-ADDR-BY-NAME", "mymaster")
                == client.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))

        // Lettuce listens with PSUBSCRIBE * and reads payload prefixes; Jedis and
        // StackExchange.Redis read +switch-master by position.
        let events = try await Subscriber(port: group.sentinels[1].port, patterns: ["*"])
        defer { events.close() }
        let old = group.primary.port
        #expect(try client.command("SENTINEL", "FAILOVER", "mymaster") == .ok)
        // GET-MASTER-ADDR-BY-NAME switches only when the target already says it is a master:
        // the ROLE check of StackExchange.Redis and the sentinel-clients spec passes at once.
        let port = try await eventuallyValue(timeout: .seconds(20), "the leader to answer a new address") {
            () -> Int? in
            let answer = try client.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster").stringArray ?? []
            return answer.last.flatMap(Int.init).flatMap { $0 == old ? nil : $0 }
        }
        let target = try #require(group.replicas.first { $0.port == port })
        #expect(try target.client().command("ROLE").elements?.first == .bulkString("master"))
        let switched = try await events.waitFor(channel: "+switch-master", timeout: .seconds(20))
        let parts = switched.message.split(separator: " ").map(String.init)
        #expect(parts == ["mymaster", "127.0.0.1", "\(old)", "127.0.0.1", "\(port)"])
        #expect(events.messages(on: "+slave").allSatisfy { $0.message.contains("@ mymaster ") })
        #expect(try group.sentinels[1].client().command("SENTINEL", "RESET", "mymaster") == .integer(1))
        let reset = try await events.waitFor(channel: "+reset-master", timeout: .seconds(5))
        #expect(reset.message.hasPrefix("master mymaster "))
    }
}

extension RESPValue {
    /// A master map with the ms-since fields blanked, so two calls a moment apart compare equal.
    var withoutTimes: RESPValue {
        guard let elements = self.elements else { return self }
        var out = elements
        for index in stride(from: 0, to: out.count - 1, by: 2)
        where ["last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "info-refresh", "role-reported-time"]
            .contains(out[index].text ?? "")
        {
            out[index + 1] = .bulkString("*")
        }
        return .array(out)
    }
}
