import CHiredis
import NIOCore
import SentinelCore

/// Writes `RESPValue` replies for query-port clients, in RESP2 or, after `HELLO 3`, RESP3
/// (SPEC §0 "RESP2 map", §13.1). hiredis 0.14 cannot encode replies, so this is Swift.
///
/// | Value | RESP2 | RESP3 |
/// | --- | --- | --- |
/// | `simpleString`, `error` | `+text`, `-text` (CR and LF become spaces, as Redis does) | same |
/// | `integer` | `:n` | same |
/// | `bulkString` | `$len` + bytes | same |
/// | `null` / `nullArray` | `$-1` / `*-1` | `_` |
/// | `array` | `*n` | same |
/// | `map` | `*2n`, keys and values alternating | `%n` |
/// | `push` | `*n` | `>n` |
/// | `double` | bulk string, `%.17g` (`inf`, `-inf`) | `,` + the same text |
/// | `boolean` | `:1` / `:0` | `#t` / `#f` |
///
/// Everything is written straight into the buffer; integers and lengths without a `String`.
enum RESPReplyEncoder {
    /// Appends `value` to `buffer`; `protocolVersion` 3 (or more) selects RESP3, anything else RESP2.
    static func encode(_ value: RESPValue, protocolVersion: Int, into buffer: inout ByteBuffer) {
        Self.write(value, resp3: protocolVersion >= 3, into: &buffer)
    }

    private static func write(_ value: RESPValue, resp3: Bool, into buffer: inout ByteBuffer) {
        switch value {
        case .simpleString(let text):
            buffer.writeInteger(UInt8(ascii: "+"))
            Self.writeLine(text, into: &buffer)
        case .error(let text):
            buffer.writeInteger(UInt8(ascii: "-"))
            Self.writeLine(text, into: &buffer)
        case .integer(let number):
            Self.writeHeader(UInt8(ascii: ":"), number, into: &buffer)
        case .bulkString(let text):
            Self.writeBulk(text, into: &buffer)
        case .null:
            buffer.writeStaticString(resp3 ? "_\r\n" : "$-1\r\n")
        case .nullArray:
            buffer.writeStaticString(resp3 ? "_\r\n" : "*-1\r\n")
        case .array(let elements):
            Self.writeHeader(UInt8(ascii: "*"), Int64(elements.count), into: &buffer)
            for element in elements {
                Self.write(element, resp3: resp3, into: &buffer)
            }
        case .map(let pairs):
            if resp3 {
                Self.writeHeader(UInt8(ascii: "%"), Int64(pairs.count), into: &buffer)
            } else {
                Self.writeHeader(UInt8(ascii: "*"), Int64(pairs.count) * 2, into: &buffer)
            }
            for (key, element) in pairs {
                Self.write(key, resp3: resp3, into: &buffer)
                Self.write(element, resp3: resp3, into: &buffer)
            }
        case .push(let elements), .set(let elements):
            let marker: UInt8
            if case .push = value { marker = UInt8(ascii: ">") } else { marker = UInt8(ascii: "~") }
            Self.writeHeader(resp3 ? marker : UInt8(ascii: "*"), Int64(elements.count), into: &buffer)
            for element in elements {
                Self.write(element, resp3: resp3, into: &buffer)
            }
        case .verbatim(let text):
            if resp3 {
                Self.writeHeader(UInt8(ascii: "="), Int64(text.utf8.count + 4), into: &buffer)
                buffer.writeStaticString("txt:")
                buffer.writeString(text)
                buffer.writeStaticString("\r\n")
            } else {
                Self.writeBulk(text, into: &buffer)
            }
        case .double(let number):
            Self.writeDouble(number, resp3: resp3, into: &buffer)
        case .boolean(let flag):
            if resp3 {
                buffer.writeStaticString(flag ? "#t\r\n" : "#f\r\n")
            } else {
                buffer.writeStaticString(flag ? ":1\r\n" : ":0\r\n")
            }
        }
    }

    /// `text` then CRLF, with every CR or LF inside `text` written as a space (a status or error
    /// line cannot contain them; Redis maps them the same way in `addReplyErrorFormat`).
    private static func writeLine(_ text: String, into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        let written = buffer.writeString(text)
        let needsMapping = buffer.withUnsafeReadableBytes { bytes in
            let from = start - buffer.readerIndex
            return bytes[from..<(from + written)].contains { $0 == 0x0D || $0 == 0x0A }
        }
        if needsMapping {
            for index in start..<(start + written) {
                let byte = buffer.getInteger(at: index, as: UInt8.self)
                if byte == 0x0D || byte == 0x0A {
                    buffer.setInteger(UInt8(ascii: " "), at: index)
                }
            }
        }
        buffer.writeStaticString("\r\n")
    }

    private static func writeBulk(_ text: String, into buffer: inout ByteBuffer) {
        Self.writeHeader(UInt8(ascii: "$"), Int64(text.utf8.count), into: &buffer)
        buffer.writeString(text)
        buffer.writeStaticString("\r\n")
    }

    /// `<type><decimal>\r\n`: integers, lengths and counts.
    private static func writeHeader(_ type: UInt8, _ number: Int64, into buffer: inout ByteBuffer) {
        if number >= 0 && number < 10 {
            // The common case: a small count or flag.
            buffer.writeMultipleIntegers(type, UInt8(truncatingIfNeeded: number) &+ 0x30, UInt8(0x0D), UInt8(0x0A))
            return
        }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 23) { output in
            // type, sign, up to 19 digits, CRLF
            var magnitude = number.magnitude
            var digits = 1
            var rest = magnitude / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            var position = 0
            output[position] = type
            position += 1
            if number < 0 {
                output[position] = UInt8(ascii: "-")
                position += 1
            }
            var index = position + digits - 1
            repeat {
                output[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
                index -= 1
            } while magnitude > 0
            position += digits
            output[position] = 0x0D
            output[position + 1] = 0x0A
            return position + 2
        }
    }

    /// Redis 7.0's `addReplyDouble`: `%.17g`, infinities spelled `inf`/`-inf`; a bulk string in RESP2.
    private static func writeDouble(_ number: Double, resp3: Bool, into buffer: inout ByteBuffer) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { text in
            let length: Int
            if number.isInfinite {
                let spelled: StaticString = number > 0 ? "inf" : "-inf"
                length = spelled.utf8CodeUnitCount
                spelled.withUTF8Buffer { source in
                    for index in 0..<length {
                        text[index] = CChar(bitPattern: source[index])
                    }
                }
            } else {
                length = Int(max(0, min(63, CHiredis_formatDouble(text.baseAddress!, 64, number))))
            }
            let bytes = UnsafeRawBufferPointer(start: text.baseAddress!, count: length)
            if resp3 {
                buffer.writeInteger(UInt8(ascii: ","))
            } else {
                Self.writeHeader(UInt8(ascii: "$"), Int64(length), into: &buffer)
            }
            buffer.writeBytes(bytes)
            buffer.writeStaticString("\r\n")
        }
    }
}
