import NIOCore
import NIOEmbedded

/// The query-port decoder for the fuzzers (`Sources/SentinelFuzz`): bytes in, requests out,
/// through a real pipeline (`EmbeddedChannel`), the way the server feeds it.
package enum QueryDecoderFuzzing {
    /// Feeds `chunks` as successive reads and returns every request the decoder emitted.
    package static func decode(_ chunks: [ArraySlice<UInt8>]) -> [QueryRequest] {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHandler(QueryRequestDecoder())
            var requests: [QueryRequest] = []
            for chunk in chunks {
                var buffer = channel.allocator.buffer(capacity: chunk.count)
                buffer.writeBytes(chunk)
                try channel.writeInbound(buffer)
                while let request = try channel.readInbound(as: QueryRequest.self) { requests.append(request) }
            }
            return requests
        } catch {
            preconditionFailure("the decoder threw \(error)")
        }
    }
}
