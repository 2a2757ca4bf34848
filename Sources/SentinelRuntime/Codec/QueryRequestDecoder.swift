import CHiredis
import NIOCore
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the bytes a query-port client sends into ``QueryRequest``s (SPEC §13.1, DESIGN decision 1).
///
/// Multibulk requests (`*N\r\n$len\r\n...`) are parsed by hiredis's `redisReader`; inline commands
/// (`PING\r\n`, what `nc` and telnet users type) by ``ArgumentSplitter``, because hiredis rejects
/// them (STYLE §3 pitfall 5). As in Redis's `processInputBuffer`, the first byte of each request
/// decides: `*` is multibulk, anything else starts an inline line.
///
/// A small framer in front of the reader checks each header line the way Redis 7.0 does before
/// hiredis sees the request, so that limits are enforced before any buffering or allocation, and the
/// error texts are Redis's:
///
/// | Input | `QueryRequest.protocolError` |
/// | --- | --- |
/// | inline line > 64 KiB without `\n` | `Protocol error: too big inline request` |
/// | unclosed quote, or closing quote not followed by a blank | `Protocol error: unbalanced quotes in request` |
/// | `*` line > 64 KiB without `\r` | `Protocol error: too big mbulk count string` |
/// | count not a decimal `long long`, or > `INT_MAX` | `Protocol error: invalid multibulk length` |
/// | element line not starting with `$` | `Protocol error: expected '$', got '<byte>'` |
/// | count > 10 while the client must still authenticate | `Protocol error: unauthenticated multibulk length` |
/// | `$` line > 64 KiB without `\r` | `Protocol error: too big bulk count string` |
/// | length not a decimal, negative, or > `proto-max-bulk-len` | `Protocol error: invalid bulk length` |
/// | length > 16384 while the client must still authenticate | `Protocol error: unauthenticated bulk length` |
/// | any other hiredis reader error (should not happen) | `Protocol error: <errstr>` |
///
/// Redis 7.0 `processMultibulkBuffer` asks `authRequired(c)` when it parses each header; so does the
/// `authRequired` closure here. Redis runs every complete command before it parses the next header,
/// so before answering "required" the decoder hands the requests completed earlier in the same read
/// to the next handler (which may run an `AUTH`) and asks again.
///
/// `client-query-buffer-limit`: when the bytes of the request being read (whatever hiredis or the
/// buffer already holds) plus `heldBytes()` (commands parsed but held back, e.g. by CLIENT PAUSE)
/// pass the limit, the decoder emits `.queryBufferLimitReached` and stops, as Redis's
/// `readQueryFromClient` closes such a client without a reply.
///
/// `*0` and negative counts are ignored, blank inline lines too (so `PING\r\n\n` is one command).
/// Counts up to `INT_MAX` are accepted as Redis does: hiredis allocates a request's element array
/// only when the framer hands it the complete request, so memory follows the bytes that really
/// arrived. Differences from Redis 7.0.15: a header `\r` must be
/// followed by `\n` (Redis skips whatever byte follows, hiredis needs `\r\n`); the 64 KiB limits
/// count the line itself, so the outcome never depends on how bytes were split into reads.
///
/// Requests before an error are still delivered; after it, one `.protocolError` is emitted and every
/// later byte is ignored. Loop-confined: owns its `redisReader`, freed in `deinit`.
final class QueryRequestDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = QueryRequest

    /// Redis's `PROTO_INLINE_MAX_SIZE`: longest inline line or header line without its terminator.
    static let maxLineLength = 64 * 1024
    /// Largest accepted `*<count>` (`INT_MAX`, as `processMultibulkBuffer`).
    static let maxMultibulkCount = Int(Int32.max)
    /// Redis's default `proto-max-bulk-len`.
    static let maxBulkLength = 512 * 1024 * 1024
    /// Largest count a client that must still authenticate may send (`processMultibulkBuffer`).
    static let maxUnauthenticatedCount = 10
    /// Longest bulk a client that must still authenticate may send.
    static let maxUnauthenticatedBulkLength = 16384

    /// The configurable limits (SPEC §3.4), Redis's defaults unless given.
    struct Limits {
        /// `proto-max-bulk-len`.
        var maxBulkLength = QueryRequestDecoder.maxBulkLength
        /// `client-query-buffer-limit`.
        var queryBufferLimit = 1024 * 1024 * 1024
    }

    enum Phase {
        /// At a request boundary.
        case idle
        /// Reading an inline line that starts at `lineStart`.
        case inline
        /// Reading the `*<count>` line that starts at `lineStart`.
        case multibulkCount
        /// Reading the `$<length>` line at `lineStart`; `remaining` elements are left, this one included.
        case bulkLength(remaining: Int)
        /// Skipping a payload; `bytesLeft` includes its trailing CRLF.
        case bulkPayload(remaining: Int, bytesLeft: Int)
        /// A protocol error was reported; everything else is ignored.
        case failed
    }

    static let emptyBuffer = ByteBuffer()

    let reader: UnsafeMutablePointer<redisReader>
    var phase = Phase.idle
    /// Bytes received and not yet fed to the reader or skipped: the buffer's reader index is the
    /// first byte hiredis has not seen. Positions below are absolute indices into it.
    var buffer = QueryRequestDecoder.emptyBuffer
    /// The next byte to look at.
    var cursor = 0
    /// Start of the line being read (inline, count or length line); never fed before it is complete.
    var lineStart = 0
    /// Start of the current request; every complete request before it is counted in `completeRequests`.
    var requestStart = 0
    /// Complete multibulk requests fed (or about to be fed) to hiredis and not yet taken out.
    var completeRequests = 0

    /// Told the size of every read, for the INFO traffic counters.
    private let onRead: ((Int) -> Void)?
    let limits: Limits
    /// Redis's `authRequired(c)` for this client, asked when a header passes the unauthenticated limits.
    let authRequired: () -> Bool
    /// Request bytes the client holds outside the decoder (commands held back by CLIENT PAUSE).
    private let heldBytes: () -> Int

    /// Creates a decoder with its own `redisReader`.
    init(
        limits: Limits = Limits(),
        authRequired: @escaping () -> Bool = { false },
        heldBytes: @escaping () -> Int = { 0 },
        onRead: ((Int) -> Void)? = nil
    ) {
        self.reader = redisReaderCreate()
        self.limits = limits
        self.authRequired = authRequired
        self.heldBytes = heldBytes
        self.onRead = onRead
    }

    deinit {
        redisReaderFree(self.reader)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .failed = self.phase { return }
        var incoming = Self.unwrapInboundIn(data)
        self.onRead?(incoming.readableBytes)
        // What the log line shows if this read passes the query buffer limit (Redis shows the
        // start of its unparsed buffer); copied only when it might.
        let head =
            self.mayPassQueryBufferLimit(adding: incoming.readableBytes)
            ? incoming.getBytes(at: incoming.readerIndex, length: min(64, incoming.readableBytes)) : nil
        if self.buffer.readableBytes == 0 {
            // Nothing pending (every position equals the writer index): adopt the buffer, no copy.
            self.shiftPositions(by: incoming.readerIndex - self.buffer.writerIndex)
            self.buffer = incoming
        } else {
            self.buffer.writeBuffer(&incoming)
        }

        var requests: [QueryRequest] = []
        self.parse(into: &requests, context: context)
        if let head { self.checkQueryBufferLimit(head: head, into: &requests) }
        for request in requests {
            context.fireChannelRead(Self.wrapInboundOut(request))
        }
    }

    /// Bytes of the request being read (fed to hiredis or still buffered); 0 between requests.
    var pendingRequestBytes: Int {
        switch self.phase {
        case .failed: 0
        case .idle: self.buffer.writerIndex - self.cursor
        case .inline, .multibulkCount, .bulkLength, .bulkPayload: self.buffer.writerIndex - self.requestStart
        }
    }

    /// Whether `count` more bytes could take the client past `client-query-buffer-limit`.
    private func mayPassQueryBufferLimit(adding count: Int) -> Bool {
        let (held, overflow) = self.pendingRequestBytes.addingReportingOverflow(count &+ self.heldBytes())
        return overflow || held > self.limits.queryBufferLimit
    }

    /// `client-query-buffer-limit`: after parsing, the request being read plus what the client
    /// holds elsewhere; complete requests have been handed on and do not count.
    private func checkQueryBufferLimit(head: [UInt8], into requests: inout [QueryRequest]) {
        if case .failed = self.phase { return }
        guard self.mayPassQueryBufferLimit(adding: 0) else { return }
        self.phase = .failed
        requests.append(.queryBufferLimitReached(initialBytes: Self.representation(head)))
        self.buffer = Self.emptyBuffer
    }

    /// Redis's `sdscatrepr` (`RedisRepr`), as the query-buffer log line shows the bytes.
    static func representation(_ bytes: [UInt8]) -> String {
        RedisRepr.quoted(bytes)
    }

    /// `authRequired(c)` as Redis sees it at this header: every request completed before it has
    /// run. Requests waiting in `requests` or in the reader are handed on first (an `AUTH` among
    /// them counts), then the question is asked again. Sets `.failed` if draining the reader fails.
    func authenticationRequired(into requests: inout [QueryRequest], context: ChannelHandlerContext?) -> Bool {
        guard self.authRequired() else { return false }
        guard let context, !requests.isEmpty || self.completeRequests > 0 else { return true }
        guard self.takeReplies(upTo: self.requestStart, into: &requests) else { return true }
        let ready = requests
        requests = []
        for request in ready {
            context.fireChannelRead(Self.wrapInboundOut(request))
        }
        return self.authRequired()
    }
}
