/// Emitting events (SPEC §11): every event goes out through here, as an action for the runtime
/// (log line, pub/sub) and to the notification script.
extension Sentinel {
    /// Emits an event about an instance whose payload is `%@` alone (SPEC §11.2).
    mutating func emit(_ type: EventType, _ ref: InstanceRef) {
        self.emit(type, ref) { .instance($0) }
    }

    mutating func emit(_ type: EventType, primary: String) {
        self.emit(type, .primary(primary)) { .instance($0) }
    }

    /// Emits an event about an instance, its payload built from the instance's `%@` fields;
    /// nothing when the instance is gone.
    mutating func emit(_ type: EventType, _ ref: InstanceRef, _ payload: (EventInstance) -> EventPayload) {
        guard let instance = self.eventInstance(ref) else { return }
        self.emit(type, payload(instance), primary: ref.primaryName)
    }

    /// Emits an event; `master` names whose notification script gets it (nil: global events).
    mutating func emit(_ type: EventType, _ payload: EventPayload, primary: String?) {
        let event = SentinelEvent(type, payload, primary: primary)
        self.actions.append(.event(event))
        self.notify(event)
    }

    /// `+switch-master`: the old address as announced, the new one as the caller spells it.
    mutating func emitSwitchPrimary(_ name: String, from old: InstanceAddress, toHost: String, toPort: Int) {
        let payload = EventPayload.addressSwitch(
            primary: name, fromHost: self.announced(old), fromPort: old.port, toHost: toHost, toPort: toPort)
        self.emit(.switchPrimary, payload, primary: name)
    }

    /// A plain log line with no event, e.g. `Sentinel ID is ...`.
    mutating func log(_ level: LogLevel, _ message: String) {
        self.actions.append(.event(SentinelEvent(level: level, type: "", message: message)))
    }

    /// SPEC §11.2: the fields of `%@` for an instance, hosts as announced.
    func eventInstance(_ ref: InstanceRef) -> EventInstance? {
        guard let primaryAddress = self.primaries[ref.primaryName]?.instance.address else { return nil }
        guard let (kind, name, address) = self.read(ref, { ($0.kind, $0.name, $0.address) }) else { return nil }
        return EventInstance(
            kind: kind, name: name, address: self.announcedAddress(address), primary: ref.primaryName,
            primaryAddress: self.announcedAddress(primaryAddress))
    }
}
