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
    }

    /// `lookupCommandBySdsLogic`: `name` or `container|sub`, case-insensitive; deeper names fail.
    func id(of name: String) -> Int? {
        let parts = name.lowercased().split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count <= 2,
            let base = self.topLevel.first(where: { self.specs[$0].name == parts[0] })
        else { return nil }
        guard parts.count == 2 else { return base }
        return self.children[base].first { self.specs[$0].name == parts[1] }
    }

    /// The ID of a spec found by ``CommandTable/lookup(_:)``.
    func id(of spec: CommandSpec) -> Int? {
        self.id(of: spec.fullName)
    }
}
