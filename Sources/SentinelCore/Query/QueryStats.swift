/// The query port's counters for INFO stats, changed only through `record`: the runtime reports
/// what happened on the wire, and this is the one place that counts it.
public struct QueryStats: Equatable, Sendable {
    public private(set) var connectionsReceived = 0
    public private(set) var commandsProcessed = 0
    public private(set) var rejectedConnections = 0
    public private(set) var errorReplies = 0
    /// Reply bytes written to query-port clients (`total_net_output_bytes`).
    public private(set) var outputBytes = 0
    /// Request bytes read from them (`total_net_input_bytes`).
    public private(set) var inputBytes = 0
    /// Socket reads and reply flushes (`total_reads_processed` / `total_writes_processed`).
    public private(set) var readsProcessed = 0
    public private(set) var writesProcessed = 0

    public init() {}

    /// What the query port saw.
    public enum Event: Equatable, Sendable {
        /// A connection accepted (`total_connections_received`).
        case connectionAccepted
        /// A connection refused at accept (maxclients, protected mode).
        case connectionRejected
        /// A command that passed every check and ran.
        case commandProcessed
        /// A reply or message that went to a client (not one dropped by CLIENT REPLY).
        case replyWritten(bytes: Int, isError: Bool)
        /// One socket read of request bytes.
        case requestRead(bytes: Int)
        /// The end of a read, when the replies it produced are flushed.
        case repliesFlushed
    }

    public mutating func record(_ event: Event) {
        switch event {
        case .connectionAccepted: self.connectionsReceived += 1
        case .connectionRejected: self.rejectedConnections += 1
        case .commandProcessed: self.commandsProcessed += 1
        case .replyWritten(let bytes, let isError):
            if isError { self.errorReplies += 1 }
            self.outputBytes += bytes
        case .requestRead(let bytes):
            self.inputBytes += bytes
            self.readsProcessed += 1
        case .repliesFlushed: self.writesProcessed += 1
        }
    }
}
