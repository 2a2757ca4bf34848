/// The link retries a tick could not open within its budget (`SentinelConstants
/// .maxRetryConnectsPerTick`), first come first served.
///
/// Without the line, the budget went to whichever links the tick walks first: those retried a
/// second ago were due again before the ones still waiting were reached, and the last thousand of
/// 3,000 unreachable peers were never retried at all. A link is in the line at most once
/// (`Link.waitingForRetry`); an entry whose link or instance is gone by its turn is dropped.
struct RetryQueue: Sendable {
    private var entries: [(ref: InstanceRef, link: LinkID)] = []
    private var head = 0

    var isEmpty: Bool { self.head == self.entries.count }
    var count: Int { self.entries.count - self.head }

    mutating func append(_ ref: InstanceRef, _ link: LinkID) {
        self.entries.append((ref, link))
    }

    /// The entry whose turn it is, left in line.
    var first: (ref: InstanceRef, link: LinkID)? { self.isEmpty ? nil : self.entries[self.head] }

    mutating func popFirst() -> (ref: InstanceRef, link: LinkID)? {
        guard !self.isEmpty else { return nil }
        let first = self.entries[self.head]
        self.head += 1
        // Served entries are dropped once they are half the storage: O(1) amortised.
        if self.head == self.entries.count {
            self.entries.removeAll(keepingCapacity: true)
            self.head = 0
        } else if self.head > 64, self.head * 2 > self.entries.count {
            self.entries.removeFirst(self.head)
            self.head = 0
        }
        return first
    }
}
