import Foundation
import SentinelCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real `redis-server` on 127.0.0.1, no persistence, in its own directory under
/// `TestDirectory`, stopped by its handle (`stop()`, or when released).
///
/// ```swift
/// let master = try await RedisServer.start()
/// let replica = try await RedisServer.start(replicaOf: master)
/// try master.client().command("SET", "k", "v")
/// master.signal(SIGSTOP)   // hangs it: TCP stays open, nothing answers
/// master.signal(SIGCONT)
/// ```
final class RedisServer: Sendable {
    let port: Int
    /// Where other processes reach it: its `bindAddress`, or 127.0.0.1. The test's own clients
    /// (`client()`, `info()`) always use 127.0.0.1, which it listens on too.
    let address: String
    /// Its `--dir`; `redis.log` (stdout and stderr) is there too.
    let directory: String
    /// Everything after the executable: `--port P --bind 127.0.0.1 --save '' ...`.
    let arguments: [String]
    private let current: Mutex<ManagedProcess>

    /// Starts `redis-server --port P --bind 127.0.0.1 --save '' --appendonly no --daemonize no
    /// --repl-diskless-sync-delay 0 --dir <dir>` (+ `--replicaof 127.0.0.1 <port>` + `extraArguments`,
    /// e.g. `["--requirepass", "x"]`; a later argument overrides an earlier one) and waits until it
    /// answers PING (`startupTimeout`, 5 s). The sync delay is 0 instead of Redis's 5 s so a
    /// replica is in sync within milliseconds, not after 5 s.
    ///
    /// With a `bindAddress` (another loopback address, for a `NetworkPartition`) it listens on
    /// 127.0.0.1 and that address (`--bind 127.0.0.1 <a>`), its link to its primary leaves from it
    /// (`--bind-source-addr <a>`), and protected mode is off (it counts only 127.0.0.1 and ::1
    /// as local).
    ///
    /// - Parameter port: a port from `PortAllocator` by default.
    static func start(
        port: Int? = nil,
        bindAddress: String? = nil,
        replicaOf primary: RedisServer? = nil,
        extraArguments: [String] = [],
        startupTimeout: Duration = .seconds(5)
    ) async throws -> RedisServer {
        let port = try port ?? PortAllocator.next()
        var arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--repl-diskless-sync-delay", "0",
        ]
        if let bindAddress {
            arguments += [
                "--bind", "127.0.0.1", bindAddress, "--bind-source-addr", bindAddress, "--protected-mode", "no",
            ]
        }
        if let primary { arguments += ["--replicaof", primary.address, "\(primary.port)"] }
        arguments += extraArguments
        let directory = try TestDirectory.make("redis-\(port)")
        let server = try RedisServer(
            port: port, address: bindAddress ?? "127.0.0.1", directory: directory,
            arguments: arguments + ["--dir", directory])
        try await server.waitUntilReady(timeout: startupTimeout)
        return server
    }

    private init(port: Int, address: String, directory: String, arguments: [String]) throws {
        self.port = port
        self.address = address
        self.directory = directory
        self.arguments = arguments
        self.current = Mutex(try Self.launch(port: port, directory: directory, arguments: arguments))
    }

    private static func launch(port: Int, directory: String, arguments: [String]) throws -> ManagedProcess {
        try ManagedProcess(
            name: "redis-server:\(port)",
            executable: "redis-server",
            arguments: arguments,
            workingDirectory: directory,
            logPath: "\(directory)/redis.log"
        )
    }

    /// The running process (a new one after `restart()`).
    var process: ManagedProcess { self.current.withLock { $0 } }
    var pid: pid_t { self.process.pid }
    var isRunning: Bool { self.process.isRunning }

    /// A new client connected to this server.
    func client(timeout: Duration = .seconds(2)) throws -> RedisClient {
        try RedisClient(port: self.port, timeout: timeout)
    }

    /// SIGSTOP, SIGCONT, SIGKILL, ... to the server's process group.
    @discardableResult
    func signal(_ signal: Int32) -> Bool { self.process.signal(signal) }

    /// SIGCONT + SIGTERM, `grace`, SIGKILL.
    @discardableResult
    func stop(grace: Duration = .seconds(3)) -> ManagedProcess.Exit { self.process.stop(grace: grace) }

    /// Stops the server if it runs, then starts it again with the same arguments on the same port
    /// (empty unless a SAVE left a dump in its directory) and waits for PING, unless told not to
    /// (a server loading a big dump answers -LOADING for a while).
    func restart(startupTimeout: Duration = .seconds(5), waitForPong: Bool = true) async throws {
        self.stop()
        let fresh = try Self.launch(port: self.port, directory: self.directory, arguments: self.arguments)
        self.current.withLock { $0 = fresh }
        if waitForPong { try await self.waitUntilReady(timeout: startupTimeout) }
    }

    /// The last lines of `redis.log`, for failure messages.
    func logTail(lines: Int = 30) -> String { self.process.logTail(lines: lines) }

    /// Fields of `INFO <section>` (`role`, `master_link_status`, ...).
    func info(_ section: String = "replication") throws -> [String: String] {
        guard let text = try self.client().command("INFO", section).text else { return [:] }
        return parseInfo(text)
    }

    private func waitUntilReady(timeout: Duration) async throws {
        try await waitForPing(process: self.process, port: self.port, timeout: timeout)
    }
}

/// Waits until `host:port` answers PING with PONG (or NOAUTH: a server with a password is up
/// too); throws early (with the log) if `process` exits.
func waitForPing(process: ManagedProcess, host: String = "127.0.0.1", port: Int, timeout: Duration) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var lastError = "no answer"
    while true {
        do {
            let reply = try RedisClient(host: host, port: port, timeout: .milliseconds(500)).command("PING")
            if reply.text == "PONG" { return }
            // A server whose `default` user is off or has a password is up all the same.
            if case .error(let message) = reply, message.hasPrefix("NOAUTH") { return }
            lastError = "PING answered \(reply)"
        } catch {
            lastError = "\(error)"
        }
        if let exit = process.exitStatus {
            throw HarnessError(
                "\(process.name) \(exit) before answering PING; log \(process.logPath):\n\(process.logTail())")
        }
        if clock.now >= deadline {
            throw HarnessError(
                "\(process.name) (pid \(process.pid)) does not answer PING within \(timeout) (\(lastError)); "
                    + "log \(process.logPath):\n\(process.logTail())"
            )
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// `INFO` text as `field: value` (section headers and blank lines skipped).
func parseInfo(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
    }
    return fields
}
