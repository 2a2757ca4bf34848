import Dispatch
import NIOCore
import NIOPosix
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's entry point: `swift-sentinel <config-file> [--<directive> <value> ...]`, started
/// exactly like `redis-sentinel` (SPEC §2, §15.1).
public enum SentinelMain {
    public static let version = "0.1.0"

    static let usage = """
        Usage: swift-sentinel /path/to/sentinel.conf [--<directive> <value> ...]
               swift-sentinel -v | --version
               swift-sentinel -h | --help

        Examples:
               swift-sentinel /etc/sentinel.conf
               swift-sentinel ./sentinel.conf --port 26380 --loglevel verbose

        swift-sentinel reads the same sentinel.conf as redis-sentinel and rewrites it to save its
        state, so the file must exist and be writable. Extra --<directive> <value> pairs are
        applied as if they were lines at the end of the file.
        """

    public static func run(arguments: [String]) -> Never {
        let args = Array(arguments.dropFirst())
        if args.first == "-h" || args.first == "--help" {
            print(usage)
            exit(0)
        }
        if args.first == "-v" || args.first == "--version" {
            print("swift-sentinel v=\(version) redis-compat=\(RedisCompatibility.version) sentinel")
            exit(0)
        }
        let bootLog = RedisLog(logfile: "", level: .notice)
        guard let configArg = args.first, !configArg.hasPrefix("--") else {
            bootLog.log(.warning, "Sentinel needs config file on disk to save state. Exiting...")
            exit(1)
        }
        let configPath = absolutePath(configArg)
        let text: String
        do {
            text = try ConfigFile.read(configPath)
        } catch {
            FileHandleOut.stderr("Fatal error, can't open config file '\(configPath)': \(error)\n")
            exit(1)
        }
        let config: ParsedConfig
        do {
            config = try ConfigParser.parse(text, fileName: configArg, extraArguments: Array(args.dropFirst()))
        } catch {
            FileHandleOut.stderr(error.fatalMessage + "\n")
            exit(1)
        }
        let log = RedisLog(logfile: config.server.logfile, level: config.server.loglevel)
        if access(configPath, W_OK) != 0 {
            log.log(
                .warning,
                "Sentinel config file \(configPath) is not writable: \(String(cString: strerror(errno))). Exiting...")
            exit(1)
        }
        if let dir = config.server.dir, chdir(dir) != 0 {
            log.log(.warning, "Can't chdir to '\(dir)': \(String(cString: strerror(errno)))")
            exit(1)
        }
        if let problem = log.check() {
            FileHandleOut.stderr("Can't open the log file: \(problem)\n")
            exit(1)
        }
        let acl = Self.loadACL(config.server, log: log)
        if config.server.daemonize { Daemon.detach() }
        // CONFIG_DEFAULT_PID_FILE when daemonized without one.
        let pidfile = config.server.pidfile ?? (config.server.daemonize ? "/var/run/redis.pid" : nil)
        if let pidfile { Daemon.writePidfile(pidfile) }
        Daemon.raiseFileLimit(maxClients: config.server.maxclients)
        signal(SIGPIPE, SIG_IGN)

        log.log(.warning, "oO0OoO0OoO0Oo swift-sentinel is starting oO0OoO0OoO0Oo")
        log.log(
            .warning,
            "swift-sentinel version=\(version), redis-compat=\(RedisCompatibility.version), bits=64, pid=\(getpid()), just started"
        )
        log.log(.warning, "Configuration loaded")

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executable = absolutePath(arguments.first ?? "swift-sentinel")
        let created = loop.submit { () -> NIOLoopBound<SentinelServer> in
            var random = SystemRandomNumberGenerator()
            var core = Sentinel(
                config: config, now: MonotonicClock.now(), random: &random, resolveHostname: AddressCheck.resolve)
            // The default pid file is an option like any other: the config rewrite writes it, as Redis's does.
            core.server.pidfile = pidfile
            let server = SentinelServer(
                core: core, configPath: configPath, log: log, loop: loop, executable: executable)
            server.onExit = { code in exit(code) }
            server.acl = acl
            let bound = NIOLoopBound(server, eventLoop: loop)
            // Before the port opens, as Redis's initServer does: whoever sees it answer may
            // send SIGTERM at once and must get a clean exit, not the default disposition.
            Signals.install(server: bound)
            return bound
        }
        guard let bound = try? created.wait(),
            let listeners = SentinelServer.listen(bound, options: config.server, log: log)
        else { exit(1) }
        let started = loop.submit {
            let server = bound.value
            server.listeners = listeners
            log.log(.notice, "Running mode=sentinel, port=\(config.server.port).")
            server.runActions()
            server.scheduleTick()
        }
        guard (try? started.wait()) != nil else { exit(1) }
        while true { pause() }
    }

    /// `ACLLoadUsersAtStartup`: a bad user or ACL file stops the process.
    static func loadACL(_ server: ServerOptions, log: RedisLog) -> AccessControl {
        do {
            let (acl, notices) = try AccessControl.startup(server: server, readFile: SentinelServer.readACLFile)
            for notice in notices { log.log(.notice, notice) }
            return acl
        } catch {
            for warning in error.warnings { log.log(.warning, warning) }
            exit(1)
        }
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard path.contains("/") || access(path, F_OK) == 0 else {
            return path
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return String(cString: buffer) + "/" + path
    }
}

/// Writes to standard error without Foundation.
enum FileHandleOut {
    static func stderr(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
