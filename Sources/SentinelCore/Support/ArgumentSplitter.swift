/// Redis's `sdssplitargs`, the one splitter of both the config file (`ConfigSyntax
/// .splitArguments`, SPEC §3.1) and inline commands on the query port (`nc`/telnet users, SPEC
/// §13.1), as in Redis, where both call it.
///
/// Arguments are separated by blanks. `"double quotes"` understand `\n \r \t \b \a \\ \"` and
/// `\xHH`; `'single quotes'` understand `\'`. A closing quote must be followed by a blank or the end
/// of the line. As in C, the line ends at its first NUL byte.
public enum ArgumentSplitter {
    /// The arguments of one line (without its `\n`), or `nil` for unbalanced quotes
    /// (`Protocol error: unbalanced quotes in request`). A blank line gives `[]`.
    public static func split(_ line: UnsafeRawBufferPointer) -> [String]? {
        var end = line.count
        if let nul = line.firstIndex(of: 0) {
            end = nul
        }
        // Reads like C's `*p`: 0 at and past the end.
        @inline(__always) func at(_ index: Int) -> UInt8 {
            index < end ? line[index] : 0
        }

        var arguments: [String] = []
        var current: [UInt8] = []
        var p = 0
        while true {
            while at(p) != 0 && ConfigSyntax.isCSpace(at(p)) {
                p += 1
            }
            guard at(p) != 0 else { return arguments }

            var inDoubleQuotes = false
            var inSingleQuotes = false
            var done = false
            current.removeAll(keepingCapacity: true)
            while !done {
                let byte = at(p)
                if inDoubleQuotes {
                    if byte == UInt8(ascii: "\\"), at(p + 1) == UInt8(ascii: "x"),
                        let high = ConfigSyntax.hexValue(at(p + 2)), let low = ConfigSyntax.hexValue(at(p + 3))
                    {
                        current.append(high << 4 | low)
                        p += 3
                    } else if byte == UInt8(ascii: "\\"), at(p + 1) != 0 {
                        p += 1
                        switch at(p) {
                        case UInt8(ascii: "n"): current.append(UInt8(ascii: "\n"))
                        case UInt8(ascii: "r"): current.append(UInt8(ascii: "\r"))
                        case UInt8(ascii: "t"): current.append(UInt8(ascii: "\t"))
                        case UInt8(ascii: "b"): current.append(0x08)
                        case UInt8(ascii: "a"): current.append(0x07)
                        default: current.append(at(p))
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        // The closing quote must be followed by a space or nothing at all.
                        if at(p + 1) != 0 && !ConfigSyntax.isCSpace(at(p + 1)) { return nil }
                        done = true
                    } else if byte == 0 {
                        return nil  // unterminated quotes
                    } else {
                        current.append(byte)
                    }
                } else if inSingleQuotes {
                    if byte == UInt8(ascii: "\\"), at(p + 1) == UInt8(ascii: "'") {
                        p += 1
                        current.append(UInt8(ascii: "'"))
                    } else if byte == UInt8(ascii: "'") {
                        if at(p + 1) != 0 && !ConfigSyntax.isCSpace(at(p + 1)) { return nil }
                        done = true
                    } else if byte == 0 {
                        return nil
                    } else {
                        current.append(byte)
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0:
                        done = true
                    case UInt8(ascii: "\""):
                        inDoubleQuotes = true
                    case UInt8(ascii: "'"):
                        inSingleQuotes = true
                    default:
                        current.append(byte)
                    }
                }
                if at(p) != 0 {
                    p += 1
                }
            }
            arguments.append(String(decoding: current, as: UTF8.self))
        }
    }

    /// The same, for a line held as bytes.
    public static func split(_ line: some Collection<UInt8>) -> [String]? {
        Array(line).withUnsafeBytes { Self.split($0) }
    }
}
