/// Masters by name, stored so that reading a field never copies a whole `Primary` (the tick walks
/// every instance 10–19 times a second; with thousands of masters, copies dominated its cost).
///
/// Slot 0 is always empty: a missing name yields it, so both paths of the read accessor yield a
/// borrowed array element and the compiler never needs a temporary copy.
struct PrimaryTable: Sendable {
    private var storage: [Primary?] = [nil]
    private var slots: [String: Int] = [:]
    private var free: [Int] = []

    subscript(name: String) -> Primary? {
        _read {
            yield self.storage[self.slots[name] ?? 0]
        }
        _modify {
            if let slot = self.slots[name] {
                yield &self.storage[slot]
                if self.storage[slot] == nil {
                    self.slots[name] = nil
                    self.free.append(slot)
                }
            } else {
                var inserted: Primary? = nil
                yield &inserted
                if let inserted {
                    if let slot = self.free.popLast() {
                        self.storage[slot] = inserted
                        self.slots[name] = slot
                    } else {
                        self.slots[name] = self.storage.count
                        self.storage.append(inserted)
                    }
                }
            }
        }
    }

    /// Changes the master `name` in place: it is moved out of its slot for `body` and back, so
    /// nothing is copied. Nil, and `body` not called, when there is no such master.
    mutating func update<R>(_ name: String, _ body: (inout Primary) -> R) -> R? {
        guard let slot = self.slots[name], var primary = self.storage[slot].take() else { return nil }
        defer { self.storage[slot] = primary }
        return body(&primary)
    }

    /// Where a master is stored. A slot stays the master's until it is removed, so a walk that
    /// adds and removes no master (the tick) hashes each name once instead of on every access.
    func slot(of name: String) -> Int? {
        self.slots[name]
    }

    /// The master in a slot from `slot(of:)`, borrowed like `subscript(name:)`.
    subscript(slot slot: Int) -> Primary? {
        _read {
            yield self.storage[slot]
        }
    }

    @discardableResult
    mutating func removeValue(forKey name: String) -> Primary? {
        guard let slot = self.slots.removeValue(forKey: name) else { return nil }
        defer {
            self.storage[slot] = nil
            self.free.append(slot)
        }
        return self.storage[slot]
    }
}

/// Links by id. Ids are handed out in sequence, so they index an array directly.
/// Ids start at 1; slot 0 stays empty and is what an unknown id reads (see `PrimaryTable`).
struct LinkTable: Sendable {
    private var storage: [Link?] = [nil]

    subscript(id: LinkID) -> Link? {
        _read {
            yield self.storage[id.rawValue > 0 && id.rawValue < self.storage.count ? id.rawValue : 0]
        }
        _modify {
            precondition(id.rawValue > 0, "link ids start at 1")
            while id.rawValue >= self.storage.count { self.storage.append(nil) }
            yield &self.storage[id.rawValue]
        }
    }

    /// The plain-value fields of a link, read without copying its strings.
    func timers(_ id: LinkID) -> LinkTimers? {
        guard id.rawValue > 0, id.rawValue < self.storage.count else { return nil }
        return self.storage[id.rawValue]?.timers
    }

    /// The live links, in id order.
    var all: [(id: LinkID, link: Link)] {
        self.storage.enumerated().dropFirst().compactMap { index, link in link.map { (LinkID(index), $0) } }
    }
}
