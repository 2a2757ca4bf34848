import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Free TCP ports on 127.0.0.1 in 27000...29999 (the range `bench/` uses too), each verified by a
/// bind test and never handed out twice in one test process.
///
/// The search starts at an offset derived from the process id, so two test processes on the same
/// machine rarely try the same ports. The bind test does not set `SO_REUSEADDR`: a port with
/// connections lingering in TIME_WAIT counts as busy, so a daemon that binds without it works too.
enum PortAllocator {
    static let range = 27000...29999

    /// One free port.
    static func next() throws -> Int {
        try self.next(count: 1)[0]
    }

    /// `count` distinct free ports.
    static func next(count: Int) throws -> [Int] {
        try allocatorState.withLock { state in
            var found: [Int] = []
            var tried = 0
            while found.count < count {
                guard tried < self.range.count else {
                    throw HarnessError(
                        "PortAllocator: no free port left in \(self.range) (\(state.handedOut.count) handed out)")
                }
                let port = self.range.lowerBound + state.cursor
                state.cursor = (state.cursor + 1) % self.range.count
                tried += 1
                if state.handedOut.contains(port) || !isFree(port) { continue }
                state.handedOut.insert(port)
                found.append(port)
            }
            return found
        }
    }

    /// True when a socket can bind 127.0.0.1:`port` right now.
    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}

private struct AllocatorState {
    var cursor = Int(getpid()) * 37 % PortAllocator.range.count
    var handedOut: Set<Int> = []
}

private let allocatorState = Mutex(AllocatorState())
