import Testing

@testable import SentinelCore

/// The query-port limits a config file sets (`ServerOptions.clientLimits`), as the runtime enforces them.
@Suite struct ClientLimitsTests {
    @Test func defaultsAreRedis70s() throws {
        let limits = try parseConfig("sentinel monitor m 127.0.0.1 6379 2\n").server.clientLimits
        #expect(limits.protoMaxBulkLen == 512 * 1024 * 1024)
        #expect(limits.queryBufferLimit == 1024 * 1024 * 1024)
        #expect(limits.normalOutput == OutputBufferLimit(hard: 0, soft: 0, seconds: 0))
        #expect(limits.normalOutput.isUnlimited)
        #expect(limits.pubsubOutput == OutputBufferLimit(hard: 32 << 20, soft: 8 << 20, seconds: 60))
    }

    @Test func linesAreReplayedInOrderAndTheLastOneWins() throws {
        let text = """
            proto-max-bulk-len 2mb
            client-query-buffer-limit 4mb
            client-output-buffer-limit pubsub 1mb 512kb 10 normal 100mb 50mb 5
            client-output-buffer-limit PUBSUB 2mb 1mb 20 replica 1gb 1gb 0
            proto-max-bulk-len 3mb
            """
        let limits = try parseConfig(text).server.clientLimits
        #expect(limits.protoMaxBulkLen == 3 << 20)
        #expect(limits.queryBufferLimit == 4 << 20)
        #expect(limits.normalOutput == OutputBufferLimit(hard: 100 << 20, soft: 50 << 20, seconds: 5))
        #expect(limits.pubsubOutput == OutputBufferLimit(hard: 2 << 20, soft: 1 << 20, seconds: 20))
    }
}
