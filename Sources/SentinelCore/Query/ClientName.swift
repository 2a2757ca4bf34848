/// Redis's `validateClientName` (used by HELLO SETNAME and CLIENT SETNAME): every byte must be
/// printable ASCII other than space, `'!'...'~'`; the empty name clears it.
public enum ClientName {
    /// The text of `ReplyError.invalidClientName` (the runtime writes it as a string).
    public static let invalidError = ReplyError.invalidClientName.message

    public static func isValid(_ name: String) -> Bool {
        name.utf8.allSatisfy { $0 >= UInt8(ascii: "!") && $0 <= UInt8(ascii: "~") }
    }
}
