/// Reads RESP3 written with LF line ends (the generated table); bulk strings hold no line breaks.
struct RESP3TextReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    mutating func next() -> RESPValue? {
        guard self.index < self.bytes.count else { return nil }
        let marker = self.bytes[self.index]
        self.index += 1
        let line = self.line()
        switch marker {
        case UInt8(ascii: "+"): return .simpleString(line)
        case UInt8(ascii: "-"): return .error(line)
        case UInt8(ascii: ":"): return .integer(Int64(line) ?? 0)
        case UInt8(ascii: "_"): return .null
        case UInt8(ascii: "$"):
            let count = Int(line) ?? 0
            let text = String(decoding: self.bytes[self.index..<self.index + count], as: UTF8.self)
            self.index += count + 1
            return .bulkString(text)
        case UInt8(ascii: "*"), UInt8(ascii: "~"):
            let elements = (0..<(Int(line) ?? 0)).compactMap { _ in self.next() }
            return marker == UInt8(ascii: "*") ? .array(elements) : .set(elements)
        case UInt8(ascii: "%"):
            let pairs = (0..<(Int(line) ?? 0)).compactMap { _ -> (RESPValue, RESPValue)? in
                guard let key = self.next(), let value = self.next() else { return nil }
                return (key, value)
            }
            return .map(pairs)
        default:
            preconditionFailure("unexpected RESP3 marker in the command table")
        }
    }

    private mutating func line() -> String {
        let start = self.index
        while self.index < self.bytes.count && self.bytes[self.index] != UInt8(ascii: "\n") { self.index += 1 }
        defer { self.index += 1 }
        return String(decoding: self.bytes[start..<self.index], as: UTF8.self)
    }
}
