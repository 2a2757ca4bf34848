import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One reply exactly as it came over the wire, RESP2 or RESP3, keeping every node's type.
///
/// Unlike `RESPValue` (what the daemon sends) and `RedisClient` (hiredis 0.14, RESP2 only, which
/// folds `$-1` and `*-1` into one null), this keeps what a conformance comparison must see:
/// a null bulk from a null array, a map from a flat array, a status from a bulk string, a
/// verbatim string from a bulk string. Maps keep their order (flat `key, value, key, value`).
indirect enum RESPNode: Equatable, Sendable, CustomStringConvertible {
    case simple(String)  // +
    case error(String)  // -
    case integer(Int64)  // :
    case bulk(String)  // $
    case nullBulk  // $-1
    case array([RESPNode])  // *
    case nullArray  // *-1
    case null  // _
    case map([RESPNode])  // % (flat key, value, ...)
    case set([RESPNode])  // ~
    case push([RESPNode])  // >
    case double(String)  // , (text as sent: "1.5", "inf")
    case boolean(Bool)  // #
    case verbatim(format: String, text: String)  // =
    case bigNumber(String)  // (
    case blobError(String)  // !
    case attributed(attributes: [RESPNode], value: RESPNode)  // | then the reply

    var description: String { self.render(indent: "") }

    /// A readable tree, one node per line, for diffs in failure messages.
    func render(indent: String) -> String {
        func children(_ tag: String, _ nodes: [RESPNode]) -> String {
            let inner = nodes.map { $0.render(indent: indent + "  ") }.joined(separator: "\n")
            return "\(indent)\(tag)(\(nodes.count))" + (nodes.isEmpty ? "" : "\n" + inner)
        }
        switch self {
        case .simple(let s): return "\(indent)+\(s.debugDescription)"
        case .error(let s): return "\(indent)-\(s.debugDescription)"
        case .integer(let n): return "\(indent):\(n)"
        case .bulk(let s): return "\(indent)$\(s.debugDescription)"
        case .nullBulk: return "\(indent)$-1"
        case .array(let a): return children("*", a)
        case .nullArray: return "\(indent)*-1"
        case .null: return "\(indent)_"
        case .map(let a): return children("%", a)
        case .set(let a): return children("~", a)
        case .push(let a): return children(">", a)
        case .double(let s): return "\(indent),\(s)"
        case .boolean(let b): return "\(indent)#\(b ? "t" : "f")"
        case .verbatim(let format, let text): return "\(indent)=\(format):\(text.debugDescription)"
        case .bigNumber(let s): return "\(indent)(\(s)"
        case .blobError(let s): return "\(indent)!\(s.debugDescription)"
        case .attributed(let attributes, let value):
            return children("|", attributes) + "\n" + value.render(indent: indent)
        }
    }

    /// The text of a simple, bulk, verbatim or error node.
    var text: String? {
        switch self {
        case .simple(let s), .error(let s), .bulk(let s), .blobError(let s): return s
        case .verbatim(_, let s): return s
        default: return nil
        }
    }

    /// The elements of an array, set, push or (flat) map.
    var children: [RESPNode]? {
        switch self {
        case .array(let a), .set(let a), .push(let a), .map(let a): return a
        default: return nil
        }
    }
}

/// A blocking test client on a plain socket that writes raw bytes and parses one whole reply
/// (RESP2 and RESP3) into a `RESPNode`. Every read has a timeout, so a missing reply throws
/// instead of hanging the test. Not `Sendable`: one client per task.
final class RawRESPClient {
    let port: Int
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var offset = 0

    /// Connects to `host:port`; from `source` (a local address bound before connecting) when
    /// given. The timeout bounds the connect too (Linux applies SO_SNDTIMEO to it): a connect
    /// across a `NetworkPartition` throws after `timeout`.
    init(host: String = "127.0.0.1", port: Int, source: String? = nil, timeout: Duration = .seconds(3)) throws {
        self.port = port
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var tv = timeval(duration: timeout)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                let message = String(cString: strerror(errno))
                close(fd)
                throw HarnessError("bind \(source): \(message)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw HarnessError("connect \(host):\(port): \(message)")
        }
        self.fd = fd
    }

    deinit { close(self.fd) }

    /// Sends `arguments` as a RESP array of bulk strings and reads one reply.
    func command(_ arguments: [String]) throws -> RESPNode {
        try self.send(arguments)
        return try self.read()
    }

    func command(_ arguments: String...) throws -> RESPNode { try self.command(arguments) }

    /// Sends `arguments` as a RESP array of bulk strings without reading.
    func send(_ arguments: [String]) throws {
        var bytes = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            bytes += Array("$\(argument.utf8.count)\r\n".utf8) + Array(argument.utf8) + [13, 10]
        }
        try self.sendRaw(bytes)
    }

    /// Writes bytes as they are (inline commands, broken input).
    func sendRaw(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes {
                Glibc.send(self.fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw HarnessError("port \(self.port): send: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    func sendRaw(_ text: String) throws { try self.sendRaw(Array(text.utf8)) }

    /// Reads one whole reply (an attribute is returned together with the reply it precedes).
    func read() throws -> RESPNode {
        let line = try self.readLine()
        guard let type = line.first else { throw HarnessError("port \(self.port): empty reply line") }
        let rest = String(decoding: line.dropFirst(), as: UTF8.self)
        func count() throws -> Int {
            guard let n = Int(rest) else {
                throw HarnessError("port \(self.port): bad length \(rest.debugDescription)")
            }
            return n
        }
        switch UInt8(type) {
        case UInt8(ascii: "+"): return .simple(rest)
        case UInt8(ascii: "-"): return .error(rest)
        case UInt8(ascii: ":"):
            guard let n = Int64(rest) else { throw HarnessError("port \(self.port): bad integer \(rest)") }
            return .integer(n)
        case UInt8(ascii: "$"):
            let n = try count()
            return n < 0 ? .nullBulk : .bulk(try self.readBlob(n))
        case UInt8(ascii: "!"): return .blobError(try self.readBlob(try count()))
        case UInt8(ascii: "="):
            let blob = try self.readBlob(try count())
            let format = String(blob.prefix(3))
            return .verbatim(format: format, text: String(blob.dropFirst(4)))
        case UInt8(ascii: "*"):
            let n = try count()
            return n < 0 ? .nullArray : .array(try (0..<n).map { _ in try self.read() })
        case UInt8(ascii: "~"): return .set(try (0..<count()).map { _ in try self.read() })
        case UInt8(ascii: ">"): return .push(try (0..<count()).map { _ in try self.read() })
        case UInt8(ascii: "%"): return .map(try (0..<(2 * count())).map { _ in try self.read() })
        case UInt8(ascii: "|"):
            let attributes = try (0..<(2 * count())).map { _ in try self.read() }
            return .attributed(attributes: attributes, value: try self.read())
        case UInt8(ascii: "_"): return .null
        case UInt8(ascii: ","): return .double(rest)
        case UInt8(ascii: "("): return .bigNumber(rest)
        case UInt8(ascii: "#"): return .boolean(rest == "t")
        default:
            throw HarnessError(
                "port \(self.port): unknown reply type in \(String(decoding: line, as: UTF8.self).debugDescription)")
        }
    }

    /// Reads until nothing more arrives within `quiet` (pub/sub messages); never throws on timeout.
    func readAll(quiet: Duration = .milliseconds(300)) -> [RESPNode] {
        var nodes: [RESPNode] = []
        while self.waitReadable(quiet), let node = try? self.read() { nodes.append(node) }
        return nodes
    }

    /// True when bytes are buffered or arrive within `timeout`.
    func waitReadable(_ timeout: Duration) -> Bool {
        if self.offset < self.buffer.count { return true }
        var pfd = pollfd(fd: self.fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return poll(&pfd, 1, ms) > 0
    }

    /// True when the server closed the connection (EOF within `timeout`).
    func isClosedByPeer(within timeout: Duration) -> Bool {
        guard self.waitReadable(timeout) else { return false }
        if self.offset < self.buffer.count { return false }
        var byte: UInt8 = 0
        return recv(self.fd, &byte, 1, Int32(MSG_PEEK)) == 0
    }

    /// True when the connection ends (EOF, or a reset because the server closed with input
    /// unread) within `timeout` before any reply byte arrives; false if bytes come or it stays open.
    func endsWithoutReply(within timeout: Duration) -> Bool {
        guard self.offset == self.buffer.count, self.waitReadable(timeout) else { return false }
        var byte: UInt8 = 0
        let n = recv(self.fd, &byte, 1, Int32(MSG_PEEK))
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    /// Writes `bytes` and ignores a failure (the server may close midway, as an attacker's
    /// peer would); returns how many bytes went out.
    @discardableResult
    func sendIgnoringErrors(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes {
                Glibc.send(self.fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { break }
            sent += n
        }
        return sent
    }

    // MARK: - bytes

    private func fill() throws {
        if self.offset > 0 && self.offset == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: true)
            self.offset = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        let n = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress!, $0.count, 0) }
        if n == 0 { throw HarnessError("port \(self.port): connection closed by the server") }
        if n < 0 { throw HarnessError("port \(self.port): recv: \(String(cString: strerror(errno)))") }
        self.buffer += chunk[0..<n]
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let end = self.crlf(from: self.offset) {
                let line = Array(self.buffer[self.offset..<end])
                self.offset = end + 2
                return line
            }
            try self.fill()
        }
    }

    private func crlf(from start: Int) -> Int? {
        var index = start
        while index + 1 < self.buffer.count {
            if self.buffer[index] == 13 && self.buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private func readBlob(_ length: Int) throws -> String {
        while self.buffer.count - self.offset < length + 2 { try self.fill() }
        let text = String(decoding: self.buffer[self.offset..<(self.offset + length)], as: UTF8.self)
        self.offset += length + 2
        return text
    }
}
