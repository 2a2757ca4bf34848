/// The per-master options, `sentinel <option> <master> <value>...` (SPEC §3.2, §3.7, §13.4, §13.6):
/// one entry each, read by the four places Redis handles them in separately: the config parser
/// (`load`), SENTINEL SET (`assign`), the SENTINEL MASTER(S) fields (`reply`) and the rewrite
/// (`rewrite`). The parser and SET read the same option with different rules and errors in
/// Redis (`atoi` and a fatal config error; strict `string2ll` and an `ERR` reply), so an entry
/// holds both.
///
/// `monitor`, `config-epoch`, `leader-epoch`, `known-replica` and `known-sentinel` are not here:
/// they are state, not options (no SET, no reply field) and keep their own parser cases.
struct PrimaryOption: Sendable {
    /// A config line's values applied to the master, or the fatal error's reason.
    typealias Load =
        @Sendable (inout PrimarySettings, [String], _ isExecutable: (String) -> Bool) throws(ConfigReason) -> Void
    /// SENTINEL SET's values applied to the master; nil when applied, else why not (nothing changed).
    typealias Assign = @Sendable (inout PrimarySettings, [String], SetContext) -> SetRejection?
    /// The rewrite: calls `emit` with the text after `sentinel <option> <master> ` of each line to
    /// write (none when the value is the default).
    typealias Rewrite = @Sendable (PrimarySettings, RewriteDefaults, _ emit: (String) -> Void) -> Void

    /// The name in the config file, SENTINEL SET, the rewrite and the reply.
    let name: String
    /// Other names the parser and SET accept (Valkey's `primary-...`); never written.
    var aliases: [String] = []
    /// How many values follow the master name.
    var valueCount = 1
    /// nil: not a config directive (`quorum` is part of the `monitor` line).
    var load: Load?
    /// nil: not settable with SENTINEL SET.
    var assign: Assign?
    /// What SENTINEL SET does besides changing the settings.
    var effect: SetEffect = .none
    /// SENTINEL SET's `+set` event shows the first value as `******` (a password).
    var redactedInEvent = false
    /// nil: not written by the rewrite (`quorum` is written in the `monitor` line).
    var rewrite: Rewrite?
    /// Written after the known replicas and sentinels rather than with the other options, where
    /// Redis's `rewriteConfigSentinelOption` writes it.
    var rewrittenLast = false
    /// nil: not a SENTINEL MASTER field (`down-after-milliseconds` is, for every instance kind,
    /// from the instance record, at its own place in the field order).
    var reply: ReplyField?

    /// The settings field a SENTINEL MASTER field shows. A switch rather than a closure: the reply
    /// renders these for every master of every SENTINEL MASTERS, and an opaque call (the whole
    /// settings copied to be passed) made that command 2–3 % slower with 20 masters.
    enum ReplyField: Sendable {
        case quorum, failoverTimeout, parallelSyncs, notificationScript, clientReconfigScript
        case fenceIsolatedPrimary

        /// The field's value; nil leaves the field out (a script that is not set).
        func value(_ settings: PrimarySettings) -> RESPValue? {
            switch self {
            case .quorum: .bulk(settings.quorum)
            case .failoverTimeout: .bulk(settings.failoverTimeout)
            case .parallelSyncs: .bulk(settings.parallelSyncs)
            case .notificationScript: settings.notificationScript.map { .bulkString($0) }
            case .clientReconfigScript: settings.clientReconfigScript.map { .bulkString($0) }
            // Shown only when not the default, as the scripts only when set: replies stay
            // Redis's field for field unless the option is used.
            case .fenceIsolatedPrimary: settings.fenceIsolatedPrimary ? nil : .bulkString("no")
            }
        }
    }

    /// What SENTINEL SET needs from the sentinel to check a value.
    struct SetContext {
        var denyScriptsReconfig: Bool
        var isExecutable: (String) -> Bool
    }

    /// Why SENTINEL SET refused a value.
    enum SetRejection: Equatable {
        /// `Invalid argument '<value>' for SENTINEL SET '<option>'`, the value at this offset.
        case invalidArgument(Int)
        case error(ReplyError)
    }

    /// What SENTINEL SET does after a change.
    enum SetEffect {
        case none
        /// The new down-after goes to the master's instance, replicas and sentinels too.
        case copyDownAfter
        /// The master's and its replicas' links close, to reconnect with new credentials.
        case reconnect
        /// A master that refused the fence's pause is tried again (`Fence.settingChanged`).
        case retryFence
    }

    /// The values a rewrite leaves out because they are the defaults of the moment.
    struct RewriteDefaults {
        var downAfter: Int64
        var failoverTimeout: Int64
    }
}

extension PrimaryOption {
    /// In Redis's reply and rewrite order (each reads this list, keeping the entries it uses).
    static let all: [PrimaryOption] = [
        .quorum, .downAfter, .failoverTimeout, .parallelSyncs, .notificationScript, .clientReconfigScript,
        .authPass, .authUser, .primaryRebootDownAfterPeriod, .renameCommand, .fenceIsolatedPrimary,
    ]

    /// By lower-case name and alias; built once.
    private static let byName: [String: PrimaryOption] = {
        var table: [String: PrimaryOption] = [:]
        for option in Self.all {
            for name in [option.name] + option.aliases { table[name] = option }
        }
        return table
    }()

    /// The option called `name` (any case).
    static func named(_ name: String) -> PrimaryOption? {
        Self.byName[name] ?? Self.byName[name.lowercased()]
    }

    /// The SENTINEL MASTER fields, in reply order.
    static let replyFields: [(name: String, field: ReplyField)] = Self.all.compactMap { option in
        option.reply.map { (option.name, $0) }
    }

    /// The entries the rewrite writes before the epochs, in order.
    static let rewrittenWithSettings = Self.all.filter { $0.rewrite != nil && !$0.rewrittenLast }
    /// The entries the rewrite writes after the known replicas and sentinels.
    static let rewrittenAfterKnownInstances = Self.all.filter { $0.rewrite != nil && $0.rewrittenLast }
}
