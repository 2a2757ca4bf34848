import Foundation
import SentinelCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A sentinel daemon on 127.0.0.1 (ours, or the real `redis-sentinel` for interop), started
/// like `redis-sentinel <config>` with a generated, writable config file in its own directory.
///
/// ```swift
/// let sentinel = try await SentinelProcess.start(lines: [
///     "sentinel monitor mymaster 127.0.0.1 \(master.port) 1",
///     "sentinel down-after-milliseconds mymaster 1000",
/// ])
/// let address = try sentinel.client().command("SENTINEL", "get-master-addr-by-name", "mymaster")
/// ```
///
/// The generated config is
///
/// ```
/// port <P>
/// bind <host, 127.0.0.1 unless given>
/// daemonize no
/// dir <dir>
/// logfile ""
/// <lines...>
/// ```
///
/// with `logfile ""` so the daemon logs to stdout, which goes to `<dir>/sentinel.log`.
final class SentinelProcess: Sendable {
    /// Which daemon to run.
    enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// swift-sentinel: `SWIFT_SENTINEL_BIN`, else the one built next to the test binary, else
        /// `<package>/.build/debug/swift-sentinel`, else `.build/release/swift-sentinel`.
        case swiftSentinel
        /// The real `redis-sentinel` from `PATH`.
        case redisSentinel
        /// Any other executable (path or name in `PATH`), started as `<it> <config>`.
        case executable(String)

        var description: String {
            switch self {
            case .swiftSentinel: return "swift-sentinel"
            case .redisSentinel: return "redis-sentinel"
            case .executable(let path): return path
            }
        }
    }

    let kind: Kind
    let port: Int
    /// The address of its base `bind` line, where `client()` and the start-up PING connect.
    let host: String
    /// Its `dir`; holds `sentinel.conf` and `sentinel.log`.
    let directory: String
    let configPath: String
    /// Arguments after the config path (`--loglevel debug`, ...), as redis-sentinel accepts them.
    let extraArguments: [String]
    private let current: Mutex<ManagedProcess>

    /// Writes the config (the base lines above, then `lines`) and starts the daemon; returns once
    /// it answers PING (`startupTimeout`, 10 s) on `host` (the base `bind` line; a later `bind`
    /// line in `lines` replaces it, and must then include `host`).
    static func start(
        _ kind: Kind = .swiftSentinel,
        lines: [String],
        port: Int? = nil,
        host: String = "127.0.0.1",
        extraArguments: [String] = [],
        startupTimeout: Duration = .seconds(10)
    ) async throws -> SentinelProcess {
        let port = try port ?? PortAllocator.next()
        let directory = try TestDirectory.make("sentinel-\(port)")
        let configPath = "\(directory)/sentinel.conf"
        let config = ["port \(port)", "bind \(host)", "daemonize no", "dir \(directory)", "logfile \"\""] + lines
        try (config.joined(separator: "\n") + "\n").write(toFile: configPath, atomically: true, encoding: .utf8)
        let sentinel = try SentinelProcess(
            kind: kind,
            port: port,
            host: host,
            directory: directory,
            configPath: configPath,
            extraArguments: extraArguments
        )
        try await waitForPing(process: sentinel.process, host: host, port: port, timeout: startupTimeout)
        return sentinel
    }

    private init(
        kind: Kind, port: Int, host: String, directory: String, configPath: String, extraArguments: [String]
    ) throws {
        self.kind = kind
        self.port = port
        self.host = host
        self.directory = directory
        self.configPath = configPath
        self.extraArguments = extraArguments
        self.current = Mutex(
            try Self.launch(
                kind: kind, port: port, directory: directory, configPath: configPath, extraArguments: extraArguments)
        )
    }

    private static func launch(
        kind: Kind,
        port: Int,
        directory: String,
        configPath: String,
        extraArguments: [String]
    ) throws -> ManagedProcess {
        try ManagedProcess(
            name: "\(kind):\(port)",
            executable: try Self.executablePath(kind),
            arguments: [configPath] + extraArguments,
            workingDirectory: directory,
            logPath: "\(directory)/sentinel.log"
        )
    }

    /// The executable `kind` runs; throws, saying where it looked, when there is none.
    static func executablePath(_ kind: Kind) throws -> String {
        switch kind {
        case .redisSentinel:
            guard let path = findExecutable("redis-sentinel") else { throw HarnessError("redis-sentinel not in PATH") }
            return path
        case .executable(let name):
            guard let path = findExecutable(name) else { throw HarnessError("\(name): not found or not executable") }
            return path
        case .swiftSentinel:
            var candidates: [String] = []
            if let fromEnvironment = ProcessInfo.processInfo.environment["SWIFT_SENTINEL_BIN"], !fromEnvironment.isEmpty
            {
                guard let path = findExecutable(fromEnvironment) else {
                    throw HarnessError("SWIFT_SENTINEL_BIN=\(fromEnvironment): not found or not executable")
                }
                return path
            }
            // The build directory of this test binary (`swift build --scratch-path X` included).
            if let testBinary = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                candidates.append(
                    URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent(
                        "swift-sentinel"
                    ).path)
            }
            let root = findPackageRoot()
            candidates += ["\(root)/.build/debug/swift-sentinel", "\(root)/.build/release/swift-sentinel"]
            guard let path = candidates.first(where: { findExecutable($0) != nil }) else {
                throw HarnessError(
                    "swift-sentinel not built; looked for SWIFT_SENTINEL_BIN, then "
                        + candidates.joined(separator: ", ")
                )
            }
            return path
        }
    }

    /// The running process (a new one after `restart()`).
    var process: ManagedProcess { self.current.withLock { $0 } }
    var pid: pid_t { self.process.pid }
    var isRunning: Bool { self.process.isRunning }

    /// A new client connected to this sentinel.
    func client(timeout: Duration = .seconds(2)) throws -> RedisClient {
        try RedisClient(host: self.host, port: self.port, timeout: timeout)
    }

    /// SIGSTOP, SIGCONT, SIGKILL, ... to the sentinel's process group.
    @discardableResult
    func signal(_ signal: Int32) -> Bool { self.process.signal(signal) }

    /// SIGCONT + SIGTERM, `grace`, SIGKILL.
    @discardableResult
    func stop(grace: Duration = .seconds(3)) -> ManagedProcess.Exit { self.process.stop(grace: grace) }

    /// Stops the daemon if it runs and starts it again on the same (possibly rewritten) config
    /// file; waits for PING.
    func restart(startupTimeout: Duration = .seconds(10)) async throws {
        self.stop()
        let fresh = try Self.launch(
            kind: self.kind,
            port: self.port,
            directory: self.directory,
            configPath: self.configPath,
            extraArguments: self.extraArguments
        )
        self.current.withLock { $0 = fresh }
        try await waitForPing(process: fresh, host: self.host, port: self.port, timeout: startupTimeout)
    }

    /// The config file as it is now (sentinels rewrite it).
    func config() -> String {
        (try? String(contentsOfFile: self.configPath, encoding: .utf8)) ?? ""
    }

    /// The last lines of the log, for failure messages.
    func logTail(lines: Int = 30) -> String { self.process.logTail(lines: lines) }

    /// The whole log.
    func log() -> String { self.process.log() }
}
