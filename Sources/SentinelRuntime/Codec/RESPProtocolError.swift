/// A byte stream that is not valid RESP: what a link's decoder reports before it closes the link.
///
/// DESIGN "Failure and bad input": a malformed reply closes that link only; the owner reconnects.
/// `message` is hiredis's reader error text (e.g. `Protocol error, got "!" as reply type byte`).
struct RESPProtocolError: Error, Hashable, CustomStringConvertible {
    /// What was wrong with the stream.
    var message: String

    /// Creates an error with the given text.
    init(message: String) {
        self.message = message
    }

    var description: String { "RESP protocol error: \(self.message)" }
}
