import NIOCore
import NIOEmbedded
import Testing

@testable import SentinelRuntime

/// Groups the codec suites (`Tests/SentinelRuntimeTests/Codec/`) so `swift test --filter Codec` runs them.
@Suite enum CodecTests {}

/// Helpers shared by the codec tests.
enum CodecTestSupport {
    static func buffer(_ bytes: some Sequence<UInt8>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeBytes(Array(bytes))
        return buffer
    }

    /// Every way to cut `bytes` in two, plus the whole and one byte at a time.
    static func chunkings(of bytes: [UInt8]) -> [[[UInt8]]] {
        var result: [[[UInt8]]] = [[bytes], bytes.map { [$0] }]
        for offset in 1..<max(1, bytes.count) {
            result.append([Array(bytes[..<offset]), Array(bytes[offset...])])
        }
        return result
    }

    /// Feeds `chunks` to a fresh ``QueryRequestDecoder`` and returns what it emitted.
    static func requests(_ chunks: [[UInt8]]) throws -> [QueryRequest] {
        let channel = EmbeddedChannel(handler: QueryRequestDecoder())
        var output: [QueryRequest] = []
        for chunk in chunks {
            try channel.writeInbound(Self.buffer(chunk))
            while let request = try channel.readInbound(as: QueryRequest.self) {
                output.append(request)
            }
        }
        _ = try channel.finish()
        return output
    }

    static func requests(_ text: String) throws -> [QueryRequest] {
        try Self.requests([Array(text.utf8)])
    }

    /// A small deterministic generator (SplitMix64) for the garbage tests.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
