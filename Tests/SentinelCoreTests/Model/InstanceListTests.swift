import Testing

@testable import SentinelCore

/// `InstanceList`: discovery order kept, lookups by name and address always agree with the list.
@Suite struct InstanceListTests {
    func sentinel(_ runID: String, port: Int, host: String = "127.0.0.1") -> Instance {
        var instance = Instance(
            flags: .sentinel, name: runID, address: InstanceAddress(host: host, port: port), link: LinkID(1),
            downAfter: 5000, now: 0)
        instance.runID = runID
        return instance
    }

    @Test func appendKeepsOrderAndIndexes() {
        var list = InstanceList()
        list.append(self.sentinel("a", port: 1))
        list.append(self.sentinel("b", port: 2))
        list.append(self.sentinel("c", port: 1))  // same address as "a" (possible from config)
        #expect(list.map(\.name) == ["a", "b", "c"])
        #expect(list.index(of: "b") == 1)
        #expect(list.index(of: "z") == nil)
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 1)) == 0)  // the first one
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 3)) == nil)
        #expect(list.instance(named: "c")?.address.port == 1)
        #expect(list.isConsistent)
    }

    @Test func removalShiftsAndReindexes() {
        var list = InstanceList()
        for (i, name) in ["a", "b", "c", "d"].enumerated() { list.append(self.sentinel(name, port: i % 2)) }
        let removed = list.removeAll { $0.name == "a" || $0.name == "c" }
        #expect(removed.map(\.name) == ["a", "c"])
        #expect(list.map(\.name) == ["b", "d"])
        #expect(list.index(of: "d") == 1)
        #expect(list.index(of: "a") == nil)
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 0)) == nil)
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 1)) == 0)
        #expect(list.removeAll { $0.name == "zz" }.isEmpty)
        #expect(list.isConsistent)
        list.removeAll()
        #expect(list.isEmpty && list.index(of: "b") == nil && list.isConsistent)
        list.append(self.sentinel("b", port: 9))
        #expect(list.index(of: "b") == 0 && list.isConsistent)
    }

    @Test func changingAnAddressInPlaceReindexes() {
        var list = InstanceList()
        list.append(self.sentinel("a", port: 1))
        list.append(self.sentinel("b", port: 1))
        list[0].address = InstanceAddress(host: "127.0.0.1", port: 7)
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 7)) == 0)
        #expect(list.index(at: InstanceAddress(host: "127.0.0.1", port: 1)) == 1)
        list[1].flags.insert(.sDown)  // any other field: nothing to re-index
        #expect(list[1].flags.contains(.sDown))
        #expect(list.isConsistent)
    }
}
