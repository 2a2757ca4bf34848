import CHiredis
import NIOCore
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The framer and the reader behind `QueryRequestDecoder`: header lines checked as Redis 7.0
/// checks them, complete requests handed to hiredis, errors, and the byte helpers.
extension QueryRequestDecoder {
    // MARK: - Framing

    /// Consumes as much of `buffer` as possible, appending finished requests in stream order.
    func parse(into requests: inout [QueryRequest], context: ChannelHandlerContext?) {
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

    enum HeaderLine {
        /// The line ends with the `\r` at this index, and the byte after it has arrived.
        case complete(Int)
        case incomplete
        /// More than `maxLineLength` bytes and no `\r`.
        case tooLong
    }

    /// Looks for the `\r` that ends the header line at `lineStart`. Like Redis, which searches for
    /// `\r` and then needs one more byte; only the first `maxLineLength + 1` bytes are searched, so
    /// the outcome does not depend on how the bytes were split into reads.
    func scanHeaderLine() -> HeaderLine {
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
    func takeReplies(upTo limit: Int, into requests: inout [QueryRequest]) -> Bool {
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
    static func arguments(of reply: UnsafeMutablePointer<redisReply>) -> [String]? {
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

    func failWithReaderError(into requests: inout [QueryRequest]) {
        let text = String(cString: CHiredis_readerError(self.reader))
        self.fail("Protocol error: \(text.isEmpty ? "reader error \(self.reader.pointee.err)" : text)", into: &requests)
    }

    /// Delivers the requests completed before the bad one, then the error, then stops for good.
    func fail(_ message: String, into requests: inout [QueryRequest]) {
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

    func shiftPositions(by offset: Int) {
        self.cursor += offset
        self.lineStart += offset
        self.requestStart += offset
    }

    func byte(at index: Int) -> UInt8 {
        self.buffer.getInteger(at: index, as: UInt8.self) ?? 0
    }

    /// Absolute index of the first `byte` in `[start, end)`, using `memchr`.
    func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
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
    func withBytes<Result>(
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
