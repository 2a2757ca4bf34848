/// Command IDs for the ACL bitmaps: every command and subcommand of the sentinel-mode table
/// (`server.orig_commands`, SPEC §13.2) gets one, containers before their subcommands.
///
/// Redis walks its command dicts in hash order, which is random per process (the dict seed is);
/// we walk in table order, one of the orders a real sentinel can show.
struct ACLCommandIndex: Sendable {
    static let sentinel = ACLCommandIndex(table: .sentinel)

    let specs: [CommandSpec]
    let parent: [Int?]
    let children: [[Int]]
    let categoryMask: [UInt32]
    /// Top-level command IDs in table order.
    let topLevel: [Int]
    /// ID by full lower-case name (`client|kill`).
    private let ids: [String: Int]
    /// The Valkey names (`sentinel|primary`): not names ACL rules know (7.0 has no such
    /// commands), but a command sent under one is allowed or denied as its 7.0 command.
    private let aliasIDs: [String: Int]

    init(table: CommandTable) {
        var specs: [CommandSpec] = []
        var parent: [Int?] = []
        var children: [[Int]] = []
        var topLevel: [Int] = []
        for command in table.commands {
            let id = specs.count
            topLevel.append(id)
            specs.append(command)
            parent.append(nil)
            children.append(Array(id + 1..<id + 1 + command.subcommands.count))
            for sub in command.subcommands {
                specs.append(sub)
                parent.append(id)
                children.append([])
            }
        }
        self.specs = specs
        self.parent = parent
        self.children = children
        self.topLevel = topLevel
        self.categoryMask = specs.map { spec in
            spec.categories.reduce(0) { $0 | (ACLCategory.flag(named: $1) ?? 0) }
        }
        let ids = Dictionary(
            specs.enumerated().map { ($0.element.fullName, $0.offset) }, uniquingKeysWith: { a, _ in a })
        self.ids = ids
        self.aliasIDs = CommandTable.valkeySentinelAliases.reduce(into: [:]) { aliases, pair in
            aliases["sentinel|\(pair.key)"] = ids["sentinel|\(pair.value)"]
        }
    }

    /// `lookupCommandBySdsLogic`: `name` or `container|sub`, case-insensitive; deeper names fail.
    func id(of name: String) -> Int? {
        self.ids[name] ?? self.ids[name.lowercased()]
    }

    /// The ID of a spec found by ``CommandTable/lookup(_:)``.
    func id(of spec: CommandSpec) -> Int? {
        self.ids[spec.fullName] ?? self.aliasIDs[spec.fullName]
    }
}
