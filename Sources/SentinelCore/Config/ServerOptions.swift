/// Log verbosity, `loglevel` (SPEC §3.4). Ordered from most to least verbose.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug = 0
    case verbose, notice, warning, nothing

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "verbose": self = .verbose
        case "notice": self = .notice
        case "warning": self = .warning
        case "nothing": self = .nothing
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .debug: "debug"
        case .verbose: "verbose"
        case .notice: "notice"
        case .warning: "warning"
        case .nothing: "nothing"
        }
    }

    /// The level character of a Redis log line: `.` debug, `-` verbose, `*` notice, `#` warning.
    public var marker: Character {
        switch self {
        case .debug: "."
        case .verbose: "-"
        case .notice: "*"
        case .warning, .nothing: "#"
        }
    }
}

/// The generic (non-`sentinel`) server directives a sentinel uses (SPEC §3.4), with sentinel-mode
/// defaults (SPEC §2.1). Directives that are accepted but unused are kept in `otherDirectives`.
public struct ServerOptions: Equatable, Sendable {
    public var port: Int = SentinelDefaults.port
    /// `nil` = the default `* -::*` (all interfaces).
    public var bind: [String]?
    public var dir: String?
    /// `""` = standard output.
    public var logfile: String = ""
    public var loglevel: LogLevel = .notice
    public var requirepass: String?
    public var protectedMode = false
    public var daemonize = false
    public var pidfile: String?
    public var maxclients = 10_000
    /// `timeout`: close idle query-port clients after this many seconds; 0 = never.
    public var timeout = 0
    public var tcpKeepalive = 300
    public var bindSourceAddr: String?
    public var tlsPort = 0
    public var tlsReplication = false
    /// Every other accepted directive, lower-cased name and arguments, in file order.
    public var otherDirectives: [(name: String, args: [String])] = []

    public init() {}

    public static func == (lhs: ServerOptions, rhs: ServerOptions) -> Bool {
        lhs.port == rhs.port && lhs.bind == rhs.bind && lhs.dir == rhs.dir && lhs.logfile == rhs.logfile
            && lhs.loglevel == rhs.loglevel && lhs.requirepass == rhs.requirepass
            && lhs.protectedMode == rhs.protectedMode && lhs.daemonize == rhs.daemonize
            && lhs.pidfile == rhs.pidfile && lhs.maxclients == rhs.maxclients && lhs.timeout == rhs.timeout
            && lhs.tcpKeepalive == rhs.tcpKeepalive && lhs.bindSourceAddr == rhs.bindSourceAddr
            && lhs.tlsPort == rhs.tlsPort && lhs.tlsReplication == rhs.tlsReplication
            && lhs.otherDirectives.map(\.name) == rhs.otherDirectives.map(\.name)
            && lhs.otherDirectives.map(\.args) == rhs.otherDirectives.map(\.args)
    }
}

/// A parsed config file: what `sentinel.conf` says, ready for the core and the runtime.
public struct ParsedConfig: Equatable, Sendable {
    public var server = ServerOptions()
    public var sentinel = SentinelSettings()
    /// In the order of their `sentinel monitor` lines.
    public var primaries: [PrimarySettings] = []

    public init() {}
}
