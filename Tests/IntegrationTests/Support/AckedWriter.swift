import Foundation
import SentinelCore
import Synchronization

/// A client that INCRs one key on whatever the sentinels call the master, as a client library
/// does: it asks the sentinels in turn, keeps its connection until an error or a disconnect,
/// then asks again. Every acknowledged INCR is recorded with its time, the server's port and
/// the value, so a test can count the acknowledged writes a failover lost (issue 11).
final class AckedWriter: Sendable {
    struct Ack: Sendable {
        let time: ContinuousClock.Instant
        let port: Int
        let value: Int64
    }

    private let state = Mutex<(acks: [Ack], errors: Int, stop: Bool)>(([], 0, false))
    private let finished = Mutex<Bool>(false)

    /// Starts writing at once on its own thread, every `interval`.
    init(sentinelPorts: [Int], key: String = "acked:counter", interval: Duration = .milliseconds(5)) {
        let thread = Thread { [self] in
            self.run(sentinelPorts: sentinelPorts, key: key, interval: interval)
            self.finished.withLock { $0 = true }
        }
        thread.start()
    }

    var acks: [Ack] { self.state.withLock { $0.acks } }
    var errors: Int { self.state.withLock { $0.errors } }

    /// Stops the thread and waits for it (at most the client timeout and an interval).
    func stop() {
        self.state.withLock { $0.stop = true }
        let deadline = Date().addingTimeInterval(5)
        while !self.finished.withLock({ $0 }) && Date() < deadline { usleep(5000) }
    }

    /// Acknowledged on `old` but not in the history of `new`: values above the one `new` started
    /// from (its first acknowledged value minus one), the accounting of sentinel_bench.py.
    func lost(old: Int, new: Int) -> Int {
        let acks = self.acks
        guard let first = acks.first(where: { $0.port == new }) else { return 0 }
        let base = first.value - 1
        return acks.count { $0.port == old && $0.value > base }
    }

    /// The first write acknowledged by `port` at or after `time`.
    func firstAck(on port: Int, after time: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        self.acks.first { $0.port == port && $0.time >= time }?.time
    }

    private func run(sentinelPorts: [Int], key: String, interval: Duration) {
        var next = 0
        var connection: RedisClient?
        while !self.state.withLock({ $0.stop }) {
            if connection == nil {
                for offset in sentinelPorts.indices {
                    let port = sentinelPorts[(next + offset) % sentinelPorts.count]
                    guard
                        let sentinel = try? RedisClient(port: port, timeout: .milliseconds(300)),
                        let address = try? sentinel.command("SENTINEL", "get-master-addr-by-name", "mymaster")
                            .stringArray,
                        address.count == 2, let primaryPort = Int(address[1])
                    else { continue }
                    next = (next + offset + 1) % sentinelPorts.count
                    connection = try? RedisClient(port: primaryPort, timeout: .milliseconds(500))
                    break
                }
            }
            if let client = connection {
                do {
                    let reply = try client.command("INCR", key)
                    if case .integer(let value) = reply {
                        let ack = Ack(time: .now, port: client.port, value: value)
                        self.state.withLock { $0.acks.append(ack) }
                    } else {
                        // READONLY from a demoted master, or any other refusal: ask again.
                        self.state.withLock { $0.errors += 1 }
                        connection = nil
                    }
                } catch {
                    self.state.withLock { $0.errors += 1 }
                    connection = nil
                }
            }
            let (seconds, attoseconds) = interval.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}
