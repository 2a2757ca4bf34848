import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A small RESP server on 127.0.0.1 that plays a monitored Redis with scripted replies, for
/// input no real redis-server would send (hostile INFO, odd replies). One thread accepts, one
/// thread serves each connection; `stop()` (or release) closes everything.
///
/// `reply` gets each request's arguments and returns the raw bytes to answer with (nil = the
/// usual: `+PONG` to PING, a subscribe confirmation to SUBSCRIBE, `+OK` to the rest).
final class FakeRedis: Sendable {
    let port: Int
    private let listener: Int32
    private let state = Mutex<(stopped: Bool, sockets: [Int32], requests: [[String]])>((false, [], []))
    private let reply: @Sendable ([String]) -> [UInt8]?

    init(reply: @escaping @Sendable ([String]) -> [UInt8]?) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("FakeRedis: socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var bound: Int32 = -1
        var port = 0
        for _ in 0..<20 {
            port = try PortAllocator.next()
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            let networkPort: UInt16 = UInt16(truncatingIfNeeded: port).bigEndian
            address.sin_port = networkPort
            let loopback: UInt32 = inet_addr("127.0.0.1")
            address.sin_addr = in_addr(s_addr: loopback)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 { break }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw HarnessError("FakeRedis: bind/listen: \(String(cString: strerror(errno)))")
        }
        self.port = port
        self.listener = fd
        let this = self
        Thread.detachNewThread { this.acceptLoop() }
    }

    deinit { self.stop() }

    /// Every request served so far, in arrival order.
    var requests: [[String]] { self.state.withLock { $0.requests } }

    func stop() {
        let sockets = self.state.withLock { state -> [Int32] in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.sockets + [self.listener]
        }
        for fd in sockets {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(self.listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let keep = self.state.withLock { state -> Bool in
                if state.stopped { return false }
                state.sockets.append(client)
                return true
            }
            guard keep else {
                close(client)
                return
            }
            Thread.detachNewThread { self.serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            buffer += chunk[0..<n]
            while let (args, used) = Self.parseRequest(buffer) {
                buffer.removeFirst(used)
                self.state.withLock { $0.requests.append(args) }
                var out = self.reply(args) ?? Self.defaultReply(args)
                var offset = 0
                while offset < out.count {
                    let written = out.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    static func defaultReply(_ args: [String]) -> [UInt8] {
        switch args.first?.uppercased() {
        case "PING": return Array("+PONG\r\n".utf8)
        case "SUBSCRIBE": return Array("*3\r\n$9\r\nsubscribe\r\n$18\r\n__sentinel__:hello\r\n:1\r\n".utf8)
        case "PUBLISH": return Array(":0\r\n".utf8)
        default: return Array("+OK\r\n".utf8)
        }
    }

    /// A RESP bulk string.
    static func bulk(_ text: String) -> [UInt8] {
        Array("$\(text.utf8.count)\r\n".utf8) + Array(text.utf8) + Array("\r\n".utf8)
    }

    /// One complete `*N` request of bulk strings at the start of `bytes`, and its length.
    static func parseRequest(_ bytes: [UInt8]) -> ([String], Int)? {
        func line(from start: Int) -> (String, Int)? {
            var index = start
            while index + 1 < bytes.count {
                if bytes[index] == 13 && bytes[index + 1] == 10 {
                    return (String(decoding: bytes[start..<index], as: UTF8.self), index + 2)
                }
                index += 1
            }
            return nil
        }
        guard bytes.first == UInt8(ascii: "*"), let (header, afterHeader) = line(from: 1), let count = Int(header)
        else { return nil }
        var args: [String] = []
        var cursor = afterHeader
        for _ in 0..<max(0, count) {
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "$"),
                let (lengthText, afterLength) = line(from: cursor + 1),
                let length = Int(lengthText), afterLength + length + 2 <= bytes.count
            else { return nil }
            args.append(String(decoding: bytes[afterLength..<(afterLength + length)], as: UTF8.self))
            cursor = afterLength + length + 2
        }
        return (args, cursor)
    }
}
