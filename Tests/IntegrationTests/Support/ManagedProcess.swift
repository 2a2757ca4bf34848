import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started by a test: its own process group, stdin `/dev/null`, stdout and stderr
/// appended to a log file, and every inherited descriptor above 2 closed (a test's client
/// sockets must not live on in a server).
///
/// Stopped by its handle, never by name: `stop()` sends SIGCONT and SIGTERM to its process
/// group, waits up to `grace` (3 s), then SIGKILL. `deinit` stops it too, and
/// `ProcessRegistry` kills whatever is still running when the test process exits or is
/// interrupted (SIGINT, SIGTERM, SIGHUP).
///
/// Uses `posix_spawn` rather than Foundation `Process` to get the process group, the closed
/// descriptors and a plain `pid_t` (so the type is `Sendable` without `@unchecked`).
final class ManagedProcess: Sendable {
    /// How a process ended.
    enum Exit: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        /// Reaped elsewhere; the status is unknown.
        case unknown

        var description: String {
            switch self {
            case .exited(let code): return "exit status \(code)"
            case .signaled(let signal): return "killed by signal \(signal)"
            case .unknown: return "exited (status unknown)"
            }
        }
    }

    /// A label for messages: "redis-server:27001".
    let name: String
    /// Absolute path of the executable.
    let executable: String
    let arguments: [String]
    let workingDirectory: String
    /// Where stdout and stderr go (appended).
    let logPath: String
    let pid: pid_t

    private let exit = Mutex<Exit?>(nil)

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`.
    ///
    /// - Parameter environment: variables to set or override on top of this process's environment.
    init(
        name: String? = nil,
        executable: String,
        arguments: [String] = [],
        workingDirectory: String,
        logPath: String,
        environment: [String: String] = [:]
    ) throws {
        guard let path = findExecutable(executable) else {
            throw HarnessError("ManagedProcess: \(executable) not found (PATH or path)")
        }
        self.name = name ?? (path as NSString).lastPathComponent
        self.executable = path
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        ProcessRegistry.shared.installExitHandlers()
        self.pid = try spawn(
            path: path,
            arguments: [path] + arguments,
            workingDirectory: workingDirectory,
            logPath: logPath,
            environment: environment
        )
        ProcessRegistry.shared.register(self.pid, name: self.name)
    }

    deinit {
        self.stop()
    }

    /// True until the process has exited (a zombie counts as exited; it is reaped here).
    var isRunning: Bool {
        self.reap() == nil
    }

    /// How it ended, once it has; nil while running.
    var exitStatus: Exit? {
        self.reap()
    }

    /// Sends `signal` (SIGSTOP, SIGCONT, SIGKILL, ...) to the process group; false when the
    /// process has already exited.
    @discardableResult
    func signal(_ signal: Int32) -> Bool {
        self.exit.withLock { exit in
            guard exit == nil, Self.reapLocked(self.pid, &exit) == nil else { return false }
            return kill(-self.pid, signal) == 0 || kill(self.pid, signal) == 0
        }
    }

    /// Stops the process: SIGCONT (in case it is stopped) and SIGTERM to its group, up to `grace`
    /// for it to exit, then SIGKILL. Returns how it ended. Safe to call more than once.
    @discardableResult
    func stop(grace: Duration = .seconds(3)) -> Exit {
        if let exit = self.reap() { return exit }
        self.signal(SIGCONT)
        self.signal(SIGTERM)
        if let exit = self.waitForExit(timeout: grace) { return exit }
        self.signal(SIGKILL)
        if let exit = self.waitForExit(timeout: .seconds(5)) { return exit }
        // SIGKILL cannot be refused; only a process stuck in the kernel gets here.
        printToStandardError("ManagedProcess: \(self.name) (pid \(self.pid)) survived SIGKILL for 5 s")
        return .unknown
    }

    /// Blocks until the process exits or `timeout` passes; nil on timeout.
    func waitForExit(timeout: Duration) -> Exit? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let exit = self.reap() { return exit }
            if clock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// The last `lines` lines of the log.
    func logTail(lines: Int = 30) -> String {
        tail(ofFile: self.logPath, lines: lines)
    }

    /// The whole log.
    func log() -> String {
        FileManager.default.contents(atPath: self.logPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func reap() -> Exit? {
        self.exit.withLock { Self.reapLocked(self.pid, &$0) }
    }

    /// `waitpid(WNOHANG)` under the lock, so the status is recorded exactly once.
    private static func reapLocked(_ pid: pid_t, _ exit: inout Exit?) -> Exit? {
        if let exit { return exit }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        if result == pid {
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros; the bit layout is Linux's.
            let signal = status & 0x7f
            exit = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        } else if errno == EINTR {
            return nil
        } else {
            exit = .unknown  // ECHILD: someone else reaped it
        }
        ProcessRegistry.shared.unregister(pid)
        return exit
    }
}

// MARK: - spawning

private typealias AddChdir =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

/// glibc ≥ 2.29 / 2.34 extensions that Swift's Glibc module does not import (they need _GNU_SOURCE).
private func glibcSymbol<T>(_ name: String, as type: T.Type) -> T? {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
    return unsafeBitCast(symbol, to: type)
}

private func spawn(
    path: String,
    arguments: [String],
    workingDirectory: String,
    logPath: String,
    environment: [String: String]
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    func check(_ result: Int32, _ what: String) throws {
        guard result == 0 else { throw HarnessError("posix_spawn \(what): \(String(cString: strerror(result)))") }
    }
    try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "stdin")
    try check(
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644), "log \(logPath)")
    try check(posix_spawn_file_actions_adddup2(&actions, 1, 2), "stderr")
    if let closefrom = glibcSymbol("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self) {
        try check(closefrom(&actions, 3), "closefrom")
    }
    var argumentsToRun = arguments
    var executableToRun = path
    if let chdir = glibcSymbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self) {
        try check(chdir(&actions, workingDirectory), "chdir \(workingDirectory)")
    } else {
        // Older glibc: let a shell change directory, then exec (same pid).
        executableToRun = "/bin/sh"
        argumentsToRun = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory] + arguments
    }

    // Own process group; default dispositions and an empty mask, whatever the test process
    // ignores or blocks (an ignored SIGPIPE or SIGINT would otherwise be inherited).
    try check(
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)),
        "flags"
    )
    try check(posix_spawnattr_setpgroup(&attributes, 0), "pgroup")
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [
        SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU,
    ] {
        sigaddset(&defaults, signal)
    }
    try check(posix_spawnattr_setsigdefault(&attributes, &defaults), "sigdefault")
    var mask = sigset_t()
    sigemptyset(&mask)
    try check(posix_spawnattr_setsigmask(&attributes, &mask), "sigmask")

    var variables = ProcessInfo.processInfo.environment
    for (key, value) in environment { variables[key] = value }
    let argv: [UnsafeMutablePointer<CChar>?] = argumentsToRun.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = argv.withUnsafeBufferPointer { argvBuffer in
        envp.withUnsafeBufferPointer { envpBuffer in
            posix_spawn(&pid, executableToRun, &actions, &attributes, argvBuffer.baseAddress!, envpBuffer.baseAddress!)
        }
    }
    try check(result, "\(path)")
    return pid
}

// MARK: - safety net

/// Every `ManagedProcess` still running, so none outlives the test process: at exit (`atexit`)
/// each one gets SIGCONT + SIGTERM, up to 1 s, then SIGKILL; on SIGINT, SIGTERM or SIGHUP to the
/// test process each group gets SIGKILL, then the signal takes its default course. A crash of
/// the test process itself (SIGSEGV, a Swift trap) is not covered.
final class ProcessRegistry: Sendable {
    static let shared = ProcessRegistry()

    private let live = Mutex<[pid_t: String]>([:])
    private let installed = Mutex(false)

    func register(_ pid: pid_t, name: String) {
        self.live.withLock { $0[pid] = name }
    }

    func unregister(_ pid: pid_t) {
        self.live.withLock { _ = $0.removeValue(forKey: pid) }
    }

    /// Registers the exit and signal handlers, once.
    func installExitHandlers() {
        let first = self.installed.withLock { installed in
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        atexit {
            ProcessRegistry.shared.stopAllAtExit()
            TestDirectory.removeAtExit()
        }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            sigaction(signal, nil, &current)
            // Leave alone a signal that is ignored or already handled by someone else.
            guard current.__sigaction_handler.sa_handler == nil else { continue }
            _ = Glibc.signal(signal) { received in
                ProcessRegistry.shared.killAllFromSignalHandler()
                _ = Glibc.signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    private func stopAllAtExit() {
        let remaining = self.live.withLock { $0 }
        guard !remaining.isEmpty else { return }
        let names = remaining.map { "\($0.value) (pid \($0.key))" }.sorted().joined(separator: ", ")
        printToStandardError("integration tests: still running at exit, stopping: \(names)")
        for pid in remaining.keys {
            kill(-pid, SIGCONT)
            kill(-pid, SIGTERM)
        }
        var waiting = Set(remaining.keys)
        for _ in 0..<100 where !waiting.isEmpty {
            for pid in waiting {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) != 0 { waiting.remove(pid) }
            }
            if !waiting.isEmpty { usleep(10_000) }
        }
        for pid in waiting {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Only async-signal-safe work: a try-lock, kill(2). Skipped if the lock is held.
    private func killAllFromSignalHandler() {
        self.live.withLockIfAvailable { live in
            for pid in live.keys {
                kill(-pid, SIGKILL)
            }
        }
    }
}
