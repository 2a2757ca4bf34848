/// One request read from a query-port client (SPEC §13.1): a command to dispatch, or the protocol
/// error that ends the connection.
public enum QueryRequest: Sendable, Equatable {
    /// The command name and its arguments, as sent (multibulk or inline).
    case command([String])
    /// The request stream is malformed. The text is what Redis replies after `-ERR `
    /// (e.g. `Protocol error: invalid multibulk length`); the server writes it and closes the client.
    /// Emitted once; the decoder ignores every later byte.
    case protocolError(String)
    /// The bytes held for this client passed `client-query-buffer-limit`: Redis logs
    /// `Closing client that reached max query buffer length: ...` and closes it without a reply.
    /// The text is the first bytes still buffered, as Redis's `sdscatrepr` of 64 bytes writes them.
    /// Emitted once; the decoder ignores every later byte.
    case queryBufferLimitReached(initialBytes: String)
}
