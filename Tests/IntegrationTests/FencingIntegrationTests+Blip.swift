import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension FencingIntegrationTests {
    /// A blip of the partition's shape: two of three swift-sentinels and both replicas hang
    /// (SIGSTOP) until the third sentinel fences the master, then come back. A write pause holds
    /// the returning sentinels' hellos on the master, and with them their PINGs: unless the fence
    /// is lifted at once (the peers, asked where the master is, confirm it), they find the master
    /// down and fail it over. So: lifted (#majority) within a few seconds, and no ODOWN and no
    /// switch anywhere afterwards. (A hang past 2 s puts the resumed sentinels in TILT, where they
    /// could not fail over anyway; the fence comes in 1–2 s, so most runs test the lift.)
    @Test func aBlipOfThePartitionLiftsTheFenceWithoutAFailover() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        var replicas: [RedisServer] = []
        defer { for replica in replicas { _ = replica.stop() } }
        for _ in 0..<2 { replicas.append(try await RedisServer.start(replicaOf: primary)) }
        var sentinels: [SentinelProcess] = []
        defer { for sentinel in sentinels { _ = sentinel.stop() } }
        for _ in 0..<3 {
            sentinels.append(
                try await SentinelProcess.start(
                    .swiftSentinel,
                    lines: [
                        "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
                        "sentinel down-after-milliseconds mymaster 1000",
                    ]))
        }
        for sentinel in sentinels {
            let client = try sentinel.client()
            try await eventually(timeout: .seconds(20), "sentinel \(sentinel.port) discovers everyone") {
                let fields = try client.command("SENTINEL", "master", "mymaster").fieldDictionary
                return fields?["num-slaves"] == "2" && fields?["num-other-sentinels"] == "2"
            }
        }
        var events: [Subscriber] = []
        for sentinel in sentinels { events.append(try await Subscriber(port: sentinel.port)) }
        defer { for subscriber in events { subscriber.close() } }

        let hung = [sentinels[1].process, sentinels[2].process] + replicas.map(\.process)
        for process in hung { #expect(process.signal(SIGSTOP)) }
        let resumed: () -> Void = { for process in hung { _ = process.signal(SIGCONT) } }
        do {
            try await events[0].waitFor(channel: "+fence-master", timeout: .seconds(8))
        } catch {
            resumed()
            throw error
        }
        let mark = events[0].count
        resumed()
        let lifted = try await events[0].waitFor(channel: "-fence-master", after: mark, timeout: .seconds(3))
        #expect(lifted.message == "master mymaster 127.0.0.1 \(primary.port) #majority")
        try await Task.sleep(for: .seconds(5))
        for (index, subscriber) in events.enumerated() {
            #expect(subscriber.messages(on: "+odown").isEmpty, "sentinel \(index) saw +odown")
            #expect(subscriber.messages(on: "+switch-master").isEmpty, "sentinel \(index) switched")
        }
        #expect(try primary.client().command("SET", "after-blip", "1") == .simpleString("OK"))
    }
}
