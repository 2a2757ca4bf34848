import CHiredis
import SentinelCore

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny synchronous Redis/Sentinel client over hiredis, for tests.
///
/// Error replies come back as `.error(...)` values; only I/O problems throw. After an I/O error
/// (timeout, connection closed) the next command reconnects. Every call has a timeout (default
/// 2 s), so a SIGSTOPped server makes a command throw instead of hanging the test.
///
/// Not `Sendable`: use one client from one task (make another where needed, they are cheap).
/// hiredis 0.14 speaks RESP2 only, and reports a null bulk and a null array alike: both
/// become `.null`.
final class RedisClient {
    let host: String
    let port: Int
    let timeout: Duration
    private var context: UnsafeMutablePointer<redisContext>?

    /// Connects to `host:port` (throws when that fails within `timeout`).
    init(host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(2)) throws {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.context = try connectHiredis(host: host, port: port, timeout: timeout)
    }

    deinit {
        if let context { redisFree(context) }
    }

    /// Sends one command, e.g. `try client.command("SENTINEL", "get-master-addr-by-name", "mymaster")`.
    @discardableResult
    func command(_ arguments: String...) throws -> RESPValue {
        try self.command(arguments)
    }

    /// Sends one command given as an array of arguments.
    @discardableResult
    func command(_ arguments: [String]) throws -> RESPValue {
        precondition(!arguments.isEmpty, "empty command")
        if self.context == nil {
            self.context = try connectHiredis(host: self.host, port: self.port, timeout: self.timeout)
        }
        guard let context = self.context else { preconditionFailure() }
        let raw = withArgv(arguments) { argv, lengths in
            redisCommandArgv(context, Int32(arguments.count), argv, lengths)
        }
        guard let raw else {
            let error = HarnessError("\(self.host):\(self.port) \(arguments.first!): \(contextError(context))")
            redisFree(context)
            self.context = nil
            throw error
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(reply) }
        return respValue(from: reply)
    }

    /// Closes the connection (the next command opens a new one).
    func close() {
        if let context { redisFree(context) }
        self.context = nil
    }
}

// MARK: - helpers shared with Subscriber

/// Opens a hiredis connection with connect and read/write timeouts; its socket is close-on-exec.
func connectHiredis(host: String, port: Int, timeout: Duration) throws -> UnsafeMutablePointer<redisContext> {
    let tv = timeval(duration: timeout)
    guard let context = redisConnectWithTimeout(host, Int32(port), tv) else {
        throw HarnessError("\(host):\(port): cannot allocate a hiredis context")
    }
    if context.pointee.err != 0 {
        let message = contextError(context)
        redisFree(context)
        throw HarnessError("connect \(host):\(port): \(message)")
    }
    _ = redisSetTimeout(context, tv)
    _ = fcntl(context.pointee.fd, F_SETFD, FD_CLOEXEC)
    return context
}

/// The context's `errstr` (a `char[128]`, imported as a tuple).
func contextError(_ context: UnsafeMutablePointer<redisContext>) -> String {
    withUnsafeBytes(of: context.pointee.errstr) { bytes in
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    .ifEmpty("hiredis error \(context.pointee.err)")
}

/// Deep-copies a hiredis reply into a `RESPValue` (the caller still frees the reply).
func respValue(from reply: UnsafePointer<redisReply>) -> RESPValue {
    let r = reply.pointee
    func text() -> String {
        guard let str = r.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: str, count: Int(r.len)), as: UTF8.self)
    }
    switch r.type {
    case REDIS_REPLY_STRING: return .bulkString(text())
    case REDIS_REPLY_STATUS: return .simpleString(text())
    case REDIS_REPLY_ERROR: return .error(text())
    case REDIS_REPLY_INTEGER: return .integer(Int64(r.integer))
    case REDIS_REPLY_NIL: return .null
    case REDIS_REPLY_ARRAY:
        var elements: [RESPValue] = []
        elements.reserveCapacity(Int(r.elements))
        for index in 0..<Int(r.elements) {
            if let element = r.element[index] {
                elements.append(respValue(from: element))
            } else {
                elements.append(.null)
            }
        }
        return .array(elements)
    default:
        return .error("unknown hiredis reply type \(r.type)")
    }
}

/// Calls `body` with C `argv` and lengths for `arguments` (binary-safe, no NUL terminators needed).
private func withArgv<R>(
    _ arguments: [String],
    _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
) -> R {
    let lengths = arguments.map { $0.utf8.count }
    let bytes = Array(arguments.joined().utf8) + [0]  // one buffer, never empty
    return bytes.withUnsafeBufferPointer { base in
        var offset = 0
        var argv: [UnsafePointer<CChar>?] = lengths.map { length in
            defer { offset += length }
            return UnsafeRawPointer(base.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
        }
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                body(argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }
}

extension timeval {
    init(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: @autoclosure () -> String) -> String {
        self.isEmpty ? replacement() : self
    }
}

// MARK: - reading replies in tests

// Names chosen so they do not clash with what SentinelCore may add to RESPValue itself.
extension RESPValue {
    /// The texts of an array of strings (`get-master-addr-by-name`, `ROLE`, ...); nil otherwise.
    var stringArray: [String]? {
        self.elements?.compactMap(\.text)
    }

    /// A flat field/value array (`SENTINEL master`, one entry of `SENTINEL replicas`) as a
    /// dictionary; integer values are given as decimal text.
    var fieldDictionary: [String: String]? {
        guard let elements = self.elements, elements.count % 2 == 0 else { return nil }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: elements.count, by: 2) {
            guard let key = elements[index].text else { return nil }
            switch elements[index + 1] {
            case .integer(let number): result[key] = String(number)
            case let value: result[key] = value.text
            }
        }
        return result
    }
}
