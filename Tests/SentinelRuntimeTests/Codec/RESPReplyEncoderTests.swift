import NIOCore
import SentinelCore
import Testing

@testable import SentinelRuntime

extension CodecTests {
    @Suite struct RESPReplyEncoderTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var value: RESPValue
            var resp2: String
            var resp3: String
            var testDescription: String { self.resp2.debugDescription }
        }

        static let cases: [Case] = [
            Case(value: .simpleString("OK"), resp2: "+OK\r\n", resp3: "+OK\r\n"),
            Case(value: .simpleString(""), resp2: "+\r\n", resp3: "+\r\n"),
            Case(value: .simpleString("a\r\nb\nc"), resp2: "+a  b c\r\n", resp3: "+a  b c\r\n"),
            Case(
                value: .error("ERR unknown command 'x'"),
                resp2: "-ERR unknown command 'x'\r\n",
                resp3: "-ERR unknown command 'x'\r\n"
            ),
            Case(value: .error("ERR line\r\nbreak"), resp2: "-ERR line  break\r\n", resp3: "-ERR line  break\r\n"),
            Case(value: .integer(0), resp2: ":0\r\n", resp3: ":0\r\n"),
            Case(value: .integer(9), resp2: ":9\r\n", resp3: ":9\r\n"),
            Case(value: .integer(10), resp2: ":10\r\n", resp3: ":10\r\n"),
            Case(value: .integer(-1), resp2: ":-1\r\n", resp3: ":-1\r\n"),
            Case(value: .integer(1_234_567_890), resp2: ":1234567890\r\n", resp3: ":1234567890\r\n"),
            Case(value: .integer(.max), resp2: ":9223372036854775807\r\n", resp3: ":9223372036854775807\r\n"),
            Case(value: .integer(.min), resp2: ":-9223372036854775808\r\n", resp3: ":-9223372036854775808\r\n"),
            Case(value: .bulkString("hello"), resp2: "$5\r\nhello\r\n", resp3: "$5\r\nhello\r\n"),
            Case(value: .bulkString(""), resp2: "$0\r\n\r\n", resp3: "$0\r\n\r\n"),
            Case(value: .bulkString("é\r\n"), resp2: "$4\r\né\r\n\r\n", resp3: "$4\r\né\r\n\r\n"),
            Case(value: .null, resp2: "$-1\r\n", resp3: "_\r\n"),
            Case(value: .nullArray, resp2: "*-1\r\n", resp3: "_\r\n"),
            Case(value: .array([]), resp2: "*0\r\n", resp3: "*0\r\n"),
            Case(
                value: .array([.bulkString("a"), .integer(1), .array([.null, .simpleString("x")])]),
                resp2: "*3\r\n$1\r\na\r\n:1\r\n*2\r\n$-1\r\n+x\r\n",
                resp3: "*3\r\n$1\r\na\r\n:1\r\n*2\r\n_\r\n+x\r\n"
            ),
            Case(
                value: .fields([("name", .bulkString("mymaster")), ("port", .bulk(6379))]),
                resp2: "*4\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6379\r\n",
                resp3: "%2\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6379\r\n"
            ),
            Case(value: .map([]), resp2: "*0\r\n", resp3: "%0\r\n"),
            Case(
                value: .push([.bulkString("message"), .bulkString("+sdown"), .bulkString("master m 1.2.3.4 6379")]),
                resp2: "*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$21\r\nmaster m 1.2.3.4 6379\r\n",
                resp3: ">3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$21\r\nmaster m 1.2.3.4 6379\r\n"
            ),
            Case(value: .double(1.5), resp2: "$3\r\n1.5\r\n", resp3: ",1.5\r\n"),
            Case(value: .double(0), resp2: "$1\r\n0\r\n", resp3: ",0\r\n"),
            Case(value: .double(0.1), resp2: "$19\r\n0.10000000000000001\r\n", resp3: ",0.10000000000000001\r\n"),
            Case(value: .double(-3), resp2: "$2\r\n-3\r\n", resp3: ",-3\r\n"),
            Case(
                value: .double(1e300),
                resp2: "$23\r\n1.0000000000000001e+300\r\n",
                resp3: ",1.0000000000000001e+300\r\n"
            ),
            Case(value: .double(.infinity), resp2: "$3\r\ninf\r\n", resp3: ",inf\r\n"),
            Case(value: .double(-.infinity), resp2: "$4\r\n-inf\r\n", resp3: ",-inf\r\n"),
            Case(value: .boolean(true), resp2: ":1\r\n", resp3: "#t\r\n"),
            Case(value: .boolean(false), resp2: ":0\r\n", resp3: "#f\r\n"),
        ]

        private func encode(_ value: RESPValue, protocolVersion: Int) -> String {
            var buffer = ByteBuffer()
            RESPReplyEncoder.encode(value, protocolVersion: protocolVersion, into: &buffer)
            return String(buffer: buffer)
        }

        @Test(arguments: Self.cases)
        func encodesRESP2(_ testCase: Case) {
            #expect(self.encode(testCase.value, protocolVersion: 2) == testCase.resp2)
        }

        @Test(arguments: Self.cases)
        func encodesRESP3(_ testCase: Case) {
            #expect(self.encode(testCase.value, protocolVersion: 3) == testCase.resp3)
        }

        @Test func appendsAfterExistingBytes() {
            var buffer = ByteBuffer(string: "junk")
            buffer.moveReaderIndex(forwardBy: 2)
            RESPReplyEncoder.encode(.simpleString("a\nb"), protocolVersion: 2, into: &buffer)
            RESPReplyEncoder.encode(.integer(-42), protocolVersion: 2, into: &buffer)
            #expect(String(buffer: buffer) == "nk+a b\r\n:-42\r\n")
        }

        @Test func nanIsFormattedAsPrintfDoes() {
            #expect(["$3\r\nnan\r\n", "$4\r\n-nan\r\n"].contains(self.encode(.double(.nan), protocolVersion: 2)))
        }

        @Test func resp2OutputParsesBackWithHiredis() throws {
            var buffer = ByteBuffer()
            let values = Self.cases.map(\.value).filter {
                if case .nullArray = $0 { return false }  // hiredis 0.14 reads `*-1` as nil too
                return true
            }
            for value in values {
                RESPReplyEncoder.encode(value, protocolVersion: 2, into: &buffer)
            }
            let decoded = try HiredisReplyDecoderTests.decode([Array(buffer.readableBytesView)])
            #expect(decoded.count == values.count)
        }
    }
}
