/// The kind of an instance record, spelled as events and replies spell it (SPEC §4.1, §11.2).
public enum InstanceKind: String, Sendable {
    // The raw values are the wire's words (events, SENTINEL replies).
    case primary = "master"
    case replica = "slave"
    case sentinel
}

/// The `%@` instance details of event messages (SPEC §11.2).
public enum InstanceDetails {
    /// Renders `%@` as `sentinelEvent` does:
    ///
    ///     <type> <name> <ip> <port>                                            (masters)
    ///     <type> <name> <ip> <port> @ <master-name> <master-ip> <master-port>  (replicas, sentinels)
    ///
    /// Hosts are written as given (IPv6 without brackets; the caller passes hostnames when
    /// `announce-hostnames yes`). Like Redis, which prints the `@` part whenever the record has a
    /// master, the short form is used for `.master` or when `master` or `primaryAddress` is nil.
    public static func instanceDetails(
        kind: InstanceKind,
        name: String,
        address: InstanceAddress,
        primary: String? = nil,
        primaryAddress: InstanceAddress? = nil
    ) -> String {
        let details = "\(kind.rawValue) \(name) \(address.host) \(address.port)"
        guard kind != .primary, let primary, let primaryAddress else { return details }
        return "\(details) @ \(primary) \(primaryAddress.host) \(primaryAddress.port)"
    }
}
