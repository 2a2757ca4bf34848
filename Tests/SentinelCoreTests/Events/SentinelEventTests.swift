import Testing

@testable import SentinelCore

/// SPEC §11.1: an event's log line and pub/sub payload are cut to Redis's `LOG_MAX_LEN`.
@Suite struct SentinelEventTests {
    @Test func payloadIsCutTo1023BytesLikeTheMessageBufferOfSentinelEvent() {
        let long = "master m 127.0.0.1 6379 rename-command x " + String(repeating: "v", count: 5000)
        let event = SentinelEvent(level: .warning, type: "+set", message: long, primary: "m")
        #expect(event.publishedMessage.utf8.count == 1023)
        #expect(long.hasPrefix(event.publishedMessage))
        #expect(event.logText.utf8.count == 1023)
        let short = SentinelEvent(level: .warning, type: "+sdown", message: "master m 127.0.0.1 6379")
        #expect(short.publishedMessage == "master m 127.0.0.1 6379")
    }
}
