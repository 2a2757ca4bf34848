/// The state the config file holds, as the rewriter wants it (SPEC §3.7, §3.8).
extension Sentinel {
    /// One `PrimarySettings` per master, in creation order, with the address substitutions of
    /// SPEC §3.7: the monitor line holds the promoted replica from `reconf_slaves` on, and a
    /// replica at that address is written with the old master's address instead.
    public func persistedPrimaries() -> [PrimarySettings] {
        self.primaryOrder.compactMap { name in
            guard let primary = self.primaries[name] else { return nil }
            var settings = primary.settings
            let current = self.currentAddress(of: primary)
            settings.address = self.announcedAddress(current)
            settings.knownReplicas = primary.replicas.map {
                self.announcedAddress($0.address == current ? primary.instance.address : $0.address)
            }
            settings.knownSentinels = primary.sentinels.compactMap { sentinel in
                sentinel.runID.map { KnownSentinel(address: self.announcedAddress(sentinel.address), runID: $0) }
            }
            return settings
        }
    }

    /// The global settings with the live myid and current epoch.
    public var persistedSettings: SentinelSettings {
        var settings = self.settings
        settings.myID = self.myID
        settings.currentEpoch = self.currentEpoch
        return settings
    }
}
