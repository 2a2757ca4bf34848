import SentinelCore
import SentinelRuntime
import SentinelSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fuzz targets: one function per parser, each taking arbitrary bytes. A target fails by
/// trapping (a crash, or a `precondition` on a property that must hold for every input), which is
/// what libFuzzer and `sentinel-fuzz` detect.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The query-port request decoder (RESP multibulk and inline), through an `EmbeddedChannel`;
    /// the requests must not depend on how the bytes were split into reads.
    case query
    /// `sentinel.conf` parsing (permissive file system), then building a `Sentinel` from it.
    case config
    /// INFO replies: `InfoReply.parse`, then the same text as a master's INFO reply to a sentinel.
    case info
    /// Hello payloads: `HelloMessage(payload:)`, then `Sentinel.helloReceived` and ticks.
    case hello
    /// The glob matcher against a literal transcription of Redis's recursive `stringmatchlen`.
    case glob
    /// ACL rules applied to a user, then `ACL SETUSER` and the user's description.
    case acl
    /// SENTINEL / ACL / CLIENT / COMMAND sequences, replies and ticks against one `Sentinel`.
    case dispatch

    public func run(_ data: UnsafeRawBufferPointer) {
        let bytes = [UInt8](data)
        switch self {
        case .query: Self.query(bytes)
        case .config: Self.config(bytes)
        case .info: Self.info(bytes)
        case .hello: Self.hello(bytes)
        case .glob: Self.glob(bytes)
        case .acl: Self.acl(bytes)
        case .dispatch: Self.dispatch(bytes)
        }
    }

    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.run($0) }
    }

    static func query(_ bytes: [UInt8]) {
        let whole = QueryDecoderFuzzing.decode([bytes[...]])
        // Split points from a hash of the input: the same input always splits the same way.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            hash = hash &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = 1 + Int((hash >> 33) % 7 == 0 ? (hash >> 40) % 64 : (hash >> 40) % 4)
            let end = min(bytes.count, start + length)
            chunks.append(bytes[start..<end])
            start = end
        }
        let split = QueryDecoderFuzzing.decode(chunks)
        precondition(whole == split, "requests depend on the read boundaries")
        for (index, request) in whole.enumerated() {
            if case .protocolError = request {
                precondition(index == whole.count - 1, "requests after a protocol error")
            }
        }
    }

    static func config(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard
            let parsed = try? ConfigParser.parse(
                text, fileName: "fuzz.conf", isExecutable: { _ in true }, environment: .permissive)
        else { return }
        var random = SeededRandom(seed: 1)
        var sentinel = Sentinel(config: parsed, now: 1_000_000, random: &random)
        _ = sentinel.takeActions()
        sentinel.tick(now: 1_000_100, random: &random)
        _ = sentinel.takeActions()
    }

    static func info(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = InfoReply.parse(text)
        var driver = CoreDriver()
        driver.tick(advance: 100)
        driver.answer { if case .info(.primary) = $0 { .bulkString(text) } else { nil } }
        driver.tick(advance: 1000)
        driver.answer { if case .info = $0 { .bulkString(text) } else { nil } }
        driver.tick(advance: 100)
    }

    static func hello(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = HelloMessage(payload: text)
        var driver = CoreDriver()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8) {
            driver.sentinel.helloReceived(String(line), now: driver.now)
            driver.collect()
            driver.tick(advance: 300)
        }
        driver.tick(advance: 6000)
    }

    static func glob(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let nocase = first & 1 == 1
        let rest = bytes.dropFirst()
        let cut = rest.firstIndex(of: 0) ?? rest.endIndex
        let pattern = Array(rest[..<cut])
        let string = Array(rest[cut...].dropFirst())
        let fast = pattern.withUnsafeBufferPointer { p in
            string.withUnsafeBufferPointer { s in SentinelGlob.matches(p, s, caseInsensitive: nocase) }
        }
        // The recursive oracle is exponential in the number of `*`; keep it to small inputs.
        guard pattern.count <= 64, string.count <= 64, pattern.count(where: { $0 == UInt8(ascii: "*") }) <= 12 else {
            return
        }
        let oracle = ReferenceGlob.matches(pattern, string, nocase: nocase)
        precondition(fast == oracle, "glob differs from Redis's stringmatchlen")
    }

    static func acl(_ bytes: [UInt8]) {
        let rules = bytes.split(separator: 0x20, omittingEmptySubsequences: true).map {
            String(decoding: $0, as: UTF8.self)
        }
        var user = ACLUser(name: "fuzz")
        for rule in rules.prefix(64) { try? user.apply(rule) }
        _ = user.description
        var users = ACLUsers()
        _ = users.setUser("fuzz", rules: Array(rules.prefix(64)))
        _ = users.describedUsers
        if let described = users["fuzz"] {
            _ = described.reply
        }
    }

    /// Prints every step of `dispatch` (set by `sentinel-fuzz --trace`, to read a reproducer).
    nonisolated(unsafe) public static var trace = false

    /// Unbuffered, so the steps before a crash are all printed.
    static func say(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    static func dispatch(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        var driver = CoreDriver()
        var steps = 0
        while !input.isAtEnd && steps < 200 {
            steps += 1
            switch input.int(below: 8) {
            case 0:
                let ms = Int64(input.pick([1, 100, 1000, 5001, 30_000, 180_001]))
                if Self.trace { Self.say("tick +\(ms) ms") }
                driver.tick(advance: ms)
            case 1:
                let tag = input.int(below: 3)
                let value = DispatchVocabulary.reply(&input)
                if Self.trace { Self.say("reply to \(["ping", "info", "is-master-down"][tag]): \(value)") }
                driver.answer {
                    switch ($0, tag) {
                    case (.ping, 0), (.info, 1), (.isPrimaryDown, 2): value
                    default: nil
                    }
                }
            case 2:
                let hello = DispatchVocabulary.hello(&input)
                if Self.trace { Self.say("hello \(hello.debugDescription)") }
                driver.sentinel.helloReceived(hello, now: driver.now)
                driver.collect()
            default:
                let args = DispatchVocabulary.command(&input)
                if Self.trace { Self.say("command \(args)") }
                driver.command(args)
            }
        }
    }
}
