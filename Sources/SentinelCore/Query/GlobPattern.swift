/// Redis's glob matcher, `stringmatchlen` of `util.c` as of 7.0.9 (CVE-2022-36021): `*`, `?`,
/// `[...]` with `^`, ranges and `\` escapes, and `\` escapes outside classes.
///
/// Redis's version is recursive with two limits: a `*` recursion deeper than 1000 fails
/// (`nesting`), and once the rest of the pattern after a `*` has failed at every suffix of the
/// string, the whole match fails (`skipLongerMatches`). Together they mean only the innermost `*`
/// ever retries: an outer `*` is never resumed. So this is the same algorithm as a loop with one
/// backtrack point, which gives the same answers (quirks included) without recursion or
/// allocation, in at most `(pattern.count + 1) * (string.count + 1)` steps. One more shortcut:
/// every token but `*` consumes exactly one byte, so after the last `*` group of the pattern only
/// one position of the string can match (the one leaving as many bytes as there are tokens left);
/// the matcher tries that one instead of every position. What stays quadratic is Redis's worst
/// case too: a long `*`-free segment *between* two `*`s retried at every position.
///
/// The quirks kept from Redis (the table in `GlobPatternTests` was checked against redis-server
/// 7.0.15's `KEYS`):
/// - An empty string matches only the empty pattern, not even `*` (`KEYS *` short-cuts the
///   matcher; PSUBSCRIBE `*` gets no message for the channel `""` on Redis either).
/// - An unterminated class ends at the end of the pattern; `[` alone as the last byte matches
///   nothing, `[^` matches any byte.
/// - In a class, `x-y` is a range whatever `y` is (`[a-]` is the range `]`...`a`), bounds are
///   swapped when reversed, and bytes compare as C's signed `char` (x86-64): bytes ≥ 0x80 sort
///   below ASCII.
/// - `\` escapes in a class compare case-sensitively, even with `nocase`; a trailing `\` is a
///   literal backslash.
/// - Case folding is ASCII only (the C locale's `tolower`).
enum GlobPattern {
    /// The `nesting` limit of Redis: the 1001st `*` group of a pattern never matches unless it ends
    /// the pattern.
    static let maximumNesting = 1000

    static func matches(_ pattern: String, _ string: String, caseInsensitive: Bool) -> Bool {
        self.match(pattern, string, caseInsensitive: caseInsensitive).matched
    }

    /// The answer and the number of pattern/string steps taken (for the complexity tests).
    static func match(_ pattern: String, _ string: String, caseInsensitive: Bool) -> (matched: Bool, steps: Int) {
        var pattern = pattern
        var string = string
        return pattern.withUTF8 { p in
            string.withUTF8 { s in self.match(p, s, caseInsensitive: caseInsensitive) }
        }
    }

    static func matches(
        _ pattern: UnsafeBufferPointer<UInt8>, _ string: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool
    )
        -> Bool
    {
        self.match(pattern, string, caseInsensitive: caseInsensitive).matched
    }

    // The loop is `stringmatchlen_impl`'s body; `backtrack` is the innermost `*` frame (pattern
    // index after the `*`, string index of its current attempt) and `nesting` its depth.
    static func match(_ p: UnsafeBufferPointer<UInt8>, _ s: UnsafeBufferPointer<UInt8>, caseInsensitive nocase: Bool)
        -> (matched: Bool, steps: Int)
    {
        let star = UInt8(ascii: "*")
        let backslash = UInt8(ascii: "\\")
        // Past the end reads as Redis's NUL terminator.
        @inline(__always) func at(_ i: Int) -> UInt8 { i < p.count ? p[i] : 0 }
        @inline(__always) func fold(_ c: UInt8) -> UInt8 {
            nocase && c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
        }

        let count = p.count
        var tail: (start: Int, tokens: Int)? = nil  // found when the first `*` is reached
        var tailFound = false
        var pi = 0
        var si = 0
        var backtrack: (p: Int, s: Int)? = nil
        var nesting = 0
        var steps = 0

        attempt: while true {
            // One call of stringmatchlen_impl from (pi, si); `break` out of `step` means no match.
            step: while pi < p.count && si < s.count {
                steps += 1
                switch p[pi] {
                case star:
                    while pi < p.count && at(pi + 1) == star { pi += 1 }
                    if pi == p.count - 1 { return (true, steps) }
                    // Every recursion of this `*` would start at nesting + 1 > 1000 and fail, and
                    // then the string runs out: skipLongerMatches.
                    guard nesting < Self.maximumNesting else { return (false, steps) }
                    nesting += 1
                    pi += 1
                    if !tailFound {
                        tail = self.lastStarTail(p)
                        tailFound = true
                    }
                    if let tail, pi == tail.start {
                        // Only the position leaving `tail.tokens` bytes can match; the attempts
                        // before it fail without side effects, those after it run out of string.
                        let only = s.count - tail.tokens
                        guard only >= si else { return (false, steps) }
                        si = only
                        backtrack = (pi, s.count)  // no retry
                    } else {
                        backtrack = (pi, si)
                    }
                    continue step
                case UInt8(ascii: "?"):
                    si += 1
                case UInt8(ascii: "["):
                    let c = s[si]
                    pi += 1
                    let not = at(pi) == UInt8(ascii: "^")
                    if not { pi += 1 }
                    var matched = false
                    while true {
                        steps += 1
                        let pc = pi < count ? p[pi] : 0
                        if pc == backslash && count - pi >= 2 {
                            pi += 1
                            if p[pi] == c { matched = true }
                        } else if pc == UInt8(ascii: "]") {
                            break
                        } else if pi >= count {
                            pi -= 1
                            break
                        } else if count - pi >= 3 && p[pi + 1] == UInt8(ascii: "-") {
                            // C's `int start = pattern[0]` with a signed char, then tolower.
                            var start = Int8(bitPattern: pc)
                            var end = Int8(bitPattern: p[pi + 2])
                            if start > end { swap(&start, &end) }
                            if nocase {
                                start = Int8(bitPattern: fold(UInt8(bitPattern: start)))
                                end = Int8(bitPattern: fold(UInt8(bitPattern: end)))
                            }
                            let value = Int8(bitPattern: fold(c))
                            pi += 2
                            if value >= start && value <= end { matched = true }
                        } else if pc == c || (nocase && fold(pc) == fold(c)) {
                            matched = true
                        }
                        pi += 1
                    }
                    if not { matched.toggle() }
                    guard matched else { break step }
                    si += 1
                case backslash:
                    if p.count - pi >= 2 { pi += 1 }
                    guard fold(p[pi]) == fold(s[si]) else { break step }
                    si += 1
                default:
                    guard fold(p[pi]) == fold(s[si]) else { break step }
                    si += 1
                }
                pi += 1
                if si == s.count {
                    while at(pi) == star { pi += 1 }
                    break step
                }
            }
            if pi >= p.count && si == s.count { return (true, steps) }
            // No match from here: the innermost `*` tries one byte further, and when the string
            // has run out for it the whole match fails (skipLongerMatches).
            guard let frame = backtrack, frame.s + 1 < s.count else { return (false, steps) }
            steps += 1
            backtrack = (frame.p, frame.s + 1)
            pi = frame.p
            si = frame.s + 1
        }
    }

    /// Where the pattern after its last `*` group starts, and how many one-byte tokens follow it;
    /// nil when the pattern has no `*` or ends with one. Tokens are cut exactly as the matcher
    /// cuts them (`\x`, a class up to its `]` or the end of the pattern, any other byte).
    static func lastStarTail(_ p: UnsafeBufferPointer<UInt8>) -> (start: Int, tokens: Int)? {
        @inline(__always) func at(_ i: Int) -> UInt8 { i < p.count ? p[i] : 0 }
        var tail: (start: Int, tokens: Int)? = nil
        var pi = 0
        while pi < p.count {
            switch p[pi] {
            case UInt8(ascii: "*"):
                while pi < p.count && at(pi + 1) == UInt8(ascii: "*") { pi += 1 }
                if pi == p.count - 1 { return nil }
                tail = (pi + 1, 0)
                pi += 1
                continue
            case UInt8(ascii: "["):
                pi += 1
                if at(pi) == UInt8(ascii: "^") { pi += 1 }
                while true {
                    let pc = at(pi)
                    if pc == UInt8(ascii: "\\") && p.count - pi >= 2 {
                        pi += 1
                    } else if pc == UInt8(ascii: "]") {
                        break
                    } else if pi >= p.count {
                        pi -= 1
                        break
                    } else if p.count - pi >= 3 && p[pi + 1] == UInt8(ascii: "-") {
                        pi += 2
                    }
                    pi += 1
                }
            case UInt8(ascii: "\\"):
                if p.count - pi >= 2 { pi += 1 }
            default:
                break
            }
            pi += 1
            tail?.tokens += 1
        }
        return tail
    }
}

/// The glob matcher for the runtime (PSUBSCRIBE patterns), case-sensitive like Redis's.
public enum SentinelGlob {
    public static func matches(_ pattern: String, _ string: String) -> Bool {
        GlobPattern.matches(pattern, string, caseInsensitive: false)
    }

    /// Raw bytes, optionally ASCII case-insensitive (`nocase`), for the fuzzers.
    public static func matches(
        _ pattern: UnsafeBufferPointer<UInt8>, _ string: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool
    ) -> Bool {
        GlobPattern.matches(pattern, string, caseInsensitive: caseInsensitive)
    }
}
