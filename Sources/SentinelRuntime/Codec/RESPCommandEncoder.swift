import CHiredis
import NIOCore

/// Encodes a command (`[String]`: name, then arguments) as a RESP multibulk request with hiredis's
/// `redisFormatCommandArgv` (STYLE §3, DESIGN decision 1). Used on links to Redis servers and peer
/// sentinels; wrap it in a `MessageToByteHandler`.
struct RESPCommandEncoder: MessageToByteEncoder {
    typealias OutboundIn = [String]

    func encode(data arguments: [String], out: inout ByteBuffer) throws {
        let lengths = arguments.map { $0.utf8.count }
        let bytes = Array(arguments.joined().utf8) + [0]  // one buffer, never empty
        var command: UnsafeMutablePointer<CChar>?
        let count = bytes.withUnsafeBufferPointer { base in
            var offset = 0
            var argv: [UnsafePointer<CChar>?] = lengths.map { length in
                defer { offset += length }
                return UnsafeRawPointer(base.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
            }
            return redisFormatCommandArgv(&command, Int32(arguments.count), &argv, lengths)
        }
        guard count >= 0, let command else {
            throw RESPEncodingError(arguments: arguments.count)
        }
        defer { redisFreeCommand(command) }
        out.writeBytes(UnsafeRawBufferPointer(start: command, count: Int(count)))
    }
}

/// hiredis could not format a command (it only fails when out of memory).
struct RESPEncodingError: Error, Hashable {
    /// How many strings the command had.
    var arguments: Int
}
