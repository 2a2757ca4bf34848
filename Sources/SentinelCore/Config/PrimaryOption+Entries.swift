/// The entries of ``PrimaryOption/all``. The parser's rules are `sentinelHandleConfiguration`'s,
/// SET's are `sentinelSetCommand`'s (SPEC §13.6): SET numbers are `getLongLongFromObject`
/// (strict `string2ll`), checked as long long, then stored in Redis's field types.
extension PrimaryOption {
    static let quorum = PrimaryOption(
        name: "quorum",
        assign: { settings, values, _ in
            // Beyond Redis, which keeps the low 32 bits (so 4294967296 became quorum 0): the
            // config reads the quorum back with `atoi`, so only 1...INT_MAX survives a restart.
            guard let value = ConfigSyntax.string2ll(values[0]), value > 0, value <= Int32.max else {
                return .invalidArgument(0)
            }
            settings.quorum = Int(value)
            return nil
        },
        reply: .quorum)

    static let downAfter = PrimaryOption(
        name: "down-after-milliseconds",
        load: { (settings, values, _) throws(ConfigReason) in
            settings.downAfter = try Self.loadTime(values[0], allowZero: false)
        },
        assign: { settings, values, _ in
            guard let value = ConfigSyntax.string2ll(values[0]), value > 0 else { return .invalidArgument(0) }
            settings.downAfter = value
            return nil
        },
        effect: .copyDownAfter,
        rewrite: { settings, defaults, emit in
            if settings.downAfter != defaults.downAfter { emit("\(settings.downAfter)") }
        })

    static let failoverTimeout = PrimaryOption(
        name: "failover-timeout",
        load: { (settings, values, _) throws(ConfigReason) in
            settings.failoverTimeout = try Self.loadTime(values[0], allowZero: false)
        },
        assign: { settings, values, _ in
            guard let value = ConfigSyntax.string2ll(values[0]), value > 0 else { return .invalidArgument(0) }
            settings.failoverTimeout = value
            return nil
        },
        rewrite: { settings, defaults, emit in
            if settings.failoverTimeout != defaults.failoverTimeout { emit("\(settings.failoverTimeout)") }
        },
        reply: .failoverTimeout)

    static let parallelSyncs = PrimaryOption(
        name: "parallel-syncs",
        load: { (settings, values, _) throws(ConfigReason) in
            settings.parallelSyncs = Int(ConfigSyntax.atoi(values[0]))
        },
        assign: { settings, values, _ in
            guard let value = ConfigSyntax.string2ll(values[0]), value > 0 else { return .invalidArgument(0) }
            // Redis's `int parallel_syncs`.
            settings.parallelSyncs = Int(Int32(truncatingIfNeeded: value))
            return nil
        },
        rewrite: { settings, _, emit in
            if settings.parallelSyncs != 1 { emit("\(settings.parallelSyncs)") }
        },
        reply: .parallelSyncs)

    static let notificationScript = Self.script(
        "notification-script", get: { $0.notificationScript }, set: { $0.notificationScript = $1 },
        reply: .notificationScript,
        loadError: "Notification script seems non existing or non executable.",
        setError: .notificationScriptNotExecutable)

    static let clientReconfigScript = Self.script(
        "client-reconfig-script", get: { $0.clientReconfigScript }, set: { $0.clientReconfigScript = $1 },
        reply: .clientReconfigScript,
        loadError: "Client reconfiguration script seems non existing or non executable.",
        setError: .reconfigScriptNotExecutable)

    static let authPass = Self.credential(
        "auth-pass", get: { $0.authPass }, set: { $0.authPass = $1 }, redacted: true)

    static let authUser = Self.credential(
        "auth-user", get: { $0.authUser }, set: { $0.authUser = $1 }, redacted: false)

    static let primaryRebootDownAfterPeriod = PrimaryOption(
        name: "master-reboot-down-after-period",
        aliases: ["primary-reboot-down-after-period"],
        load: { (settings, values, _) throws(ConfigReason) in
            settings.primaryRebootDownAfterPeriod = try Self.loadTime(values[0], allowZero: true)
        },
        assign: { settings, values, _ in
            guard let value = ConfigSyntax.string2ll(values[0]), value >= 0 else { return .invalidArgument(0) }
            settings.primaryRebootDownAfterPeriod = value
            return nil
        },
        rewrite: { settings, _, emit in
            if settings.primaryRebootDownAfterPeriod != 0 { emit("\(settings.primaryRebootDownAfterPeriod)") }
        })

    static let renameCommand = PrimaryOption(
        name: "rename-command",
        valueCount: 2,
        load: { (settings, values, _) throws(ConfigReason) in
            if settings.renamedCommands.contains(where: { ConfigSyntax.equalsIgnoringASCIICase($0.command, values[0]) })
            {
                throw ConfigReason("Same command renamed multiple times with rename-command.")
            }
            settings.renamedCommands.append(RenamedCommand(command: values[0], renamed: values[1]))
        },
        assign: { settings, values, _ in
            let (old, new) = (values[0], values[1])
            if old.isEmpty || new.isEmpty { return .invalidArgument(new.isEmpty ? 1 : 0) }
            // SET replaces an earlier renaming of the command (the config refuses a second one);
            // renaming a command to itself removes the renaming.
            settings.renamedCommands.removeAll { $0.command.caseInsensitiveEquals(old) }
            if !old.caseInsensitiveEquals(new) {
                settings.renamedCommands.append(RenamedCommand(command: old, renamed: new))
            }
            return nil
        },
        rewrite: { settings, _, emit in
            for renamed in settings.renamedCommands {
                emit("\(ConfigSyntax.argument(renamed.command)) \(ConfigSyntax.argument(renamed.renamed))")
            }
        },
        rewrittenLast: true)

    /// Beyond Redis (DESIGN.md "Fencing"): `yes` (the default) or `no`, any case; the config's
    /// error is Redis's for a bool directive, SET's its usual invalid argument. Written only when
    /// `no`; shown in SENTINEL MASTER only when `no`.
    static let fenceIsolatedPrimary = PrimaryOption(
        name: "fence-isolated-master",
        load: { (settings, values, _) throws(ConfigReason) in
            guard let value = ConfigSyntax.yesNo(values[0]) else {
                throw ConfigReason("argument must be 'yes' or 'no'")
            }
            settings.fenceIsolatedPrimary = value
        },
        assign: { settings, values, _ in
            guard let value = ConfigSyntax.yesNo(values[0]) else { return .invalidArgument(0) }
            settings.fenceIsolatedPrimary = value
            return nil
        },
        effect: .retryFence,
        rewrite: { settings, _, emit in
            if !settings.fenceIsolatedPrimary { emit("no") }
        },
        reply: .fenceIsolatedPrimary)

    /// A per-master time in the config: `negative or zero time parameter.` (or `negative time
    /// parameter.` where 0 means off), read as ``ConfigParser/milliseconds(_:)`` explains.
    private static func loadTime(_ text: String, allowZero: Bool) throws(ConfigReason) -> Int64 {
        let value = ConfigParser.milliseconds(text)
        if allowZero && value < 0 { throw ConfigReason("negative time parameter.") }
        if !allowZero && value <= 0 { throw ConfigReason("negative or zero time parameter.") }
        return value
    }

    /// Reads and writes one optional text of the settings (closures: no key path projection, slow
    /// in Swift, on the rewrite's path).
    typealias Getter = @Sendable (PrimarySettings) -> String?
    typealias Setter = @Sendable (inout PrimarySettings, String?) -> Void

    /// A script path: the config refuses a file it cannot execute; SET also refuses any change
    /// under `deny-scripts-reconfig`, and `""` removes the script.
    private static func script(
        _ name: String, get: @escaping Getter, set: @escaping Setter, reply: ReplyField, loadError: String,
        setError: ReplyError
    ) -> PrimaryOption {
        PrimaryOption(
            name: name,
            load: { (settings, values, isExecutable) throws(ConfigReason) in
                if !isExecutable(values[0]) { throw ConfigReason(loadError) }
                set(&settings, values[0])
            },
            assign: { settings, values, context in
                if context.denyScriptsReconfig { return .error(.scriptsReconfigDenied) }
                let path = values[0]
                if !path.isEmpty && !context.isExecutable(path) { return .error(setError) }
                set(&settings, path.isEmpty ? nil : path)
                return nil
            },
            rewrite: { settings, _, emit in
                if let path = get(settings) { emit(ConfigSyntax.argument(path)) }
            },
            reply: reply)
    }

    /// A credential for the master and its replicas: the config keeps the text as written (even
    /// empty); SET's `""` removes it, and the links reconnect with the new one.
    private static func credential(
        _ name: String, get: @escaping Getter, set: @escaping Setter, redacted: Bool
    ) -> PrimaryOption {
        PrimaryOption(
            name: name,
            load: { (settings, values, _) throws(ConfigReason) in set(&settings, values[0]) },
            assign: { settings, values, _ in
                set(&settings, values[0].isEmpty ? nil : values[0])
                return nil
            },
            effect: .reconnect,
            redactedInEvent: redacted,
            rewrite: { settings, _, emit in
                if let value = get(settings) { emit(ConfigSyntax.argument(value)) }
            })
    }
}
