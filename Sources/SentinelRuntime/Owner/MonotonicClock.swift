import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The core's `now`: milliseconds that read as Unix time at start-up and then advance with the
/// monotonic clock (DESIGN decision 3). Like Redis's `mstime()` the values are large, so a zero
/// timestamp ("never") is always far in the past; unlike it, a wall-clock step cannot move them.
enum MonotonicClock {
    private static let origin: (wall: Int64, uptime: UInt64) = {
        var tv = timeval()
        gettimeofday(&tv, nil)
        return (Int64(tv.tv_sec) * 1000 + Int64(tv.tv_usec) / 1000, NIODeadline.now().uptimeNanoseconds)
    }()

    static func now() -> Int64 {
        let origin = Self.origin
        return origin.wall + Int64((NIODeadline.now().uptimeNanoseconds - origin.uptime) / 1_000_000)
    }

    /// `ctime`-style text (`Wed Nov 25 17:40:00 2026`) of a core timestamp, in local time.
    static func ctimeText(_ ms: Int64) -> String {
        var seconds = time_t(ms / 1000)
        var buffer = [CChar](repeating: 0, count: 32)
        guard ctime_r(&seconds, &buffer) != nil else { return String(ms) }
        return String(cString: buffer).trimmingSuffixNewline()
    }
}

extension String {
    func trimmingSuffixNewline() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
