/// The state the config file holds, as the rewriter wants it (SPEC §3.7, §3.8).
extension Sentinel {
    /// One `MasterSettings` per master, in creation order, with the address substitutions of
    /// SPEC §3.7: the monitor line holds the promoted replica from `reconf_slaves` on, and a
    /// replica at that address is written with the old master's address instead.
    public func persistedMasters() -> [MasterSettings] {
        self.masterOrder.compactMap { name in
            guard let master = self.masters[name] else { return nil }
            var settings = master.settings
            let current = self.currentAddress(of: master)
            settings.address = self.announcedAddress(current)
            settings.knownReplicas = master.replicas.map {
                self.announcedAddress($0.address == current ? master.instance.address : $0.address)
            }
            settings.knownSentinels = master.sentinels.compactMap { sentinel in
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
