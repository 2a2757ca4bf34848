/// Redis's `stringmatchlen` glob: `*`, `?`, `[...]` with ranges and `^`, and `\` escapes.
enum GlobPattern {
    static func matches(_ pattern: String, _ string: String, caseInsensitive: Bool) -> Bool {
        let p = Array((caseInsensitive ? pattern.lowercased() : pattern).utf8)
        let s = Array((caseInsensitive ? string.lowercased() : string).utf8)
        return self.match(p[...], s[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ string: ArraySlice<UInt8>) -> Bool {
        var p = pattern
        var s = string
        while let c = p.first {
            switch c {
            case UInt8(ascii: "*"):
                while p.first == UInt8(ascii: "*") { p = p.dropFirst() }
                if p.isEmpty { return true }
                var rest = s
                while true {
                    if self.match(p, rest) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard !s.isEmpty else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            case UInt8(ascii: "["):
                guard let ch = s.first else { return false }
                p = p.dropFirst()
                let negate = p.first == UInt8(ascii: "^")
                if negate { p = p.dropFirst() }
                var matched = false
                while let pc = p.first, pc != UInt8(ascii: "]") {
                    if pc == UInt8(ascii: "\\"), p.count >= 2 {
                        p = p.dropFirst()
                        if p.first == ch { matched = true }
                        p = p.dropFirst()
                    } else if p.count >= 3, p[p.startIndex + 1] == UInt8(ascii: "-") {
                        var lo = pc
                        var hi = p[p.startIndex + 2]
                        if lo > hi { swap(&lo, &hi) }
                        if ch >= lo && ch <= hi { matched = true }
                        p = p.dropFirst(3)
                    } else {
                        if pc == ch { matched = true }
                        p = p.dropFirst()
                    }
                }
                if !p.isEmpty { p = p.dropFirst() }  // the closing ']'
                if negate { matched.toggle() }
                guard matched else { return false }
                s = s.dropFirst()
            case UInt8(ascii: "\\") where p.count >= 2:
                p = p.dropFirst()
                guard s.first == p.first else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            default:
                guard s.first == c else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            }
        }
        return s.isEmpty
    }
}

/// The glob matcher for the runtime (PSUBSCRIBE patterns), case-sensitive like Redis's.
public enum SentinelGlob {
    public static func matches(_ pattern: String, _ string: String) -> Bool {
        GlobPattern.matches(pattern, string, caseInsensitive: false)
    }
}
