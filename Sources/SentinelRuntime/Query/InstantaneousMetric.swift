import SentinelCore

/// Redis's `trackInstantaneousMetric`: every 100 ms (in serverCron) the rate since the previous
/// sample is stored in a ring of 16; INFO shows their mean (`instantaneous_ops_per_sec`, the kbps).
struct InstantaneousMetric {
    static let samples = 16
    static let period: Int64 = 100

    private var ring = [Double](repeating: 0, count: InstantaneousMetric.samples)
    private var next = 0
    private var lastTime: Int64 = 0
    private var lastValue = 0

    /// Records `value` (a running total) at `now` ms, at most once per period.
    mutating func track(_ value: Int, now: Int64) {
        guard now - self.lastTime >= Self.period else { return }
        let elapsed = now - self.lastTime
        let rate = self.lastTime == 0 ? 0 : Double(value - self.lastValue) * 1000 / Double(elapsed)
        self.ring[self.next] = rate
        self.next = (self.next + 1) % Self.samples
        self.lastTime = now
        self.lastValue = value
    }

    /// The mean rate per second over the ring.
    var perSecond: Double { self.ring.reduce(0, +) / Double(Self.samples) }
}

/// The sampled rates INFO stats shows.
struct InstantaneousMetrics {
    var commands = InstantaneousMetric()
    var input = InstantaneousMetric()
    var output = InstantaneousMetric()

    mutating func track(_ stats: QueryStats, now: Int64) {
        self.commands.track(stats.commandsProcessed, now: now)
        self.input.track(stats.inputBytes, now: now)
        self.output.track(stats.outputBytes, now: now)
    }
}
