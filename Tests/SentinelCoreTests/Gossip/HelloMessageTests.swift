import Testing

@testable import SentinelCore

/// SPEC §5.6, §5.7: hello payloads as `sentinelSendHello` writes and `sentinelProcessHelloMessage` reads them.
@Suite struct HelloMessageTests {
    static let runID = "6ee2c3b5a7f6a1d08d7e84c5f1f3b1e5a3d2c939"

    static let hello = HelloMessage(
        sentinelHost: "127.0.0.1",
        sentinelPort: 26379,
        runID: Self.runID,
        currentEpoch: 7,
        primaryName: "mymaster",
        primaryHost: "127.0.0.1",
        primaryPort: 6379,
        primaryConfigEpoch: 3
    )

    @Test func rendersThePayload() {
        #expect(Self.hello.payload == "127.0.0.1,26379,\(Self.runID),7,mymaster,127.0.0.1,6379,3")
    }

    @Test func rendersFullRangeNumbers() {
        var hello = Self.hello
        hello.currentEpoch = UInt64.max
        hello.primaryConfigEpoch = 0
        hello.sentinelPort = -1
        #expect(hello.payload == "127.0.0.1,-1,\(Self.runID),18446744073709551615,mymaster,127.0.0.1,6379,0")
    }

    static let roundTripPayloads = [
        "127.0.0.1,26379,\(runID),7,mymaster,127.0.0.1,6379,3",
        "::1,26379,\(runID),0,mymaster,::1,6379,0",
        "fe80::1%eth0,26380,\(runID),18446744073709551615,my master,redis-0.example.com,6380,42",
        ",0,,0,,,0,0",
    ]

    @Test(arguments: Self.roundTripPayloads)
    func roundTrips(_ payload: String) throws {
        let hello = try #require(HelloMessage(payload: payload))
        #expect(hello.payload == payload)
        #expect(HelloMessage(payload: hello.payload) == hello)
    }

    @Test func parsesFields() throws {
        let hello = try #require(HelloMessage(payload: "::1,26380,\(Self.runID),5,mymaster,::2,6380,4"))
        #expect(
            hello
                == HelloMessage(
                    sentinelHost: "::1",
                    sentinelPort: 26380,
                    runID: Self.runID,
                    currentEpoch: 5,
                    primaryName: "mymaster",
                    primaryHost: "::2",
                    primaryPort: 6380,
                    primaryConfigEpoch: 4
                )
        )
    }

    static let wrongTokenCounts = [
        "",
        ",",
        "127.0.0.1,26379,\(runID),7,mymaster,127.0.0.1,6379",
        "127.0.0.1,26379,\(runID),7,mymaster,127.0.0.1,6379,3,extra",
        "127.0.0.1,26379,\(runID),7,mymaster,127.0.0.1,6379,3,",
        "127.0.0.1 26379 \(runID) 7 mymaster 127.0.0.1 6379 3",
    ]

    @Test(arguments: Self.wrongTokenCounts)
    func rejectsAnythingButEightTokens(_ payload: String) {
        #expect(HelloMessage(payload: payload) == nil)
    }

    /// `atoi` for ports, `strtoull` for epochs: nothing is rejected, garbage becomes numbers.
    static let numericFields:
        [(payload: String, port: Int, currentEpoch: UInt64, primaryPort: Int, configEpoch: UInt64)] = [
            ("h,abc,r,abc,m,h,abc,abc", 0, 0, 0, 0),
            ("h,26379abc,r,7x,m,h,6379:1,3.5", 26379, 7, 6379, 3),
            ("h, 26379,r, 7,m,h,\t6379,+3", 26379, 7, 6379, 3),
            ("h,-1,r,-1,m,h,-6379,-2", -1, UInt64.max, -6379, UInt64.max - 1),
            (
                "h,4294967297,r,18446744073709551616,m,h,99999999999999999999,18446744073709551615", 1, UInt64.max, -1,
                UInt64.max
            ),
            ("h,,r,,m,h,,", 0, 0, 0, 0),
        ]

    @Test(arguments: Self.numericFields)
    func parsesNumbersLikeRedis(
        _ payload: String,
        port: Int,
        currentEpoch: UInt64,
        primaryPort: Int,
        configEpoch: UInt64
    ) throws {
        let hello = try #require(HelloMessage(payload: payload))
        #expect(hello.sentinelPort == port)
        #expect(hello.currentEpoch == currentEpoch)
        #expect(hello.primaryPort == primaryPort)
        #expect(hello.primaryConfigEpoch == configEpoch)
    }

    @Test func fieldsEndAtNUL() throws {
        let hello = try #require(HelloMessage(payload: "1.2.3.4\u{0}x,26379,r\u{0}un,1,my\u{0}master,h,1,1"))
        #expect(hello.sentinelHost == "1.2.3.4")
        #expect(hello.runID == "r")
        #expect(hello.primaryName == "my")
    }
}
