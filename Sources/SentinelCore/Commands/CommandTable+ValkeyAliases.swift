/// Valkey 8's `SENTINEL` subcommand names (SPEC §14.2): accepted like the 7.0 names they stand
/// for, with that name's arity, but not listed by COMMAND (the table stays 7.0-exact: COUNT 15,
/// LIST 72), since clients written for Valkey may send them to a drop-in redis-sentinel.
extension CommandTable {
    /// Valkey name → Redis 7.0 name.
    static let valkeySentinelAliases: [String: String] = [
        "primaries": "masters", "primary": "master", "get-primary-addr-by-name": "get-master-addr-by-name",
        "is-primary-down-by-addr": "is-master-down-by-addr",
    ]

    /// The spec of `sentinel|<alias>`: the aliased subcommand under the Valkey name, so an arity
    /// error names what the client sent (`'sentinel|primary'`), as Valkey does.
    func valkeyAlias(container: CommandSpec, _ name: String) -> CommandSpec? {
        guard container.name == "sentinel", let target = Self.valkeySentinelAliases[name.lowercased()],
            let spec = container.subcommand(target)
        else { return nil }
        let alias = name.lowercased()
        return CommandSpec(
            name: alias, fullName: "sentinel|\(alias)", arity: spec.arity, flags: spec.flags,
            categories: spec.categories, info: spec.info, docs: spec.docs, subcommands: [])
    }
}
