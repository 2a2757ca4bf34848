import Testing

@testable import SentinelCore

/// The one rule for numbers from outside (`Saturating.swift`): timers saturate, epochs wrap.
@Suite struct SaturatingTests {
    @Test func additionClampsAtBothEnds() {
        #expect(Int64.max.addingSaturated(1) == .max)
        #expect(Int64.max.addingSaturated(.max) == .max)
        #expect(Int64.min.addingSaturated(-1) == .min)
        #expect(Int64(5).addingSaturated(-7) == -2)
    }

    @Test func subtractionClampsAtBothEnds() {
        #expect(Int64.min.subtractingSaturated(1) == .min)
        #expect(Int64.max.subtractingSaturated(-1) == .max)
        #expect(Int64(0).subtractingSaturated(.min) == .max)
        #expect(Int64(10).subtractingSaturated(3) == 7)
    }

    @Test func multiplicationClampsWithTheSignOfTheResult() {
        #expect(Int64.max.multipliedSaturated(by: 2) == .max)
        #expect(Int64.min.multipliedSaturated(by: 2) == .min)
        #expect(Int64.min.multipliedSaturated(by: -1) == .max)
        #expect(Int64(-3).multipliedSaturated(by: .max) == .min)
        #expect(Int64(1_000_000_000_000_000_000).multipliedSaturated(by: 10) == .max)
        #expect(Int64(30_000).multipliedSaturated(by: 10) == 300_000)
    }

    @Test func epochWrapsToZeroAsRedisDoes() {
        #expect(UInt64.max.nextEpoch == 0)
        #expect(UInt64(41).nextEpoch == 42)
    }
}
