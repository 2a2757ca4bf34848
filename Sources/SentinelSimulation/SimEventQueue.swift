/// A binary min-heap of timed events; ties keep insertion order, so runs are deterministic.
/// The heap moves only small (time, seq, slot) triples; events stay put in `slots`.
struct SimEventQueue<Event> {
    private var heap: [(time: Int64, seq: Int, slot: Int)] = []
    private var slots: [Event?] = []
    private var free: [Int] = []
    private var seq = 0

    var isEmpty: Bool { self.heap.isEmpty }
    var nextTime: Int64? { self.heap.first?.time }

    mutating func push(_ event: Event, at time: Int64) {
        self.seq += 1
        let slot: Int
        if let reused = self.free.popLast() {
            slot = reused
            self.slots[slot] = event
        } else {
            slot = self.slots.count
            self.slots.append(event)
        }
        self.heap.append((time, self.seq, slot))
        var i = self.heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard self.less(i, parent) else { break }
            self.heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (time: Int64, event: Event)? {
        guard !self.heap.isEmpty else { return nil }
        self.heap.swapAt(0, self.heap.count - 1)
        let top = self.heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < self.heap.count && self.less(l, m) { m = l }
            if r < self.heap.count && self.less(r, m) { m = r }
            if m == i { break }
            self.heap.swapAt(i, m)
            i = m
        }
        let event = self.slots[top.slot].take()!
        self.free.append(top.slot)
        return (top.time, event)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let x = self.heap[a]
        let y = self.heap[b]
        return x.time < y.time || (x.time == y.time && x.seq < y.seq)
    }
}
