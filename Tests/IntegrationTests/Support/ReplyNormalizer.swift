import Foundation

/// Rewrites what legitimately differs between two sentinels watching the same servers, so the
/// rest of a reply can be compared node by node:
///
/// - whole tokens (not substrings of longer words): each sentinel's own port and myid become
///   `<self-port>` / `<self-id>`, the other sentinel's become `<peer-port>` / `<peer-id>`, and any
///   extra tokens (a temp directory) their placeholder;
/// - the values of ms-since and other timing fields (`last-ping-reply`, `info-refresh`, ...) in a
///   field/value array or map become `<ms>`, but only when they are decimal integers of the same
///   node type, so a wrong type or a non-number still shows;
/// - a HELLO reply's `id` (client ids are counters of each process).
///
/// The node types are never changed.
struct ReplyNormalizer {
    /// token → placeholder, applied to every string.
    var tokens: [String: String]

    /// Fields whose value is a time or a counter that depends on when the reply was made.
    static let volatileFields: Set<String> = [
        "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "info-refresh", "role-reported-time",
        "last-hello-message", "s-down-time", "o-down-time", "slave-repl-offset", "link-pending-commands", "id",
        "run-time", "run-delay",
    ]

    func normalize(_ node: RESPNode) -> RESPNode {
        switch node {
        case .simple(let s): return .simple(self.replaceTokens(s))
        case .error(let s): return .error(self.replaceTokens(s))
        case .bulk(let s): return .bulk(self.replaceTokens(s))
        case .blobError(let s): return .blobError(self.replaceTokens(s))
        case .verbatim(let format, let s): return .verbatim(format: format, text: self.replaceTokens(s))
        case .array(let a): return .array(self.normalizeFields(a))
        case .map(let a): return .map(self.normalizeFields(a))
        case .set(let a): return .set(a.map(self.normalize))
        case .push(let a): return .push(a.map(self.normalize))
        case .attributed(let attributes, let value):
            return .attributed(attributes: attributes.map(self.normalize), value: self.normalize(value))
        case .integer, .nullBulk, .nullArray, .null, .double, .boolean, .bigNumber: return node
        }
    }

    /// Children of an array or map; in a field/value list (even count, keys are strings) the
    /// volatile values are masked.
    private func normalizeFields(_ nodes: [RESPNode]) -> [RESPNode] {
        var result = nodes.map(self.normalize)
        guard nodes.count % 2 == 0 else { return result }
        for index in stride(from: 0, to: nodes.count, by: 2) {
            guard let key = nodes[index].text, Self.volatileFields.contains(key) else { continue }
            result[index + 1] = Self.maskNumber(nodes[index + 1])
        }
        return result
    }

    /// `<ms>` in the same node type for a decimal integer (an integer node becomes `Int64.min`);
    /// anything else unchanged.
    static func maskNumber(_ node: RESPNode) -> RESPNode {
        switch node {
        case .bulk(let s) where Int64(s) != nil: return .bulk("<ms>")
        case .simple(let s) where Int64(s) != nil: return .simple("<ms>")
        case .integer: return .integer(Int64.min)  // still an integer node
        default: return node
        }
    }

    func replaceTokens(_ text: String) -> String {
        guard !self.tokens.isEmpty, !text.isEmpty else { return text }
        let alternatives = self.tokens.keys.sorted { $0.count > $1.count }
            .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        // A token only when not part of a longer word or number (a port inside a run id).
        let pattern = "(?<![0-9A-Za-z])(\(alternatives))(?![0-9A-Za-z])"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        var result = ""
        var last = text.startIndex
        for match in regex.matches(in: text, range: range) {
            guard let r = Range(match.range, in: text) else { continue }
            result += text[last..<r.lowerBound]
            result += self.tokens[String(text[r])] ?? String(text[r])
            last = r.upperBound
        }
        return result + text[last...]
    }
}

/// A side-by-side difference: the command, and both normalised trees.
struct ConformanceMismatch: CustomStringConvertible {
    var what: String
    var redis: String
    var swift: String
    var description: String { "\(self.what)\n--- redis-sentinel:\n\(self.redis)\n--- swift-sentinel:\n\(self.swift)" }
}

extension RESPNode {
    /// An array of maps (or flat field arrays) sorted by their `name` field: MASTERS comes in
    /// dict order, which is not part of the contract.
    func sortedByName() -> RESPNode {
        guard case .array(let entries) = self else { return self }
        func name(_ entry: RESPNode) -> String {
            guard let fields = entry.children, fields.count >= 2 else { return "" }
            return fields[1].text ?? ""
        }
        return .array(entries.sorted { name($0) < name($1) })
    }

    /// A flat field/value array or map, sorted by key (COMMAND DOCS and similar dict-ordered maps).
    func sortedPairs() -> RESPNode {
        guard let children = self.children, children.count % 2 == 0 else { return self }
        var pairs: [(key: RESPNode, value: RESPNode)] = []
        for index in stride(from: 0, to: children.count, by: 2) {
            pairs.append((children[index], children[index + 1]))
        }
        pairs.sort { ($0.key.text ?? "") < ($1.key.text ?? "") }
        let flat: [RESPNode] = pairs.flatMap { [$0.key, $0.value] }
        if case .map = self { return .map(flat) }
        return .array(flat)
    }

    /// An array whose elements are compared as a multiset (COMMAND LIST).
    func sortedElements() -> RESPNode {
        switch self {
        case .array(let a): return .array(a.sorted { $0.description < $1.description })
        case .set(let a): return .set(a.sorted { $0.description < $1.description })
        default: return self
        }
    }

    /// Redis keeps subcommands in a dict, so their order is its hash order, random per process:
    /// the subcommand array of every COMMAND INFO entry and every `subcommands` map of COMMAND
    /// DOCS are compared as sets; everything else keeps its order.
    func subcommandsUnordered() -> RESPNode {
        guard var children = self.children else { return self }
        if children.count == 10, case .bulk = children[0], case .integer = children[1] {
            children[9] = children[9].withChildren { $0.subcommandsUnordered() }.sortedElements()
            return self.withChildren(children)
        }
        if children.count % 2 == 0 {
            for index in stride(from: 0, to: children.count, by: 2) where children[index].text == "subcommands" {
                children[index + 1] = children[index + 1].withChildren { $0.subcommandsUnordered() }.sortedPairs()
            }
        }
        return self.withChildren(children.map { $0.text == nil ? $0.subcommandsUnordered() : $0 })
    }

    /// The same kind of node with its children transformed (or replaced).
    func withChildren(_ transform: (RESPNode) -> RESPNode) -> RESPNode {
        self.children.map { self.withChildren($0.map(transform)) } ?? self
    }

    func withChildren(_ children: [RESPNode]) -> RESPNode {
        switch self {
        case .array: return .array(children)
        case .set: return .set(children)
        case .push: return .push(children)
        case .map: return .map(children)
        default: return self
        }
    }
}
