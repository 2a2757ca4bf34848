/// Reads structured values out of fuzz bytes: every read succeeds (zeros past the end), so any
/// input decodes to some sequence of operations.
struct FuzzInput {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { self.index >= self.bytes.count }

    mutating func byte() -> UInt8 {
        guard self.index < self.bytes.count else { return 0 }
        defer { self.index += 1 }
        return self.bytes[self.index]
    }

    mutating func int(below bound: Int) -> Int { bound <= 1 ? 0 : Int(self.byte()) % bound }

    mutating func pick<T>(_ choices: [T]) -> T { choices[self.int(below: choices.count)] }

    /// A string of up to `max` raw bytes, length first.
    mutating func bytes(max: Int) -> [UInt8] {
        let count = self.int(below: max + 1)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count where !self.isAtEnd { out.append(self.byte()) }
        return out
    }

    /// Either one of `dictionary` or raw bytes (so both valid and garbage arguments occur).
    mutating func argument(_ dictionary: [String]) -> String {
        if self.byte() & 3 != 0, !dictionary.isEmpty { return self.pick(dictionary) }
        return String(decoding: self.bytes(max: 24), as: UTF8.self)
    }
}
