/// The redis.conf lexical rules and C number conversions that the config parser and rewriter
/// share (SPEC §3.1, §3.6): `sdssplitlen`, `sdstrim`, `sdssplitargs`, `sdscatrepr`, and the
/// `atoi` / `strtoull` / `string2ll` / `memtoull` / `strtoll` behaviour Redis 7.0 relies on.
enum ConfigSyntax {
    /// `sdssplitlen(text, "\n")`: the pieces between newlines, including a last empty piece after
    /// a final newline; an empty text has no lines at all.
    static func splitLines(_ text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return [] }
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)
        return lines
    }

    /// `sdstrim(line, " \t\r\n")`.
    static func trim(_ line: [UInt8]) -> [UInt8] {
        func isTrimmed(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
        }
        guard let first = line.firstIndex(where: { !isTrimmed($0) }),
            let last = line.lastIndex(where: { !isTrimmed($0) })
        else { return [] }
        return Array(line[first...last])
    }

    /// Bytes as a Swift string (invalid UTF-8 is repaired, as the file is UTF-8 in practice).
    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `sdssplitargs` on a config line (`ArgumentSplitter`): `nil` for unbalanced quotes or a
    /// closing quote not followed by a space.
    static func splitArguments(_ line: [UInt8]) -> [String]? {
        ArgumentSplitter.split(line)
    }

    /// `sdscatrepr`: the value in double quotes with C escapes; bytes outside printable ASCII
    /// become `\xHH`.
    static func quoted(_ value: String) -> String {
        RedisRepr.quoted(value.utf8)
    }

    /// A value as one config argument: as is when `splitArguments` reads it back as exactly that one
    /// argument (every value Redis itself writes: names, IPs, run ids, paths), else `quoted`.
    ///
    /// Redis 7.0 writes the `sentinel` lines with `%s`, so a master name, a password or a peer's
    /// run id with a space or a newline in it comes back as several arguments, or as a new line:
    /// a hello whose run id held `\n user hacker on nopass +@all` became an ACL user after the
    /// restart. Quoting only what would not survive keeps every ordinary file byte-identical to
    /// Redis's and makes every value load again as itself.
    static func argument(_ value: String) -> String {
        let bare =
            !value.isEmpty
            && value.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
            }
        return bare ? value : Self.quoted(value)
    }

    /// `strcasecmp(a, b) == 0` in the C locale: equal bytes, with only ASCII letters folded.
    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        func lower(_ byte: UInt8) -> UInt8 {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
        }
        return a.utf8.elementsEqual(b.utf8) { lower($0) == lower($1) }
    }

    /// The range of the first occurrence of `pattern` in `text` (whole characters), or `nil`.
    static func firstRange(of pattern: String, in text: String) -> Range<String.Index>? {
        guard !pattern.isEmpty else { return nil }
        var start = text.startIndex
        while start < text.endIndex {
            var textIndex = start
            var patternIndex = pattern.startIndex
            while patternIndex < pattern.endIndex, textIndex < text.endIndex, text[textIndex] == pattern[patternIndex] {
                text.formIndex(after: &textIndex)
                pattern.formIndex(after: &patternIndex)
            }
            if patternIndex == pattern.endIndex { return start..<textIndex }
            text.formIndex(after: &start)
        }
        return nil
    }

    /// C `isspace` in the C locale.
    static func isCSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The value of a hex digit (either case).
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: - C number conversions

    /// glibc `strtoll(text, &end, base)` for bases 8, 10 and 16 (0 = auto): leading spaces and a
    /// sign are accepted, overflow saturates. `consumedAll` is false when characters remain.
    static func strtoll(_ text: String, base: Int = 10) -> (value: Int64, consumedAll: Bool, overflow: Bool) {
        let (magnitude, negative, consumedAll, overflow) = Self.parseUnsigned(text, base: base)
        if negative {
            if overflow || magnitude > UInt64(Int64.max) + 1 { return (Int64.min, consumedAll, true) }
            return (magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude), consumedAll, false)
        }
        if overflow || magnitude > UInt64(Int64.max) { return (Int64.max, consumedAll, true) }
        return (Int64(magnitude), consumedAll, false)
    }

    /// glibc `strtoull(text, NULL, 10)`: a negative number wraps around, overflow gives
    /// `UInt64.max`, garbage gives 0.
    static func strtoull(_ text: String) -> UInt64 {
        let (magnitude, negative, _, overflow) = Self.parseUnsigned(text, base: 10)
        if overflow { return UInt64.max }
        return negative ? 0 &- magnitude : magnitude
    }

    /// glibc `atoi`: `(int) strtol(text, NULL, 10)`, so out-of-range values are truncated to
    /// 32 bits.
    static func atoi(_ text: String) -> Int32 {
        Int32(truncatingIfNeeded: Self.strtoll(text).value)
    }

    /// `yesnotoi`: `true` for "yes", `false` for "no" (any case), `nil` otherwise.
    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes": true
        case "no": false
        default: nil
        }
    }

    /// Redis `string2ll`: an optional `-` then decimal digits, no leading zeros, no spaces, no
    /// overflow.
    static func string2ll(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty || bytes.count > 20 { return nil }
        if bytes == [UInt8(ascii: "0")] { return 0 }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude > UInt64(Int64.max) ? nil : Int64(magnitude)
    }

    /// Redis `memtoull`: digits with an optional unit `b k kb m mb g gb` (any case); `nil` on
    /// error. Digits that overflow saturate (glibc `strtoull`), as in Redis.
    static func memtoull(_ text: String) -> UInt64? {
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "-") { return nil }
        let digitsEnd =
            bytes.firstIndex(where: { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) ?? bytes.count
        let unit = Self.string(Array(bytes[digitsEnd...])).lowercased()
        let multiplier: UInt64
        switch unit {
        case "", "b": multiplier = 1
        case "k": multiplier = 1000
        case "kb": multiplier = 1024
        case "m": multiplier = 1000 * 1000
        case "mb": multiplier = 1024 * 1024
        case "g": multiplier = 1000 * 1000 * 1000
        case "gb": multiplier = 1024 * 1024 * 1024
        default: return nil
        }
        if digitsEnd >= 128 { return nil }
        let value = Self.strtoull(Self.string(Array(bytes[..<digitsEnd])))
        if value > UInt64.max / multiplier { return nil }
        return value * multiplier
    }

    /// The digits of `text` after optional C spaces and sign, in `base` (0 = C auto-detection).
    private static func parseUnsigned(
        _ text: String, base: Int
    ) -> (magnitude: UInt64, negative: Bool, consumedAll: Bool, overflow: Bool) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, Self.isCSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var radix = base
        if radix == 0 || radix == 16, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"),
            bytes[index + 1] | 0x20 == UInt8(ascii: "x"), index + 2 < bytes.count,
            Self.hexValue(bytes[index + 2]) != nil
        {
            radix = 16
            index += 2
        } else if radix == 0 {
            radix = index < bytes.count && bytes[index] == UInt8(ascii: "0") ? 8 : 10
        }
        let start = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < bytes.count, let digit = Self.hexValue(bytes[index]), Int(digit) < radix {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { overflow = true }
            magnitude = sum
            index += 1
        }
        if index == start { return (0, false, bytes.isEmpty, false) }
        return (magnitude, negative, index == bytes.count, overflow)
    }
}

/// Redis's `sdscatrepr`, for the config rewrite and for the log lines that quote client bytes
/// (`Closing client that reached max query buffer length`).
public enum RedisRepr {
    /// The bytes in double quotes, with `\\ \" \n \r \t \a \b` escaped and every other byte
    /// outside printable ASCII as `\xHH`.
    public static func quoted(_ bytes: some Sequence<UInt8>) -> String {
        var result = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\""): result += "\\\""
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x07: result += "\\a"
            case 0x08: result += "\\b"
            case 0x20...0x7E: result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result + "\""
    }
}
