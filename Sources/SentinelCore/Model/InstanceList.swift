/// The replicas or the sentinels of one master: ordered by discovery (replies and the simulation
/// depend on that order), found by name and by address in O(1).
///
/// Peers can add instances at will (a hello names any runid and address, an INFO any replica), so
/// nothing that runs per instance may scan the list: with thousands of injected sentinels the tick
/// and every hello were quadratic. The indexes live here and every change goes through this type,
/// so no call site can forget them.
///
/// Appending and changing an instance in place are O(1). Removal shifts the array (the order must
/// hold) and rebuilds the indexes, O(n); it is rare (address switches, RESET, failover), and one
/// hello removes at most one runid, as Redis's `removeMatchingSentinelFromMaster` scans its dict.
struct InstanceList: Sendable, RandomAccessCollection {
    private var elements: [Instance] = []
    /// Position by name (replicas: `ip:port`, sentinels: runid); names are unique in a list.
    private var byName: [String: Int] = [:]
    /// Position of the first instance with an address (several may share one, e.g. from config).
    private var byAddress: [InstanceAddress: Int] = [:]

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { self.elements.count }

    /// An instance, changed in place. A change of its name or address re-indexes the list.
    subscript(position: Int) -> Instance {
        _read {
            yield self.elements[position]
        }
        _modify {
            let name = self.elements[position].name
            let address = self.elements[position].address
            defer {
                if self.elements[position].name != name || self.elements[position].address != address {
                    self.reindex()
                }
            }
            yield &self.elements[position]
        }
    }

    /// Where the instance with this name is.
    func index(of name: String) -> Int? {
        self.byName[name]
    }

    /// The instance with this name.
    func instance(named name: String) -> Instance? {
        self.byName[name].map { self.elements[$0] }
    }

    /// Where the first instance with this address (host and port) is.
    func index(at address: InstanceAddress) -> Int? {
        self.byAddress[address]
    }

    /// Adds an instance at the end; its name must not be in the list yet.
    mutating func append(_ instance: Instance) {
        precondition(self.byName[instance.name] == nil, "\(instance.name) is already in the list")
        let position = self.elements.count
        self.elements.append(instance)
        self.byName[instance.name] = position
        if self.byAddress[instance.address] == nil { self.byAddress[instance.address] = position }
    }

    /// Removes every instance that matches, keeping the order of the others; returns the removed.
    @discardableResult
    mutating func removeAll(where shouldRemove: (Instance) -> Bool) -> [Instance] {
        var kept: [Instance] = []
        var removed: [Instance] = []
        for instance in self.elements {
            if shouldRemove(instance) { removed.append(instance) } else { kept.append(instance) }
        }
        guard !removed.isEmpty else { return [] }
        self.elements = kept
        self.reindex()
        return removed
    }

    /// Removes every instance.
    mutating func removeAll() {
        self.elements.removeAll()
        self.byName.removeAll()
        self.byAddress.removeAll()
    }

    private mutating func reindex() {
        self.byName.removeAll(keepingCapacity: true)
        self.byAddress.removeAll(keepingCapacity: true)
        for (position, instance) in self.elements.enumerated() {
            precondition(self.byName[instance.name] == nil, "\(instance.name) is twice in the list")
            self.byName[instance.name] = position
            if self.byAddress[instance.address] == nil { self.byAddress[instance.address] = position }
        }
    }

    /// Checks the indexes against the list (tests).
    var isConsistent: Bool {
        guard self.byName.count == self.elements.count else { return false }
        var firstByAddress: [InstanceAddress: Int] = [:]
        for (position, instance) in self.elements.enumerated() {
            guard self.byName[instance.name] == position else { return false }
            if firstByAddress[instance.address] == nil { firstByAddress[instance.address] = position }
        }
        return firstByAddress == self.byAddress
    }
}
