/// Redis 7.0.15's `stringmatchlen_impl` transcribed literally (recursive, `nesting` and
/// `skipLongerMatches`), the oracle for the `glob` target: `GlobPattern` must answer the same.
enum ReferenceGlob {
    static func matches(_ pattern: [UInt8], _ string: [UInt8], nocase: Bool) -> Bool {
        var skip = false
        return self.impl(pattern[...], string[...], nocase, &skip, 0)
    }

    private static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    private static func impl(
        _ pattern: ArraySlice<UInt8>, _ string: ArraySlice<UInt8>, _ nocase: Bool, _ skipLongerMatches: inout Bool,
        _ nesting: Int
    ) -> Bool {
        if nesting > 1000 { return false }
        var p = pattern.startIndex
        var s = string.startIndex
        let pEnd = pattern.endIndex
        let sEnd = string.endIndex
        func pat(_ i: Int) -> UInt8 { i < pEnd ? pattern[i] : 0 }
        var patternLen: Int { pEnd - p }
        var stringLen: Int { sEnd - s }
        while patternLen > 0 && stringLen > 0 {
            switch pat(p) {
            case UInt8(ascii: "*"):
                while patternLen > 0 && pat(p + 1) == UInt8(ascii: "*") { p += 1 }
                if patternLen == 1 { return true }
                while stringLen > 0 {
                    if self.impl(pattern[(p + 1)...], string[s...], nocase, &skipLongerMatches, nesting + 1) {
                        return true
                    }
                    if skipLongerMatches { return false }
                    s += 1
                }
                skipLongerMatches = true
                return false
            case UInt8(ascii: "?"):
                s += 1
            case UInt8(ascii: "["):
                p += 1
                let not = pat(p) == UInt8(ascii: "^")
                if not { p += 1 }
                var match = false
                while true {
                    if pat(p) == UInt8(ascii: "\\") && patternLen >= 2 {
                        p += 1
                        if pat(p) == string[s] { match = true }
                    } else if pat(p) == UInt8(ascii: "]") {
                        break
                    } else if patternLen == 0 {
                        p -= 1
                        break
                    } else if patternLen >= 3 && pat(p + 1) == UInt8(ascii: "-") {
                        var start = Int(Int8(bitPattern: pat(p)))
                        var end = Int(Int8(bitPattern: pat(p + 2)))
                        var c = Int(Int8(bitPattern: string[s]))
                        if start > end { swap(&start, &end) }
                        if nocase {
                            start = Int(Int8(bitPattern: self.lower(UInt8(bitPattern: Int8(start)))))
                            end = Int(Int8(bitPattern: self.lower(UInt8(bitPattern: Int8(end)))))
                            c = Int(Int8(bitPattern: self.lower(UInt8(bitPattern: Int8(c)))))
                        }
                        p += 2
                        if c >= start && c <= end { match = true }
                    } else if nocase ? self.lower(pat(p)) == self.lower(string[s]) : pat(p) == string[s] {
                        match = true
                    }
                    p += 1
                }
                if not { match.toggle() }
                if !match { return false }
                s += 1
            default:
                if pat(p) == UInt8(ascii: "\\") && patternLen >= 2 { p += 1 }
                if nocase ? self.lower(pat(p)) != self.lower(string[s]) : pat(p) != string[s] { return false }
                s += 1
            }
            p += 1
            if stringLen == 0 {
                while pat(p) == UInt8(ascii: "*") { p += 1 }
                break
            }
        }
        return patternLen == 0 && stringLen == 0
    }
}
