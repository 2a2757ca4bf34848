/// The one rule for numbers that come from outside (config file, command line, `SENTINEL SET`,
/// `SENTINEL DEBUG`, `CLIENT PAUSE`, hellos, `IS-MASTER-DOWN-BY-ADDR`, INFO fields): arithmetic on
/// them never traps.
///
/// Redis does this arithmetic in C, where a huge timer wraps silently; a Swift `+` or `*` on the
/// same value kills the daemon (SIGILL). Two behaviours cover every case:
///
/// - **Timers and periods saturate.** `failover-timeout 9223372036854775807` means "never": a
///   deadline computed from it must land at `Int64.max`, not wrap into the past (which would fire
///   the timer at once, the opposite of what the operator asked for).
/// - **Epochs wrap**, as Redis's `uint64_t` counters do (`current_epoch++` after `UInt64.max` is 0),
///   so a peer that announced `18446744073709551615` cannot stop every later failover; Redis 7.0
///   completes the failover at epoch 0 and so do we.
///
/// Use these instead of `&+` by hand: the name says which of the two a call site wants.
extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max`.
    @inlinable
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (result, overflow) = self.addingReportingOverflow(other)
        guard overflow else { return result }
        return other > 0 ? .max : .min
    }

    /// `self - other`, clamped to `Int64.min...Int64.max`.
    @inlinable
    public func subtractingSaturated(_ other: Int64) -> Int64 {
        let (result, overflow) = self.subtractingReportingOverflow(other)
        guard overflow else { return result }
        return other < 0 ? .max : .min
    }

    /// `self * factor`, clamped to `Int64.min...Int64.max`.
    @inlinable
    public func multipliedSaturated(by factor: Int64) -> Int64 {
        let (result, overflow) = self.multipliedReportingOverflow(by: factor)
        guard overflow else { return result }
        return (self < 0) == (factor < 0) ? .max : .min
    }
}

extension UInt64 {
    /// The epoch after this one, wrapping to 0 after `UInt64.max` as Redis's `current_epoch++` does.
    @inlinable
    public var nextEpoch: UInt64 { self &+ 1 }
}
