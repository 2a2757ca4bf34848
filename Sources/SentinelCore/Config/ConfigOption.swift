/// One standard config of Redis 7.0.15 (the `configs` table of `src/config.c`), which a
/// sentinel's config parser accepts like redis-server does (SPEC §3.4): its type, default,
/// value checks with Redis's exact error texts, and how `CONFIG REWRITE` writes it (SPEC §3.6).
struct ConfigOption: Sendable {
    /// The value types of `config.c`.
    enum Kind: Sendable {
        /// yes/no. `rejectsYes` is the error a `yes` gets (`activedefrag` without defrag support).
        case bool(default: Bool, rejectsYes: String?)
        /// One of named values; `bitflags` enums take several names and OR them.
        case enumeration(values: [(name: String, value: Int64)], default: Int64, bitflags: Bool)
        case numeric(ConfigNumeric)
        /// `emptyIsNull`: `""` unsets the value (EMPTY_STRING_IS_NULL).
        case string(default: String?, emptyIsNull: Bool, check: StringCheck)
        case special(Special)
    }

    /// Validators of string configs (`isValidDBfilename` and friends).
    enum StringCheck: Sendable {
        case none, dbFilename, aofFilename, aofDirname, hostname, procTitleTemplate
    }

    /// Configs with their own set and rewrite functions.
    enum Special: Sendable {
        case dir, save, clientOutputBufferLimit, oomScoreAdjValues, notifyKeyspaceEvents, bind, replicaOf
        case latencyPercentiles
    }

    /// The primary name, as `CONFIG REWRITE` writes it.
    let name: String
    /// The old name also accepted (`slaveof`, `hash-max-ziplist-entries`, ...).
    let alias: String?
    /// The type, with default and checks.
    let kind: Kind

    /// MULTI_ARG_CONFIG: takes any number of arguments (the others take exactly one).
    var isMultiArgument: Bool {
        switch self.kind {
        case .special(let special): special != .dir && special != .notifyKeyspaceEvents
        case .enumeration(_, _, let bitflags): bitflags
        default: false
        }
    }

    /// The value a fresh redis-server starts with.
    var defaultValue: ConfigValue {
        switch self.kind {
        case .bool(let value, _): .bool(value)
        case .enumeration(_, let value, _): .integer(value)
        case .numeric(let numeric): .integer(numeric.defaultValue)
        case .string(let value, _, _): .string(value)
        case .special(let special):
            switch special {
            case .dir: .string(nil)
            case .save: .words(["3600", "1", "300", "100", "60", "10000"])
            case .clientOutputBufferLimit: .limits(ClientBufferLimit.defaults)
            case .oomScoreAdjValues: .words(["0", "200", "800"])
            case .notifyKeyspaceEvents: .integer(0)
            case .bind: .words(["*", "-::*"])
            case .replicaOf: .words([])
            case .latencyPercentiles: .words(["50", "99", "99.9"])
            }
        }
    }
}

/// A current config value, in the form the rewrite needs.
enum ConfigValue: Equatable, Sendable {
    case bool(Bool)
    /// Numbers (as C `long long`) and enum values.
    case integer(Int64)
    /// `nil` = NULL (unset).
    case string(String?)
    /// Lists: bind addresses, save pairs, `replicaof` host and port, percentiles, oom values.
    case words([String])
    case limits([ClientBufferLimit])
}

/// `client-output-buffer-limit` for one client class.
struct ClientBufferLimit: Equatable, Sendable {
    /// Hard limit in bytes.
    var hard: Int64
    /// Soft limit in bytes.
    var soft: Int64
    /// How long the soft limit may be exceeded, in seconds.
    var seconds: Int64

    /// normal, replica, pubsub.
    static let defaults = [
        ClientBufferLimit(hard: 0, soft: 0, seconds: 0),
        ClientBufferLimit(hard: 256 << 20, soft: 64 << 20, seconds: 60),
        ClientBufferLimit(hard: 32 << 20, soft: 8 << 20, seconds: 60),
    ]
}

/// A numeric config: bounds, default and the MEMORY / PERCENT / OCTAL flags.
struct ConfigNumeric: Sendable {
    /// Lower bound (for unsigned types a bit pattern, like `upper`).
    var lower: Int64
    /// Upper bound; for unsigned types a bit pattern (`-1` = `ULLONG_MAX`).
    var upper: Int64
    /// The value of a fresh redis-server.
    var defaultValue: Int64
    /// Bounds are compared as unsigned (`unsigned int`, `size_t`, `unsigned long long` configs).
    var isUnsigned = false
    /// MEMORY_CONFIG: `1gb`-style values, written back with units.
    var isMemory = false
    /// PERCENT_CONFIG: `10%`, stored as a negative number.
    var isPercent = false
    /// OCTAL_CONFIG: parsed and written in base 8.
    var isOctal = false
}

/// A config value check failure, with Redis's message.
struct ConfigReason: Error, Equatable {
    /// The message Redis prints under the line.
    var text: String

    /// A failure with Redis's message.
    init(_ text: String) { self.text = text }
}

extension ConfigOption {
    /// The config's `set` function: the new value from the directive's arguments, or Redis's
    /// error text (SPEC §3.4).
    func apply(_ arguments: [String], current: ConfigValue) throws(ConfigReason) -> ConfigValue {
        switch self.kind {
        case .bool(_, let rejectsYes):
            guard let value = ConfigSyntax.yesNo(arguments[0]) else {
                throw ConfigReason("argument must be 'yes' or 'no'")
            }
            if value, let rejectsYes { throw ConfigReason(rejectsYes) }
            return .bool(value)
        case .enumeration(let values, _, let bitflags):
            return .integer(try Self.enumValue(arguments, values: values, bitflags: bitflags, name: self.name))
        case .numeric(let numeric):
            return .integer(try numeric.parse(arguments[0]))
        case .string(_, let emptyIsNull, let check):
            try Self.check(arguments[0], check)
            return .string(emptyIsNull && arguments[0].isEmpty ? nil : arguments[0])
        case .special(let special):
            return try Self.applySpecial(special, arguments, current: current)
        }
    }

    private static func enumValue(
        _ arguments: [String], values: [(name: String, value: Int64)], bitflags: Bool, name: String
    ) throws(ConfigReason) -> Int64 {
        var result: Int64 = 0
        var matchedAll = !arguments.isEmpty && (bitflags || arguments.count == 1)
        for argument in arguments where matchedAll {
            let matches = values.filter { ConfigSyntax.equalsIgnoringASCIICase($0.name, argument) }
            if matches.isEmpty { matchedAll = false }
            for match in matches { result |= match.value }
        }
        guard matchedAll else {
            // `nothing` (accepted so that a level set at run time survives a rewrite) is not a
            // 7.0 level, so the message lists the four 7.0 names.
            let listed = values.map(\.name).filter { name != "loglevel" || $0 != "nothing" }
            throw ConfigReason("argument(s) must be one of the following: " + listed.joined(separator: ", "))
        }
        if name.hasPrefix("shutdown-on-sig"), result & 1 != 0, result & 2 != 0 {
            throw ConfigReason("shutdown options SAVE and NOSAVE can't be used simultaneously")
        }
        return result
    }

    private static func check(_ value: String, _ check: StringCheck) throws(ConfigReason) {
        switch check {
        case .none:
            return
        case .dbFilename:
            if value.contains("/") { throw ConfigReason("dbfilename can't be a path, just a filename") }
        case .aofFilename:
            if value.isEmpty { throw ConfigReason("appendfilename can't be empty") }
            if value.contains("/") { throw ConfigReason("appendfilename can't be a path, just a filename") }
        case .aofDirname:
            if value.isEmpty { throw ConfigReason("appenddirname can't be empty") }
            if value.contains("/") { throw ConfigReason("appenddirname can't be a path, just a dirname") }
        case .hostname:
            if value.utf8.count >= 256 { throw ConfigReason("Hostnames must be less than 256 characters") }
            let allowed = value.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }
            if !allowed { throw ConfigReason("Hostnames may only contain alphanumeric characters, hyphens or dots") }
        case .procTitleTemplate:
            if !Self.isValidProcTitleTemplate(value) {
                throw ConfigReason("template format is invalid or contains unknown variables")
            }
        }
    }

    /// `validateProcTitleTemplate`: `{variable}` names must be known and braces balanced.
    private static func isValidProcTitleTemplate(_ template: String) -> Bool {
        let variables: Set = ["title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file"]
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else { return false }
            let name = rest[rest.index(after: open)..<close]
            guard variables.contains(String(name)) else { return false }
            rest = rest[rest.index(after: close)...]
        }
        return !template.isEmpty
    }
}

extension ConfigNumeric {
    /// `numericParseString` then `numericBoundaryCheck` (config.c).
    func parse(_ text: String) throws(ConfigReason) -> Int64 {
        var parsed: Int64?
        if self.isMemory, let bytes = ConfigSyntax.memtoull(text) {
            parsed = Int64(bitPattern: bytes)
        }
        if parsed == nil, self.isPercent, text.utf8.count > 1, text.hasSuffix("%"),
            let percent = ConfigSyntax.string2ll(String(text.dropLast())), percent >= 0
        {
            parsed = -percent
        }
        if parsed == nil, self.isOctal {
            let (value, consumedAll, overflow) = ConfigSyntax.strtoll(text, base: 8)
            if consumedAll, !overflow { parsed = value }
        }
        if parsed == nil, !self.isMemory, !self.isPercent, !self.isOctal {
            parsed = ConfigSyntax.string2ll(text)
        }
        guard let value = parsed else {
            if self.isMemory, self.isPercent { throw ConfigReason("argument must be a memory or percent value") }
            if self.isMemory { throw ConfigReason("argument must be a memory value") }
            if self.isOctal { throw ConfigReason("argument couldn't be parsed as an octal number") }
            throw ConfigReason("argument couldn't be parsed into an integer")
        }
        if self.isUnsigned {
            let unsigned = UInt64(bitPattern: value)
            let (lower, upper) = (UInt64(bitPattern: self.lower), UInt64(bitPattern: self.upper))
            if unsigned > upper || unsigned < lower {
                let (low, high) =
                    self.isOctal
                    ? (String(lower, radix: 8), String(upper, radix: 8)) : (String(lower), String(upper))
                throw ConfigReason("argument must be between \(low) and \(high) inclusive")
            }
        } else if self.isPercent, value < 0 {
            if value < self.lower {
                throw ConfigReason("percentage argument must be less or equal to \(-self.lower)")
            }
        } else if value > self.upper || value < self.lower {
            throw ConfigReason("argument must be between \(self.lower) and \(self.upper) inclusive")
        }
        return value
    }
}
