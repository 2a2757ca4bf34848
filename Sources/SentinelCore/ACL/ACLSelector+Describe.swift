/// How `ACL LIST`, `ACL GETUSER` and the config rewrite show a selector (`ACLDescribeSelector`,
/// `ACLDescribeSelectorCommandRules`, `aclAddReplySelectorDescription`).
extension ACLSelector {
    /// Keys, channels, then command rules, as in `user ... ~* &* +@all`.
    var description: String {
        var parts: [String] = []
        if self.allKeys {
            parts.append("~*")
        } else {
            parts += self.keys.map(Self.describe)
        }
        if self.allChannels {
            parts.append("&*")
        } else {
            parts.append("resetchannels")
            parts += self.channels.map { "&" + $0 }
        }
        parts.append(self.commandRules)
        return parts.joined(separator: " ")
    }

    /// `commands`, `keys`, `channels` of `ACL GETUSER`.
    var replyFields: [(String, RESPValue)] {
        [
            ("commands", .bulkString(self.commandRules)),
            ("keys", .bulkString(self.allKeys ? "~*" : self.keys.map(Self.describe).joined(separator: " "))),
            ("channels", .bulkString(self.allChannels ? "&*" : self.channels.map { "&" + $0 }.joined(separator: " "))),
        ]
    }

    static func describe(_ key: KeyPattern) -> String {
        switch key.flags {
        case KeyPattern.all: "~" + key.pattern
        case KeyPattern.read: "%R~" + key.pattern
        case KeyPattern.write: "%W~" + key.pattern
        default: "%~" + key.pattern  // Redis panics here; the form cannot be created from rules it accepts.
        }
    }

    /// Starts from `+@all` or `-@all`, then greedily applies the category that fits the bitmap
    /// best, then single commands (and first-args) for what is left. Redis's algorithm, so the
    /// same bitmap gives the same text.
    var commandRules: String {
        let index = Self.index
        let additive = !self.commands[ACLCommandBits.futureCommandsBit]
        var rules = [additive ? "-@all" : "+@all"]
        var fake = ACLSelector(allChannels: false)
        try? fake.apply(rules[0])
        var temp = ACLSelector(allChannels: false)
        temp.commands = self.commands
        var applied = Set<Int>()
        while true {
            var best = -1
            var minDiff = Int(Int32.max)
            var maxSame = 0
            for (j, name) in ACLCategory.names.enumerated() where !applied.contains(j) {
                let flag = ACLCategory.flag(named: name)!
                var on = 0
                var off = 0
                for id in index.specs.indices where index.categoryMask[id] & flag != 0 {
                    if temp.commands[id] { on += 1 } else { off += 1 }
                }
                let diff = additive ? off : on
                let same = additive ? on : off
                if same > diff && (diff < minDiff || (diff == minDiff && same > maxSame)) {
                    best = j
                    minDiff = diff
                    maxSame = same
                }
            }
            guard best >= 0 else { break }
            let flag = ACLCategory.flag(named: ACLCategory.names[best])!
            fake.setCategory(flag, allow: additive)
            temp.setCategory(flag, allow: !additive)
            rules.append((additive ? "+@" : "-@") + ACLCategory.names[best])
            applied.insert(best)
        }
        for id in index.topLevel {
            self.singleCommandRules(id, fake: &fake, rules: &rules)
        }
        return rules.joined(separator: " ")
    }

    /// `ACLDescribeSelectorCommandRulesSingleCommands`.
    private func singleCommandRules(_ id: Int, fake: inout ACLSelector, rules: inout [String]) {
        let spec = Self.index.specs[id]
        let userBit = self.commands[id]
        if userBit != fake.commands[id] {
            rules.append((userBit ? "+" : "-") + spec.fullName)
            fake.changePermission(id, allow: userBit)
        }
        for sub in Self.index.children[id] {
            self.singleCommandRules(sub, fake: &fake, rules: &rules)
        }
        if !userBit, let args = self.firstArgs[id] {
            rules += args.map { "+\(spec.fullName)|\($0)" }
        }
    }
}
