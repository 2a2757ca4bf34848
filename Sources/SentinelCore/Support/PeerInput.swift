/// Checks for the ids and addresses that peers and monitored instances hand us: hellos, INFO
/// `slaveN` lines, `IS-MASTER-DOWN-BY-ADDR`, and the `known-*` config lines they end up in.
///
/// Redis 7.0 takes these as they come. A value that fails here is dropped where it enters, so it
/// never reaches a link (a port above 65535 trapped when the link was built), the config file (a
/// run id with a newline became a line of its own after the restart), the log or an event.
enum PeerInput {
    /// A sentinel run id as every sentinel makes them (SPEC §2.2): exactly 40 hex digits.
    /// A deliberate difference from Redis, which stores whatever text a hello carries.
    static func isRunID(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy(Self.isHexDigit)
    }

    /// A port a peer or an instance can listen on.
    static func isPort(_ port: Int) -> Bool {
        (1...65535).contains(port)
    }

    /// A literal IPv4 / IPv6 address, or a host name: 1 to 255 bytes of letters, digits, `-`, `.`
    /// and `_` (RFC 1123 names, plus the `_` that container platforms use).
    static func isHost(_ text: String) -> Bool {
        if ConfigIPAddress.normalized(text) != nil { return true }
        let bytes = text.utf8
        return !bytes.isEmpty && bytes.count <= 255
            && bytes.allSatisfy { byte in
                Self.isHexDigit(byte) || (UInt8(ascii: "g")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "G")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
