#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process set-up that Redis does at start: daemonize, pidfile, file-descriptor limit.
enum Daemon {
    /// `daemonize yes`: fork, the parent exits, the child starts a session with stdio on /dev/null.
    /// Called before any thread is started.
    static func detach() {
        let pid = fork()
        if pid < 0 { return }
        if pid > 0 { exit(0) }
        setsid()
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            dup2(null, STDIN_FILENO)
            dup2(null, STDOUT_FILENO)
            dup2(null, STDERR_FILENO)
            if null > STDERR_FILENO { close(null) }
        }
    }

    static func writePidfile(_ path: String) {
        guard let file = fopen(path, "w") else { return }
        fputs("\(getpid())\n", file)
        fclose(file)
    }

    /// Several sockets per master: raise RLIMIT_NOFILE towards maxclients + 32 + links.
    static func raiseFileLimit(maxClients: Int) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(max(maxClients + 32, 65536))
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}
