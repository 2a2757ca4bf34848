import Dispatch
import Foundation
import Synchronization

/// A client counting acknowledged writes (issue 11: manual failovers, partitions): on its own thread, every `interval` it INCRs a key on whatever
/// the sentinels it asks call the master, every connection leaving from its own `source` address
/// (so a `NetworkPartition` can cut it off), and it records each acknowledged write with its
/// time and the primary that acknowledged it.
///
/// Like a client library, it keeps its connection while writes succeed; after an error (a
/// timeout, a closed link, an error reply such as READONLY) it asks the sentinels again, in turn,
/// first answer wins. So after a cut it keeps writing to the primary on its side of the cut.
///
/// ```swift
/// let writer = try AckedWriter(sentinels: [s1, s2, s3], source: "127.201.7.3")
/// defer { writer.stop() }
/// ... cut at t0 ...
/// let lastOld = writer.acks(on: oldPrimary).last?.time   // how long the old primary took writes
/// #expect(writer.longestGap(from: t0, to: t1) < .seconds(1))
/// ```
final class AckedWriter: Sendable {
    /// A host and port (a sentinel, a primary).
    struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        var host: String
        var port: Int
        var description: String { "\(self.host):\(self.port)" }
    }

    /// One acknowledged INCR.
    struct Ack: Sendable, Equatable {
        var time: ContinuousClock.Instant
        var primary: Endpoint
        var value: Int64
    }

    let key: String
    let source: String
    private let shared = WriterShared()

    /// Starts writing right away. `timeout` bounds every connect, write and sentinel question.
    init(
        sentinels: [Endpoint],
        source: String,
        key: String = "partition:counter",
        masterName: String = "mymaster",
        interval: Duration = .milliseconds(10),
        timeout: Duration = .milliseconds(200)
    ) {
        precondition(!sentinels.isEmpty)
        self.key = key
        self.source = source
        let loop = WriterLoop(
            sentinels: sentinels, source: source, key: key, masterName: masterName, interval: interval,
            timeout: timeout, shared: self.shared)
        let thread = Thread { loop.run() }
        thread.name = "AckedWriter \(source)"
        thread.start()
    }

    deinit { self.stop() }

    /// Every acknowledged write so far, in order.
    var acks: [Ack] { self.shared.state.withLock { $0.acks } }

    /// Failed writes, connects and sentinel questions so far.
    var errors: Int { self.shared.state.withLock { $0.errors } }

    /// The acknowledged writes of `primary`, in order.
    func acks(on primary: Endpoint) -> [Ack] { self.acks.filter { $0.primary == primary } }

    /// The acknowledged writes in `start...end`, in order.
    func acks(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> [Ack] {
        self.acks.filter { $0.time >= start && $0.time <= end }
    }

    /// The longest time without an acknowledged write within `start...end` (the edges count as
    /// writes): how long the writer was blocked.
    func longestGap(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Duration {
        let times = [start] + self.acks(from: start, to: end).map(\.time) + [end]
        return zip(times, times.dropFirst()).map { $0.duration(to: $1) }.max() ?? .zero
    }

    /// Acknowledged by `old` but not in the history of `new`: values above the one `new` started
    /// from (its first acknowledged value minus one), the accounting of sentinel_bench.py.
    func lost(old: Endpoint, new: Endpoint) -> Int {
        let acks = self.acks
        guard let first = acks.first(where: { $0.primary == new }) else { return 0 }
        return acks.count { $0.primary == old && $0.value > first.value - 1 }
    }

    /// The first write acknowledged by `primary` at or after `time`.
    func firstAck(on primary: Endpoint, after time: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        self.acks.first { $0.primary == primary && $0.time >= time }?.time
    }

    /// Stops writing and waits (up to 2 s) for the thread to end. Idempotent.
    func stop() {
        let alreadyStopped = self.shared.state.withLock { state in
            defer { state.stopRequested = true }
            return state.stopRequested
        }
        if !alreadyStopped { _ = self.shared.finished.wait(timeout: .now() + 2) }
    }
}

private final class WriterShared: Sendable {
    let state = Mutex(WriterState())
    let finished = DispatchSemaphore(value: 0)
}

private struct WriterState {
    var acks: [AckedWriter.Ack] = []
    var errors = 0
    var stopRequested = false
}

/// The writer thread's body; its only shared state is `state`.
private struct WriterLoop: Sendable {
    let sentinels: [AckedWriter.Endpoint]
    let source: String
    let key: String
    let masterName: String
    let interval: Duration
    let timeout: Duration
    let shared: WriterShared

    func run() {
        defer { self.shared.finished.signal() }
        let pause = Double(self.interval.components.seconds) + Double(self.interval.components.attoseconds) / 1e18
        var connection: (client: RawRESPClient, primary: AckedWriter.Endpoint)?
        var next = 0
        while !self.shared.state.withLock({ $0.stopRequested }) {
            if connection == nil, let primary = self.discover(next: &next) {
                do {
                    let client = try RawRESPClient(
                        host: primary.host, port: primary.port, source: self.source, timeout: self.timeout)
                    connection = (client, primary)
                } catch {
                    self.shared.state.withLock { $0.errors += 1 }
                }
            }
            if let (client, primary) = connection {
                if case .integer(let value)? = try? client.command(["INCR", self.key]) {
                    let ack = AckedWriter.Ack(time: .now, primary: primary, value: value)
                    self.shared.state.withLock { $0.acks.append(ack) }
                } else {
                    self.shared.state.withLock { $0.errors += 1 }
                    connection = nil
                }
            }
            Thread.sleep(forTimeInterval: pause)
        }
    }

    /// Asks the sentinels in turn, starting at `next`; the first address given wins.
    private func discover(next: inout Int) -> AckedWriter.Endpoint? {
        for offset in 0..<self.sentinels.count {
            let sentinel = self.sentinels[(next + offset) % self.sentinels.count]
            let reply = try? RawRESPClient(
                host: sentinel.host, port: sentinel.port, source: self.source, timeout: self.timeout
            ).command(["SENTINEL", "get-master-addr-by-name", self.masterName])
            if case .array(let fields)? = reply, fields.count == 2, let host = fields[0].text,
                let port = fields[1].text.flatMap({ Int($0) })
            {
                next = (next + offset + 1) % self.sentinels.count
                return AckedWriter.Endpoint(host: host, port: port)
            }
            self.shared.state.withLock { $0.errors += 1 }
        }
        return nil
    }
}
