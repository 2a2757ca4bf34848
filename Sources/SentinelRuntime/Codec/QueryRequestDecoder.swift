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

    private enum Phase {
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

    private static let emptyBuffer = ByteBuffer()

    private let reader: UnsafeMutablePointer<redisReader>
    private var phase = Phase.idle
    /// Bytes received and not yet fed to the reader or skipped: the buffer's reader index is the
    /// first byte hiredis has not seen. Positions below are absolute indices into it.
    private var buffer = QueryRequestDecoder.emptyBuffer
    /// The next byte to look at.
    private var cursor = 0
    /// Start of the line being read (inline, count or length line); never fed before it is complete.
    private var lineStart = 0
    /// Start of the current request; every complete request before it is counted in `completeRequests`.
    private var requestStart = 0
    /// Complete multibulk requests fed (or about to be fed) to hiredis and not yet taken out.
    private var completeRequests = 0

    /// Told the size of every read, for the INFO traffic counters.
    private let onRead: ((Int) -> Void)?
    private let limits: Limits
    /// Redis's `authRequired(c)` for this client, asked when a header passes the unauthenticated limits.
    private let authRequired: () -> Bool
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
    private var pendingRequestBytes: Int {
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
    private func authenticationRequired(into requests: inout [QueryRequest], context: ChannelHandlerContext?) -> Bool {
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

    // MARK: - Framing

    /// Consumes as much of `buffer` as possible, appending finished requests in stream order.
    private func parse(into requests: inout [QueryRequest], context: ChannelHandlerContext?) {
        loop: while true {
            switch self.phase {
            case .failed:
                return

            case .idle:
                guard self.cursor < self.buffer.writerIndex else { break loop }
                self.lineStart = self.cursor
                self.requestStart = self.cursor
                if self.byte(at: self.cursor) == UInt8(ascii: "*") {
                    self.phase = .multibulkCount
                    self.cursor += 1
                } else {
                    self.phase = .inline
                }

            case .inline:
                let limit = min(self.buffer.writerIndex, self.lineStart + Self.maxLineLength + 1)
                guard let newline = self.firstIndex(of: UInt8(ascii: "\n"), from: self.cursor, to: limit) else {
                    if self.buffer.writerIndex - self.lineStart > Self.maxLineLength {
                        return self.fail("Protocol error: too big inline request", into: &requests)
                    }
                    self.cursor = self.buffer.writerIndex
                    break loop
                }
                guard self.takeReplies(upTo: self.lineStart, into: &requests) else { return }
                var end = newline
                if end > self.lineStart && self.byte(at: end - 1) == UInt8(ascii: "\r") {
                    end -= 1
                }
                guard let arguments = self.withBytes(self.lineStart..<end, { ArgumentSplitter.split($0) }) else {
                    return self.fail("Protocol error: unbalanced quotes in request", into: &requests)
                }
                if !arguments.isEmpty {
                    requests.append(.command(arguments))
                }
                self.cursor = newline + 1
                self.buffer.moveReaderIndex(to: self.cursor)  // inline bytes never reach hiredis
                self.phase = .idle

            case .multibulkCount:
                let lineEnd: Int
                switch self.scanHeaderLine() {
                case .complete(let end): lineEnd = end
                case .incomplete: break loop
                case .tooLong: return self.fail("Protocol error: too big mbulk count string", into: &requests)
                }
                guard self.byte(at: lineEnd + 1) == UInt8(ascii: "\n"),
                    let count = self.withBytes(self.lineStart + 1..<lineEnd, Self.parseDecimal),
                    count <= Self.maxMultibulkCount
                else {
                    return self.fail("Protocol error: invalid multibulk length", into: &requests)
                }
                if count > Self.maxUnauthenticatedCount
                    && self.authenticationRequired(into: &requests, context: context)
                {
                    return self.fail("Protocol error: unauthenticated multibulk length", into: &requests)
                }
                self.cursor = lineEnd + 2
                if count <= 0 {
                    // `*0`, `*-1`: nothing to run; hiredis must not see it (it rejects counts below -1).
                    guard self.takeReplies(upTo: self.lineStart, into: &requests) else { return }
                    self.buffer.moveReaderIndex(to: self.cursor)
                    self.phase = .idle
                } else {
                    self.lineStart = self.cursor
                    self.phase = .bulkLength(remaining: Int(count))
                }

            case .bulkLength(let remaining):
                let lineEnd: Int
                switch self.scanHeaderLine() {
                case .complete(let end): lineEnd = end
                case .incomplete: break loop
                case .tooLong: return self.fail("Protocol error: too big bulk count string", into: &requests)
                }
                let type = self.byte(at: self.lineStart)
                guard type == UInt8(ascii: "$") else {
                    // `%c` of the raw byte; Redis then maps CR and LF in error texts to spaces.
                    let got = type == 0x0D || type == 0x0A ? " " : Character(Unicode.Scalar(type))
                    return self.fail("Protocol error: expected '$', got '\(got)'", into: &requests)
                }
                guard self.byte(at: lineEnd + 1) == UInt8(ascii: "\n"),
                    let length = self.withBytes(self.lineStart + 1..<lineEnd, Self.parseDecimal),
                    length >= 0, length <= self.limits.maxBulkLength
                else {
                    return self.fail("Protocol error: invalid bulk length", into: &requests)
                }
                if length > Self.maxUnauthenticatedBulkLength
                    && self.authenticationRequired(into: &requests, context: context)
                {
                    return self.fail("Protocol error: unauthenticated bulk length", into: &requests)
                }
                self.cursor = lineEnd + 2
                // `proto-max-bulk-len` may be as large as `LLONG_MAX`: no overflow on the CRLF.
                let (withCRLF, overflow) = Int(length).addingReportingOverflow(2)
                self.phase = .bulkPayload(remaining: remaining, bytesLeft: overflow ? Int.max : withCRLF)

            case .bulkPayload(let remaining, let bytesLeft):
                let available = self.buffer.writerIndex - self.cursor
                guard available >= bytesLeft else {
                    // Redis does not check the CRLF after a payload, and neither does hiredis.
                    self.cursor = self.buffer.writerIndex
                    self.phase = .bulkPayload(remaining: remaining, bytesLeft: bytesLeft - available)
                    break loop
                }
                self.cursor += bytesLeft
                self.lineStart = self.cursor
                if remaining > 1 {
                    self.phase = .bulkLength(remaining: remaining - 1)
                } else {
                    self.completeRequests += 1
                    self.phase = .idle
                }
            }
        }

        // Out of bytes: hand hiredis everything up to the line being read (payload bytes stream
        // through, so a large bulk is not held twice) and take out the finished requests.
        let feedLimit: Int
        switch self.phase {
        case .idle, .bulkPayload: feedLimit = self.cursor
        case .inline, .multibulkCount, .bulkLength: feedLimit = self.lineStart
        case .failed: return
        }
        guard self.takeReplies(upTo: feedLimit, into: &requests) else { return }
        if self.buffer.readableBytes == 0 {
            self.shiftPositions(by: -self.buffer.writerIndex)
            self.buffer = Self.emptyBuffer
        } else if self.buffer.readerIndex >= 16 * 1024 {
            let shift = self.buffer.readerIndex
            self.buffer.discardReadBytes()
            self.shiftPositions(by: -shift)
        }
    }

    private enum HeaderLine {
        /// The line ends with the `\r` at this index, and the byte after it has arrived.
        case complete(Int)
        case incomplete
        /// More than `maxLineLength` bytes and no `\r`.
        case tooLong
    }

    /// Looks for the `\r` that ends the header line at `lineStart`. Like Redis, which searches for
    /// `\r` and then needs one more byte; only the first `maxLineLength + 1` bytes are searched, so
    /// the outcome does not depend on how the bytes were split into reads.
    private func scanHeaderLine() -> HeaderLine {
        let limit = min(self.buffer.writerIndex, self.lineStart + Self.maxLineLength + 1)
        guard let carriageReturn = self.firstIndex(of: UInt8(ascii: "\r"), from: self.cursor, to: limit) else {
            self.cursor = limit
            return self.buffer.writerIndex - self.lineStart > Self.maxLineLength ? .tooLong : .incomplete
        }
        guard carriageReturn + 1 < self.buffer.writerIndex else {
            self.cursor = carriageReturn
            return .incomplete
        }
        return .complete(carriageReturn)
    }

    // MARK: - hiredis

    /// Feeds `[readerIndex, limit)` to the reader, then takes out every complete request, in order.
    /// Returns `false` after reporting an error.
    private func takeReplies(upTo limit: Int, into requests: inout [QueryRequest]) -> Bool {
        let start = self.buffer.readerIndex
        if limit > start {
            let fed = self.buffer.withUnsafeReadableBytes { bytes in
                redisReaderFeed(self.reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), limit - start)
            }
            guard fed == REDIS_OK else {
                self.failWithReaderError(into: &requests)
                return false
            }
            self.buffer.moveReaderIndex(to: limit)
        }
        while self.completeRequests > 0 {
            var raw: UnsafeMutableRawPointer?
            guard redisReaderGetReply(self.reader, &raw) == REDIS_OK, let raw else {
                self.failWithReaderError(into: &requests)
                return false
            }
            self.completeRequests -= 1
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            let arguments = Self.arguments(of: reply)
            freeReplyObject(reply)
            guard let arguments else {
                self.fail("Protocol error: unexpected request shape", into: &requests)
                return false
            }
            requests.append(.command(arguments))
        }
        return true
    }

    /// The bulk strings of a request array; the framer guarantees this shape.
    private static func arguments(of reply: UnsafeMutablePointer<redisReply>) -> [String]? {
        let node = reply.pointee
        guard node.type == REDIS_REPLY_ARRAY else { return nil }
        var arguments: [String] = []
        arguments.reserveCapacity(node.elements)
        for index in 0..<node.elements {
            guard let element = node.element?[index]?.pointee, element.type == REDIS_REPLY_STRING else {
                return nil
            }
            let bytes = UnsafeRawBufferPointer(start: element.str, count: element.len)
            arguments.append(String(decoding: bytes, as: UTF8.self))
        }
        return arguments
    }

    // MARK: - Errors

    private func failWithReaderError(into requests: inout [QueryRequest]) {
        let text = String(cString: CHiredis_readerError(self.reader))
        self.fail("Protocol error: \(text.isEmpty ? "reader error \(self.reader.pointee.err)" : text)", into: &requests)
    }

    /// Delivers the requests completed before the bad one, then the error, then stops for good.
    private func fail(_ message: String, into requests: inout [QueryRequest]) {
        if case .failed = self.phase { return }
        self.phase = .failed  // first: a reader error while draining below ends in the guard above
        if self.completeRequests > 0 {
            // Complete requests are never fed past: they all lie before the current one.
            _ = self.takeReplies(upTo: self.requestStart, into: &requests)
        }
        requests.append(.protocolError(message))
        self.buffer = Self.emptyBuffer
    }

    // MARK: - Bytes

    private func shiftPositions(by offset: Int) {
        self.cursor += offset
        self.lineStart += offset
        self.requestStart += offset
    }

    private func byte(at index: Int) -> UInt8 {
        self.buffer.getInteger(at: index, as: UInt8.self) ?? 0
    }

    /// Absolute index of the first `byte` in `[start, end)`, using `memchr`.
    private func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        let base = self.buffer.readerIndex
        return self.buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard let origin = bytes.baseAddress,
                let hit = memchr(origin + (start - base), Int32(byte), end - start)
            else { return nil }
            return base + origin.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Runs `body` over the buffer bytes at absolute `range`.
    private func withBytes<Result>(
        _ range: Range<Int>,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let base = self.buffer.readerIndex
        return self.buffer.withUnsafeReadableBytes { bytes in
            body(UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound - base)..<(range.upperBound - base)]))
        }
    }

    /// Redis's `string2ll`: an optional `-` and decimal digits without leading zeros (`0` alone is
    /// fine), no `+`, no blanks, within `Int64`; `nil` otherwise.
    static func parseDecimal(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "0") { return 0 }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative {
            index = 1
        }
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "1"), bytes[index] <= UInt8(ascii: "9") else {
            return nil
        }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
