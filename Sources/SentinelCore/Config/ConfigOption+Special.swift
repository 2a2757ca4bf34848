#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The set functions of the special configs of Redis 7.0.15 (`setConfigSaveOption`,
/// `setConfigBindOption`, ...), SPEC §3.4.
extension ConfigOption {
    /// The new value of a special config from its arguments, or Redis's error text.
    static func applySpecial(
        _ special: Special, _ arguments: [String], current: ConfigValue
    ) throws(ConfigReason) -> ConfigValue {
        switch special {
        case .dir:
            return .string(arguments[0])
        case .save:
            return .words(try Self.saveParameters(arguments))
        case .clientOutputBufferLimit:
            guard case .limits(let limits) = current else { return current }
            return .limits(try Self.bufferLimits(arguments, current: limits))
        case .oomScoreAdjValues:
            guard arguments.count == 3 else { throw ConfigReason("wrong number of arguments") }
            var values: [String] = []
            for argument in arguments {
                let (value, consumedAll, _) = ConfigSyntax.strtoll(argument)
                guard consumedAll, (-2000...2000).contains(value) else {
                    throw ConfigReason("Invalid oom-score-adj-values, elements must be between -2000 and 2000.")
                }
                values.append(String(value))
            }
            return .words(values)
        case .notifyKeyspaceEvents:
            guard let flags = KeyspaceEvents.flags(arguments[0]) else {
                throw ConfigReason("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            }
            return .integer(flags)
        case .bind:
            if arguments.count > 16 { throw ConfigReason("Too many bind addresses specified.") }
            if arguments.count == 1, arguments[0].isEmpty { return .words([]) }
            return .words(arguments)
        case .replicaOf:
            guard arguments.count == 2 else { throw ConfigReason("wrong number of arguments") }
            if arguments[0].lowercased() == "no", arguments[1].lowercased() == "one" { return .words([]) }
            let (port, consumedAll, _) = ConfigSyntax.strtoll(arguments[1])
            guard consumedAll, (0...65535).contains(port) else { throw ConfigReason("Invalid master port") }
            return .words([arguments[0], String(port)])
        case .latencyPercentiles:
            if arguments.count == 1, arguments[0].isEmpty { return .words([]) }
            var values: [String] = []
            for argument in arguments {
                guard let value = Self.string2d(argument) else {
                    throw ConfigReason("Invalid latency-tracking-info-percentiles parameters")
                }
                guard (0.0...100.0).contains(value) else {
                    throw ConfigReason("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
                }
                values.append(Self.trimmedDouble(value))
            }
            return .words(values)
        }
    }

    /// `save <seconds> <changes> ...`; `save ""` clears.
    private static func saveParameters(_ arguments: [String]) throws(ConfigReason) -> [String] {
        var arguments = arguments
        if arguments.count == 1, arguments[0].isEmpty { arguments = [] }
        guard arguments.count % 2 == 0 else { throw ConfigReason("Invalid save parameters") }
        var values: [String] = []
        for (index, argument) in arguments.enumerated() {
            let (value, consumedAll, _) = ConfigSyntax.strtoll(argument)
            guard consumedAll, index % 2 == 0 ? value >= 1 : value >= 0 else {
                throw ConfigReason("Invalid save parameters")
            }
            values.append(String(value))
        }
        return values
    }

    /// `updateClientOutputBufferLimit`: groups of `<class> <hard> <soft> <seconds>`, all or nothing.
    private static func bufferLimits(
        _ arguments: [String], current: [ClientBufferLimit]
    ) throws(ConfigReason) -> [ClientBufferLimit] {
        guard arguments.count % 4 == 0 else {
            throw ConfigReason("Wrong number of arguments in buffer limit configuration.")
        }
        var limits = current
        var index = 0
        while index < arguments.count {
            let classIndex: Int
            switch arguments[index].lowercased() {
            case "normal": classIndex = 0
            case "slave", "replica": classIndex = 1
            case "pubsub": classIndex = 2
            default: throw ConfigReason("Invalid client class specified in buffer limit configuration.")
            }
            let seconds = ConfigSyntax.strtoll(arguments[index + 3])
            guard let hard = ConfigSyntax.memtoull(arguments[index + 1]),
                let soft = ConfigSyntax.memtoull(arguments[index + 2]), seconds.consumedAll, seconds.value >= 0
            else {
                throw ConfigReason("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
            }
            limits[classIndex] = ClientBufferLimit(
                hard: Int64(bitPattern: hard), soft: Int64(bitPattern: soft),
                seconds: Int64(Int32(truncatingIfNeeded: seconds.value)))
            index += 4
        }
        return limits
    }

    /// Redis `string2d`: a whole-string `strtod` that is not NaN.
    private static func string2d(_ text: String) -> Double? {
        guard let first = text.utf8.first, !ConfigSyntax.isCSpace(first) else { return nil }
        guard let value = Double(text), !value.isNaN else { return nil }
        return value
    }

    /// `sprintf("%f")` with trailing zeros and a trailing dot removed (`trimDoubleString`).
    static func trimmedDouble(_ value: Double) -> String {
        var text = Self.printfF(value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// C `sprintf("%f", value)` (6 decimals, C locale), through libc's `vsnprintf`: it takes a
    /// `va_list`, so Swift can call it.
    static func printfF(_ value: Double) -> String {
        // The longest `%f` of a Double: sign, 309 integer digits, dot, 6 decimals.
        var buffer = [CChar](repeating: 0, count: 400)
        while true {
            let capacity = buffer.count
            let length = buffer.withUnsafeMutableBufferPointer { pointer in
                withVaList([value]) { vsnprintf(pointer.baseAddress, capacity, "%f", $0) }
            }
            if length < 0 { return "" }
            if Int(length) < capacity {
                return String(decoding: buffer[..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
        }
    }
}

/// `notify-keyspace-events` flags (`keyspaceEventsStringToFlags` / `...FlagsToString`).
enum KeyspaceEvents {
    /// `K`: keyspace events.
    static let keyspace: Int64 = 1 << 0
    /// `E`: keyevent events.
    static let keyevent: Int64 = 1 << 1
    /// `m`: key misses (not part of `A`).
    static let keyMiss: Int64 = 1 << 11
    /// `g $ l s h z x e t d n` in output order (`A` is the first ten without `n`).
    private static let classes: [(Character, Int64)] = [
        ("g", 1 << 2), ("$", 1 << 3), ("l", 1 << 4), ("s", 1 << 5), ("h", 1 << 6), ("z", 1 << 7),
        ("x", 1 << 8), ("e", 1 << 9), ("t", 1 << 10), ("d", 1 << 13), ("n", 1 << 14),
    ]
    private static let all: Int64 =
        (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8)
        | (1 << 9) | (1 << 10) | (1 << 13)

    /// `keyspaceEventsStringToFlags`; `nil` for an unknown character.
    static func flags(_ text: String) -> Int64? {
        var flags: Int64 = 0
        for character in text {
            switch character {
            case "A": flags |= Self.all
            case "K": flags |= Self.keyspace
            case "E": flags |= Self.keyevent
            case "m": flags |= Self.keyMiss
            default:
                guard let match = Self.classes.first(where: { $0.0 == character }) else { return nil }
                flags |= match.1
            }
        }
        return flags
    }

    /// `keyspaceEventsFlagsToString`: the canonical spelling (`Kgx` becomes `gxK`).
    static func string(_ flags: Int64) -> String {
        var text = ""
        if flags & Self.all == Self.all {
            text = "A"
        } else {
            for (character, bit) in Self.classes where flags & bit != 0 { text.append(character) }
        }
        if flags & Self.keyspace != 0 { text += "K" }
        if flags & Self.keyevent != 0 { text += "E" }
        if flags & Self.keyMiss != 0 { text += "m" }
        return text
    }
}
