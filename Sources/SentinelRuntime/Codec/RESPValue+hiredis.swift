import CHiredis
import SentinelCore

extension RESPValue {
    /// Deep-copies a hiredis reply tree into a `RESPValue` (STYLE §3 pitfall 2: copy, then free).
    ///
    /// The pointer is only read, never kept or freed: the caller still owns it and must call
    /// `freeReplyObject` afterwards. Text is decoded as UTF-8, invalid sequences become U+FFFD.
    /// hiredis 0.14 is RESP2-only and reports both `$-1` and `*-1` as `REDIS_REPLY_NIL`, so both
    /// become `.null` (SPEC §13.1 needs RESP3 only on the query port, which encodes in Swift).
    init(_ reply: UnsafeMutablePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulkString(Self.text(of: node))
        case REDIS_REPLY_STATUS:
            self = .simpleString(Self.text(of: node))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(of: node))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element?[index] {
                    elements.append(RESPValue(element))
                } else {
                    elements.append(.null)
                }
            }
            self = .array(elements)
        default:  // REDIS_REPLY_NIL; hiredis 0.14 has no other types
            self = .null
        }
    }

    /// The `str`/`len` payload of a string, status or error reply.
    private static func text(of node: redisReply) -> String {
        guard let bytes = node.str, node.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: node.len), as: UTF8.self)
    }
}
