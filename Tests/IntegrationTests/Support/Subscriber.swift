import CHiredis
import Foundation
import SentinelCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Collects pub/sub messages (Sentinel events) on its own hiredis connection and thread.
///
/// ```swift
/// let events = try await Subscriber(port: sentinel.port)            // PSUBSCRIBE *
/// ... make something happen ...
/// let event = try await events.waitFor(channel: "+switch-master", where: { $0.hasPrefix("mymaster ") })
/// ```
///
/// Every message since the subscription is kept, so waiting never misses one that arrived
/// early; pass `after: events.count` (taken before the action) to look only at later ones.
/// If the connection drops (the sentinel restarted), it reconnects and subscribes again;
/// messages published meanwhile are lost.
final class Subscriber: Sendable {
    /// One pub/sub message, numbered from 0 in arrival order.
    struct Message: Sendable, Equatable, CustomStringConvertible {
        var index: Int
        /// The pattern that matched, for PSUBSCRIBE; nil for SUBSCRIBE.
        var pattern: String?
        var channel: String
        var message: String
        var description: String { "\(self.channel) \(self.message)" }
    }

    let host: String
    let port: Int
    let patterns: [String]
    let channels: [String]
    private let shared: SubscriberShared

    /// Connects to `host:port` and subscribes to `patterns` (PSUBSCRIBE) and `channels`
    /// (SUBSCRIBE); returns once the server has confirmed every one of them.
    init(
        host: String = "127.0.0.1",
        port: Int,
        patterns: [String] = ["*"],
        channels: [String] = [],
        timeout: Duration = .seconds(5)
    ) async throws {
        precondition(!patterns.isEmpty || !channels.isEmpty, "nothing to subscribe to")
        self.host = host
        self.port = port
        self.patterns = patterns
        self.channels = channels
        let shared = SubscriberShared()
        self.shared = shared
        let thread = Thread {
            runSubscriber(host: host, port: port, patterns: patterns, channels: channels, shared: shared)
        }
        thread.name = "Subscriber \(host):\(port)"
        thread.start()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let (subscribed, lastError) = shared.state.withLock { ($0.subscriptions > 0, $0.lastError) }
            if subscribed { break }
            if clock.now >= deadline {
                shared.state.withLock { $0.stopRequested = true }
                throw HarnessError(
                    "Subscriber: no subscription to \(host):\(port) within \(timeout)"
                        + (lastError.map { ": \($0)" } ?? "")
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    deinit {
        self.shared.state.withLock { $0.stopRequested = true }
    }

    /// Every message so far.
    var messages: [Message] {
        self.shared.state.withLock { $0.messages }
    }

    /// How many messages so far: a mark for `waitFor(after:)`.
    var count: Int {
        self.shared.state.withLock { $0.messages.count }
    }

    /// How many times the connection was (re)established and subscribed.
    var subscriptions: Int {
        self.shared.state.withLock { $0.subscriptions }
    }

    /// Messages on `channel` so far.
    func messages(on channel: String) -> [Message] {
        self.shared.state.withLock { $0.messages.filter { $0.channel == channel } }
    }

    /// Waits for the first message with index ≥ `after` on `channel` whose payload satisfies
    /// `predicate`; throws after `timeout`, listing the last messages seen.
    @discardableResult
    func waitFor(
        channel: String,
        where predicate: (String) -> Bool = { _ in true },
        after: Int = 0,
        timeout: Duration = .seconds(10)
    ) async throws -> Message {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var scanned = after
        while true {
            let fresh = self.shared.state.withLock { state in
                scanned < state.messages.count ? Array(state.messages[scanned...]) : []
            }
            scanned += fresh.count
            if let found = fresh.first(where: { $0.channel == channel && predicate($0.message) }) {
                return found
            }
            if clock.now >= deadline {
                let seen = self.messages.suffix(20).map { "  \($0)" }.joined(separator: "\n")
                throw HarnessError(
                    "Subscriber \(self.host):\(self.port): no matching \(channel) within \(timeout); "
                        + "last messages:\n\(seen)"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Unsubscribes by closing the connection; the thread ends within ~0.1 s.
    func close() {
        self.shared.state.withLock { $0.stopRequested = true }
    }
}

private struct SubscriberState {
    var messages: [Subscriber.Message] = []
    var subscriptions = 0
    var lastError: String?
    var stopRequested = false
}

private final class SubscriberShared: Sendable {
    let state = Mutex(SubscriberState())
}

/// The subscriber thread: connect, subscribe, read until asked to stop; reconnect on errors.
private func runSubscriber(host: String, port: Int, patterns: [String], channels: [String], shared: SubscriberShared) {
    var context: UnsafeMutablePointer<redisContext>?
    var confirmed = 0
    let expected = patterns.count + channels.count
    defer { if let context { redisFree(context) } }

    func drop(_ error: String) {
        if let context { redisFree(context) }
        context = nil
        shared.state.withLock { $0.lastError = error }
    }

    func handle(_ value: RESPValue) {
        guard let parts = value.elements, let kind = parts.first?.text?.lowercased() else { return }
        switch kind {
        case "psubscribe", "subscribe":
            confirmed += 1
            if confirmed == expected { shared.state.withLock { $0.subscriptions += 1 } }
        case "pmessage" where parts.count == 4:
            shared.state.withLock { state in
                state.messages.append(
                    .init(
                        index: state.messages.count, pattern: parts[1].text, channel: parts[2].text ?? "",
                        message: parts[3].text ?? "")
                )
            }
        case "message" where parts.count == 3:
            shared.state.withLock { state in
                state.messages.append(
                    .init(
                        index: state.messages.count, pattern: nil, channel: parts[1].text ?? "",
                        message: parts[2].text ?? "")
                )
            }
        default:
            break
        }
    }

    while !shared.state.withLock({ $0.stopRequested }) {
        guard let connected = context else {
            do {
                let fresh = try connectHiredis(host: host, port: port, timeout: .seconds(1))
                context = fresh
                confirmed = 0
                for (command, names) in [("PSUBSCRIBE", patterns), ("SUBSCRIBE", channels)] where !names.isEmpty {
                    // Append only; the confirmations are read by the loop below like any message.
                    let arguments = [command] + names
                    var argv = arguments.map { UnsafePointer(strdup($0)) }
                    let lengths = arguments.map { $0.utf8.count }
                    _ = redisAppendCommandArgv(fresh, Int32(arguments.count), &argv, lengths)
                    for pointer in argv { free(UnsafeMutableRawPointer(mutating: pointer)) }
                }
                var done: Int32 = 0
                while done == 0 {
                    guard redisBufferWrite(fresh, &done) == REDIS_OK else { throw HarnessError(contextError(fresh)) }
                }
            } catch {
                drop("\(error)")
                usleep(100_000)
            }
            continue
        }
        // Everything already buffered first, then wait for the socket (up to 100 ms).
        var raw: UnsafeMutableRawPointer?
        var failed = false
        while true {
            raw = nil
            guard redisGetReplyFromReader(connected, &raw) == REDIS_OK else {
                failed = true
                break
            }
            guard let reply = raw else { break }
            let typed = reply.assumingMemoryBound(to: redisReply.self)
            handle(respValue(from: typed))
            freeReplyObject(typed)
        }
        if failed {
            drop("protocol error: \(contextError(connected))")
            continue
        }
        var descriptor = pollfd(fd: connected.pointee.fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 100)
        if ready > 0, redisBufferRead(connected) != REDIS_OK {
            drop("connection lost: \(contextError(connected))")
        }
    }
}
