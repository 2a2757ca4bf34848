import NIOCore
import NIOEmbedded
import SentinelCore
import Testing

@testable import SentinelRuntime

extension CodecTests {
    @Suite struct QueryRequestDecoderTests {
        typealias Support = CodecTestSupport

        /// Decodes `text` whole, at every split and byte by byte, expects the same every time, returns it.
        func decodeEveryWay(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
            -> [QueryRequest]
        {
            let bytes = Array(text.utf8)
            let whole = try Support.requests([bytes])
            for chunks in Support.chunkings(of: bytes) {
                let split = try Support.requests(chunks)
                #expect(split == whole, "chunks: \(chunks.map(\.count))", sourceLocation: sourceLocation)
            }
            return whole
        }

        // MARK: Inline

        @Test func inlineCommand() throws {
            #expect(try self.decodeEveryWay("PING\r\n") == [.command(["PING"])])
            #expect(try self.decodeEveryWay("PING\n") == [.command(["PING"])])
            #expect(
                try self.decodeEveryWay("  SENTINEL   get-master-addr-by-name\tmymaster \r\n")
                    == [.command(["SENTINEL", "get-master-addr-by-name", "mymaster"])]
            )
        }

        @Test func strayNewlineAfterInlinePingIsIgnored() throws {
            // SPEC §13.1: `PING\r\n\n` must get exactly one reply.
            #expect(try self.decodeEveryWay("PING\r\n\n") == [.command(["PING"])])
            #expect(try self.decodeEveryWay("\r\n\n   \r\nPING\r\n\r\n") == [.command(["PING"])])
        }

        @Test func incompleteInlineLineWaits() throws {
            #expect(try Support.requests("PING") == [])
            #expect(try Support.requests("PING\r") == [])
        }

        @Test func carriageReturnInsideAnInlineLineSeparatesArguments() throws {
            // Redis strips one `\r` before the `\n`; sdssplitargs treats others as blanks.
            #expect(try self.decodeEveryWay("PING\rPING\r\n") == [.command(["PING", "PING"])])
            #expect(try self.decodeEveryWay("ECHO a\r\r\n") == [.command(["ECHO", "a"])])
        }

        @Test func quotedArguments() throws {
            let line = #"SET "a b" 'c d' "\x41\x7a\n\r\t\b\a\\\"\q" 'it\'s' foo"bar" ""  ''"# + "\r\n"
            #expect(
                try self.decodeEveryWay(line)
                    == [.command(["SET", "a b", "c d", "Az\n\r\t\u{08}\u{07}\\\"q", "it's", "foobar", "", ""])]
            )
            #expect(try self.decodeEveryWay(#"ECHO "\xZZ" '\n'"# + "\n") == [.command(["ECHO", "xZZ", "\\n"])])
        }

        @Test(arguments: [#"ECHO "a"#, #"ECHO "a"b"#, "ECHO 'a'b", "ECHO 'a", #"ECHO "a\"#, #"""#])
        func unbalancedQuotes(_ line: String) throws {
            #expect(
                try self.decodeEveryWay(line + "\r\nPING\r\n") == [
                    .protocolError("Protocol error: unbalanced quotes in request")
                ]
            )
        }

        @Test func inlineLineEndsAtNUL() throws {
            #expect(
                try Support.requests([Array("ECHO a".utf8) + [0] + Array("b c\n".utf8)]) == [.command(["ECHO", "a"])]
            )
        }

        @Test func tooBigInlineRequest() throws {
            let limit = QueryRequestDecoder.maxLineLength
            let atLimit = [UInt8](repeating: UInt8(ascii: "A"), count: limit)
            #expect(try Support.requests([atLimit]) == [])
            #expect(
                try Support.requests([atLimit, [UInt8(ascii: "\n")]]) == [
                    .command([String(repeating: "A", count: limit)])
                ]
            )
            let error = QueryRequest.protocolError("Protocol error: too big inline request")
            #expect(try Support.requests([atLimit, [UInt8(ascii: "A")]]) == [error])
            #expect(try Support.requests([atLimit + Array("A\r\n".utf8)]) == [error])  // same whatever the reads
            let chunks = Array(repeating: [UInt8](repeating: UInt8(ascii: "B"), count: 1000), count: 70)
            #expect(try Support.requests(chunks) == [error])
        }

        // MARK: Multibulk

        @Test func multibulkCommand() throws {
            #expect(
                try self.decodeEveryWay("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv w\r\n")
                    == [.command(["SET", "k", "v w"])]
            )
            #expect(try self.decodeEveryWay("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n") == [.command(["ECHO", ""])])
            #expect(try self.decodeEveryWay("*1\r\n$6\r\nhé\r\nl\r\n") == [.command(["hé\r\nl"])])
        }

        @Test func emptyAndNullMultibulkAreIgnored() throws {
            #expect(try self.decodeEveryWay("*0\r\n*-1\r\n*-5\r\nPING\r\n*0\r\n") == [.command(["PING"])])
        }

        @Test func payloadTerminatorIsNotCheckedLikeRedis() throws {
            // redis-server 7.0.15 answers +PONG twice to exactly these bytes.
            #expect(
                try self.decodeEveryWay("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n") == [
                    .command(["PING"]), .command(["PING"]),
                ]
            )
        }

        @Test func largeBulkStreamsThroughInSmallReads() throws {
            let payload = String(repeating: "0123456789abcdef", count: 65536)  // 1 MiB
            let bytes = Array(
                "*3\r\n$7\r\nPUBLISH\r\n$18\r\n__sentinel__:hello\r\n$\(payload.utf8.count)\r\n\(payload)\r\n".utf8
            )
            let chunks = stride(from: 0, to: bytes.count, by: 4096).map {
                Array(bytes[$0..<min(bytes.count, $0 + 4096)])
            }
            #expect(try Support.requests(chunks) == [.command(["PUBLISH", "__sentinel__:hello", payload])])
        }

        // MARK: Mixed and pipelined

        @Test func mixesInlineAndMultibulk() throws {
            let stream =
                "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nINFO server\n\n*1\r\n$4\r\nROLE\r\nSENTINEL masters\r\n"
            #expect(
                try self.decodeEveryWay(stream) == [
                    .command(["PING"]), .command(["ECHO", "hi"]), .command(["INFO", "server"]), .command(["ROLE"]),
                    .command(["SENTINEL", "masters"]),
                ]
            )
        }

        @Test func pipelinedThousandCommands() throws {
            var stream = ""
            var expected: [QueryRequest] = []
            for index in 0..<1000 {
                if index % 3 == 0 {
                    stream += "PING \(index)\r\n"
                    expected.append(.command(["PING", "\(index)"]))
                } else {
                    let key = "key:\(index)"
                    stream += "*3\r\n$3\r\nSET\r\n$\(key.utf8.count)\r\n\(key)\r\n$1\r\nv\r\n"
                    expected.append(.command(["SET", key, "v"]))
                }
            }
            let bytes = Array(stream.utf8)
            #expect(try Support.requests([bytes]) == expected)
            for size in [1, 7, 100, 4096] {
                let chunks = stride(from: 0, to: bytes.count, by: size).map {
                    Array(bytes[$0..<min(bytes.count, $0 + size)])
                }
                #expect(try Support.requests(chunks) == expected, "chunk size \(size)")
            }
        }

        // MARK: Protocol errors (texts checked against redis-server 7.0.15, which prefixes `-ERR `)

        @Test(arguments: [
            ("*1\r\n:5\r\n", "Protocol error: expected '$', got ':'"),
            ("*1\r\n*1\r\n", "Protocol error: expected '$', got '*'"),
            ("*2\r\n$4\r\nECHO\r\n+x\r\n", "Protocol error: expected '$', got '+'"),
            ("*abc\r\n", "Protocol error: invalid multibulk length"),
            ("*01\r\n", "Protocol error: invalid multibulk length"),
            ("*+1\r\n", "Protocol error: invalid multibulk length"),
            ("*-0\r\n", "Protocol error: invalid multibulk length"),
            ("*\r\n", "Protocol error: invalid multibulk length"),
            ("*2147483648\r\n", "Protocol error: invalid multibulk length"),
            ("*99999999999999999999\r\n", "Protocol error: invalid multibulk length"),
            ("*1\r\n$-1\r\n", "Protocol error: invalid bulk length"),
            ("*1\r\n$abc\r\n", "Protocol error: invalid bulk length"),
            ("*1\r\n$\r\n", "Protocol error: invalid bulk length"),
            ("*1\r\n$536870913\r\n", "Protocol error: invalid bulk length"),
        ])
        func protocolErrors(_ input: String, _ message: String) throws {
            #expect(try self.decodeEveryWay(input + "PING\r\n") == [.protocolError(message)])
        }

        @Test func headerCarriageReturnMustBeFollowedByNewline() throws {
            // A known difference: redis-server 7.0.15 skips any byte after the `\r` and answers +PONG;
            // hiredis frames on `\r\n`, so the decoder refuses instead of desynchronising.
            #expect(
                try self.decodeEveryWay("*1\rX$4\r\nPING\r\n") == [
                    .protocolError("Protocol error: invalid multibulk length")
                ]
            )
            #expect(
                try self.decodeEveryWay("*1\r\n$4\rXPING\r\n") == [
                    .protocolError("Protocol error: invalid bulk length")
                ]
            )
        }

        @Test func limitsThemselvesAreAccepted() throws {
            #expect(try Support.requests("*2147483647\r\n") == [])
            #expect(try Support.requests("*1\r\n$536870912\r\n") == [])
        }

        @Test func tooBigCountStrings() throws {
            let digits = [UInt8](repeating: UInt8(ascii: "1"), count: QueryRequestDecoder.maxLineLength)
            #expect(try Support.requests([[UInt8(ascii: "*")] + digits.dropLast()]) == [])
            #expect(
                try Support.requests([[UInt8(ascii: "*")] + digits])
                    == [.protocolError("Protocol error: too big mbulk count string")]
            )
            #expect(
                try Support.requests([Array("*1\r\n$".utf8) + digits])
                    == [.protocolError("Protocol error: too big bulk count string")]
            )
        }

        @Test func requestsBeforeAnErrorAreDeliveredThenNothingElse() throws {
            #expect(
                try self.decodeEveryWay("*1\r\n$4\r\nPING\r\nINFO\r\n*1\r\n:5\r\n*1\r\n$4\r\nPING\r\n")
                    == [
                        .command(["PING"]), .command(["INFO"]), .protocolError("Protocol error: expected '$', got ':'"),
                    ]
            )
            let channel = EmbeddedChannel(handler: QueryRequestDecoder())
            try channel.writeInbound(Support.buffer(Array("ECHO \"x\r\n".utf8)))
            #expect(
                try channel.readInbound(as: QueryRequest.self)
                    == .protocolError("Protocol error: unbalanced quotes in request")
            )
            try channel.writeInbound(Support.buffer(Array("PING\r\n*1\r\n$4\r\nPING\r\n".utf8)))
            #expect(try channel.readInbound(as: QueryRequest.self) == nil)
            #expect(try channel.finish().isClean)
        }

        @Test func garbageNeverCrashesAndDoesNotDependOnReads() throws {
            var generator = Support.SeededGenerator(state: 0x5EED)
            let alphabet = Array("*$:+-\r\n\r\n 0123456789\"'\\xABab".utf8)
            for round in 0..<200 {
                let length = Int.random(in: 1...300, using: &generator)
                let bytes: [UInt8] = (0..<length).map { _ in
                    Bool.random(using: &generator)
                        ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                }
                let whole = try Support.requests([bytes])
                let errors = whole.filter { if case .protocolError = $0 { true } else { false } }
                #expect(errors.count <= 1)
                if !errors.isEmpty {
                    #expect(whole.last == errors.first, "round \(round)")
                }
                var chunks: [[UInt8]] = []
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...16, using: &generator))
                    chunks.append(Array(bytes[start..<end]))
                    start = end
                }
                #expect(try Support.requests(chunks) == whole, "round \(round)")
            }
        }

        // MARK: Helpers

        @Test(
            arguments: [
                ("0", 0), ("1", 1), ("-1", -1), ("1048576", 1_048_576), ("9223372036854775807", Int64.max),
                ("-9223372036854775808", Int64.min),
            ] as [(String, Int64)]
        )
        func parsesDecimalsLikeString2ll(_ text: String, _ value: Int64) {
            #expect(Array(text.utf8).withUnsafeBytes { QueryRequestDecoder.parseDecimal($0) } == value)
        }

        @Test(arguments: ["", "-", "+1", "01", "-0", " 1", "1 ", "1a", "9223372036854775808", "-9223372036854775809"])
        func rejectsWhatString2llRejects(_ text: String) {
            #expect(Array(text.utf8).withUnsafeBytes { QueryRequestDecoder.parseDecimal($0) } == nil)
        }

        @Test func splitterMatchesSdssplitargs() {
            #expect(ArgumentSplitter.split(Array("".utf8)) == [])
            #expect(ArgumentSplitter.split(Array(" \t\u{0B}\u{0C} ".utf8)) == [])
            // `\v` and `\f` are skipped between arguments (isspace) but do not end one, as in sdssplitargs.
            #expect(ArgumentSplitter.split(Array("a\u{0B}b".utf8)) == ["a\u{0B}b"])
            #expect(ArgumentSplitter.split(Array("\"a\"\t'b'".utf8)) == ["a", "b"])
            #expect(ArgumentSplitter.split(Array(#""\xc3\xa9""#.utf8)) == ["é"])
            #expect(ArgumentSplitter.split(Array(#""a"b"#.utf8)) == nil)
        }
    }
}
