import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The log sink: Redis's line format `<pid>:X <dd Mon yyyy HH:MM:SS.mmm> <c> <message>`
/// (SPEC §11.1, DESIGN decision 6), to standard output or `logfile`, honouring `loglevel`.
///
/// Like Redis, the log file is opened for every line (so `logrotate` can move it away); stdout is
/// written directly.
final class RedisLog: Sendable {
    private let path: String?
    let level: LogLevel
    private let pid = getpid()

    /// `logfile` empty = standard output.
    init(logfile: String, level: LogLevel) {
        self.path = logfile.isEmpty ? nil : logfile
        self.level = level
    }

    /// Can the log file be opened? Redis exits at start when it cannot.
    func check() -> String? {
        guard let path = self.path else { return nil }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { return String(cString: strerror(errno)) }
        close(fd)
        return nil
    }

    func log(_ level: LogLevel, _ message: String) {
        guard level >= self.level, self.level != .nothing else { return }
        self.write(self.line(level, message))
    }

    /// Logs without the level filter (Redis's `serverLogRaw` with `LL_RAW` for start-up banners).
    func line(_ level: LogLevel, _ message: String) -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var seconds = tv.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%d %b %Y %H:%M:%S.", &parts)
        let stamp = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let millis = Int(tv.tv_usec) / 1000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(self.pid):X \(stamp)\(ms) \(level.marker) \(message)\n"
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        if let path = self.path {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return }
            _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        } else {
            _ = bytes.withUnsafeMutableBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
    }
}
