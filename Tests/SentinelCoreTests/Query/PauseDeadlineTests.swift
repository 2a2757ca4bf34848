import Testing

@testable import SentinelCore

/// CLIENT PAUSE arithmetic on client-supplied timeouts: nothing traps, whatever the number.
@Suite struct PauseDeadlineTests {
    static let now: Int64 = 1_234_567

    @Test func ordinaryTimeouts() {
        #expect(PauseDeadline.until(timeout: 0, now: Self.now) == 0)
        #expect(PauseDeadline.until(timeout: 500, now: Self.now) == Self.now + 500)
        #expect(PauseDeadline.timerDelay(until: Self.now + 500, now: Self.now) == 500)
        #expect(PauseDeadline.timerDelay(until: 0, now: Self.now) == 0)
    }

    @Test func largestTimeoutWrapsIntoThePastAsRedis70Does() {
        let until = PauseDeadline.until(timeout: Int64.max, now: Self.now)
        #expect(until < Self.now)  // over at once, like redis-sentinel 7.0.15
        #expect(PauseDeadline.timerDelay(until: until, now: Self.now) == 0)  // used to trap here
    }

    @Test(arguments: [Int64.max - 1_234_567, Int64.max / 2, 9_223_372_036_854_775, 86_400_001])
    func hugeDelaysAreCappedToOneTimerStep(_ timeout: Int64) {
        let until = PauseDeadline.until(timeout: timeout, now: Self.now)
        #expect(until > Self.now)
        #expect(PauseDeadline.timerDelay(until: until, now: Self.now) == PauseDeadline.maxTimerDelay)
    }

    @Test func extremeClockValuesDoNotTrap() {
        #expect(PauseDeadline.timerDelay(until: Int64.min, now: Int64.max) == 0)
        #expect(PauseDeadline.timerDelay(until: Int64.max, now: Int64.min) == PauseDeadline.maxTimerDelay)
        #expect(PauseDeadline.until(timeout: Int64.max, now: Int64.max) == -2)
    }
}
