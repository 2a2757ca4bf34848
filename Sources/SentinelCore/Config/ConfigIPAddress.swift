/// Literal IP addresses as Redis resolves them with `ANET_IP_ONLY` (SPEC §3.2,
/// `resolve-hostnames no`): glibc `getaddrinfo(AI_NUMERICHOST)` then `inet_ntop`. IPv4 accepts
/// the `inet_aton` forms (`127.1`, `0x7f.1`, octal `017.1`); IPv6 is printed in glibc's
/// canonical form (`0:0:0:0:0:0:0:1` becomes `::1`).
enum ConfigIPAddress {
    /// The canonical text of a literal IPv4 or IPv6 address, or `nil` if `text` is not one.
    static func normalized(_ text: String) -> String? {
        if let v4 = Self.parseIPv4Loose(text) {
            return Self.format(ipv4: v4)
        }
        if let v6 = Self.parseIPv6(text) {
            return Self.format(ipv6: v6)
        }
        return nil
    }

    /// `inet_aton`: 1 to 4 parts separated by dots, each decimal, octal (leading 0) or hex (0x);
    /// the last part fills the remaining bytes.
    static func parseIPv4Loose(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = Self.parseCNumber(String(part)) else { return nil }
            values.append(value)
        }
        let last = values[values.count - 1]
        let leading = values.dropLast()
        guard leading.allSatisfy({ $0 <= 255 }) else { return nil }
        let lastLimit: UInt64 = [0xFFFF_FFFF, 0xFF_FFFF, 0xFFFF, 0xFF][values.count - 1]
        guard last <= lastLimit else { return nil }
        var address: UInt64 = 0
        for (index, value) in leading.enumerated() {
            address |= value << (24 - 8 * UInt64(index))
        }
        return UInt32(address | last)
    }

    /// One `inet_aton` part: `0x` hex (at least one digit), `0` octal, or decimal.
    private static func parseCNumber(_ text: String) -> UInt64? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
        var radix: UInt64 = 10
        var digits = bytes[...]
        if first == UInt8(ascii: "0"), bytes.count > 1 {
            if bytes[1] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                digits = bytes[2...]
                if digits.isEmpty { return nil }
            } else {
                radix = 8
                digits = bytes[1...]
            }
        }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            value = value * radix + digit
            if value > 0xFFFF_FFFF { return nil }
        }
        return value
    }

    /// `inet_pton(AF_INET)`: exactly 4 decimal parts 0–255 without leading zeros.
    private static func parseIPv4Strict(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                !(part.count > 1 && part.first == "0"), let value = UInt16(part), value <= 255
            else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// `inet_pton(AF_INET6)`, with an optional `%zone` suffix as `getaddrinfo` accepts it.
    static func parseIPv6(_ text: String) -> [UInt16]? {
        var address = Substring(text)
        if let percent = address.firstIndex(of: "%") {
            guard address.index(after: percent) < address.endIndex else { return nil }
            address = address[..<percent]
        }
        guard address.contains(":") else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        let halves = Self.split(address, on: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if index == fields.count - 1, allowIPv4, field.contains(".") {
                    guard let v4 = Self.parseIPv4Strict(field) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(field.count), let value = UInt16(field, radix: 16),
                    field.allSatisfy({ $0.isHexDigit })
                else { return nil }
                result.append(value)
            }
            return result
        }
        if halves.count == 2 {
            guard let first = groups(halves[0], allowIPv4: false), let second = groups(halves[1], allowIPv4: true),
                first.count + second.count <= 7
            else { return nil }
            head = first
            tail = second
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard let all = groups(halves[0], allowIPv4: true), all.count == 8 else { return nil }
        return all
    }

    /// `text` cut at each non-overlapping occurrence of `separator`, searched left to right
    /// (`components(separatedBy:)`): `":::"` split on `"::"` is `["", ":"]`.
    private static func split(_ text: Substring, on separator: String) -> [String] {
        let characters = Array(text)
        let pattern = Array(separator)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + pattern.count <= characters.count {
            if characters[index..<index + pattern.count].elementsEqual(pattern) {
                parts.append(String(characters[start..<index]))
                index += pattern.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(characters[start...]))
        return parts
    }

    /// Dotted decimal, as `inet_ntop(AF_INET)` prints it.
    static func format(ipv4 address: UInt32) -> String {
        "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)"
    }

    /// glibc `inet_ntop(AF_INET6)`: the first longest run of at least two zero groups becomes
    /// `::`; IPv4-compatible and IPv4-mapped addresses end in dotted decimal.
    static func format(ipv6 words: [UInt16]) -> String {
        var bestBase = -1
        var bestLength = 0
        var currentBase = -1
        var currentLength = 0
        for (index, word) in words.enumerated() {
            if word == 0 {
                if currentBase == -1 {
                    currentBase = index
                    currentLength = 1
                } else {
                    currentLength += 1
                }
            } else if currentBase != -1 {
                if bestBase == -1 || currentLength > bestLength {
                    (bestBase, bestLength) = (currentBase, currentLength)
                }
                currentBase = -1
            }
        }
        if currentBase != -1, bestBase == -1 || currentLength > bestLength {
            (bestBase, bestLength) = (currentBase, currentLength)
        }
        if bestBase != -1, bestLength < 2 { bestBase = -1 }
        var text = ""
        var index = 0
        while index < 8 {
            if bestBase != -1, index >= bestBase, index < bestBase + bestLength {
                if index == bestBase { text += ":" }
                index += 1
                continue
            }
            if index != 0 { text += ":" }
            if index == 6, bestBase == 0, bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF) {
                text += "\(words[6] >> 8).\(words[6] & 0xFF).\(words[7] >> 8).\(words[7] & 0xFF)"
                break
            }
            text += String(words[index], radix: 16)
            index += 1
        }
        if bestBase != -1, bestBase + bestLength == 8 { text += ":" }
        return text
    }
}
