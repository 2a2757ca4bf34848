import SentinelCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs scripts as direct children (SPEC §12): posix_spawn with the environment inherited and no
/// descriptor of ours leaking (ours are close-on-exec, and everything from 3 up is closed in the
/// child where glibc offers `posix_spawn_file_actions_addclosefrom_np`).
enum ScriptRunner {
    enum Outcome {
        case started(pid_t)
        /// The program could not be executed (Redis's child would exit 2).
        case execFailed
        /// No child at all (Redis: fork failure).
        case spawnFailed
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    static func spawn(_ argv: [String]) -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        switch result {
        case 0: return .started(pid)
        case ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP, ENAMETOOLONG, ETXTBSY, EISDIR: return .execFailed
        default: return .spawnFailed
        }
    }

    /// Every child that has exited: (pid, exit code, terminating signal).
    static func reap() -> [(pid: Int32, exitCode: Int32, signal: Int32)] {
        var exited: [(Int32, Int32, Int32)] = []
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { break }
            let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
            let exitCode = signaled ? 0 : (status >> 8) & 0xff
            exited.append((pid, exitCode, signaled ? status & 0x7f : 0))
        }
        return exited
    }
}
