/// One RESP value: what the links decode from Redis and peers, and what the query port replies.
///
/// Text is kept as `String`: every field Sentinel reads or writes is text (SPEC §13.4 sends even
/// numbers as bulk strings). RESP3-only shapes (`map`, `push`, `double`, `boolean`) exist so the
/// query port can answer `HELLO 3` clients; in RESP2 they are flattened (SPEC §0, §13.1).
public enum RESPValue: Equatable, Sendable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    case bulkString(String)
    /// RESP2 `$-1`; RESP3 `_`.
    case null
    case array([RESPValue])
    /// RESP2 `*-1`; RESP3 `_`.
    case nullArray
    /// RESP3 `%`; a flat field/value array in RESP2.
    case map([(RESPValue, RESPValue)])
    /// RESP3 `>`; an array in RESP2 (pub/sub messages).
    case push([RESPValue])
    /// RESP3 `~`; an array in RESP2 (flags and categories in COMMAND INFO, ACL GETUSER).
    case set([RESPValue])
    /// RESP3 `=` with the `txt` format; a bulk string in RESP2 (INFO, CLIENT LIST / INFO).
    case verbatim(String)
    /// RESP3 `,`; a bulk string in RESP2.
    case double(Double)
    /// RESP3 `#`; an integer 0/1 in RESP2.
    case boolean(Bool)

    public static func == (lhs: RESPValue, rhs: RESPValue) -> Bool {
        switch (lhs, rhs) {
        case (.simpleString(let a), .simpleString(let b)), (.error(let a), .error(let b)),
            (.bulkString(let a), .bulkString(let b)):
            return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.null, .null), (.nullArray, .nullArray): return true
        case (.array(let a), .array(let b)), (.push(let a), .push(let b)), (.set(let a), .set(let b)): return a == b
        case (.verbatim(let a), .verbatim(let b)): return a == b
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.double(let a), .double(let b)): return a == b
        case (.boolean(let a), .boolean(let b)): return a == b
        default: return false
        }
    }
}

extension RESPValue {
    public static let ok = RESPValue.simpleString("OK")

    /// A map whose keys are bulk strings, the shape of every Sentinel field/value reply.
    public static func fields(_ pairs: [(String, RESPValue)]) -> RESPValue {
        .map(pairs.map { (.bulkString($0.0), $0.1) })
    }

    /// A bulk string holding a decimal integer, as Sentinel sends numeric fields (SPEC §13.4).
    public static func bulk(_ number: some BinaryInteger) -> RESPValue { .bulkString(String(number)) }

    /// The text of a status, error or bulk reply.
    public var text: String? {
        switch self {
        case .simpleString(let s), .error(let s), .bulkString(let s), .verbatim(let s): return s
        default: return nil
        }
    }

    public var isError: Bool {
        if case .error = self { return true }
        return false
    }

    /// Elements of an array or push reply.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let a), .push(let a), .set(let a): return a
        default: return nil
        }
    }
}
