import Foundation

/// redis-cli's text output made comparable between two sentinels: the tokens of
/// `ReplyNormalizer` (ports, ids, dir), and the value after a volatile field name masked as
/// `<ms>` when it is a number. Works for the raw output (one element per line, the default when
/// stdout is not a terminal), `--no-raw` (`1) "name"`) and RESP3 maps (`1# "name" => "x"`).
struct RedisCliNormalizer {
    var replies: ReplyNormalizer

    func normalize(_ output: String) -> String {
        var previous = ""
        var lines: [String] = []
        // Split on newline characters: "\r\n" (INFO) is a single Character.
        for raw in output.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = self.replies.replaceTokens(String(raw))
            if let arrow = line.range(of: " => ") {
                // A map entry: the key is before the arrow.
                let key = Self.content(String(line[..<arrow.lowerBound]))
                if ReplyNormalizer.volatileFields.contains(key) {
                    line = String(line[..<arrow.upperBound]) + Self.masked(String(line[arrow.upperBound...]))
                }
                previous = ""
            } else {
                if ReplyNormalizer.volatileFields.contains(previous) { line = Self.masked(line) }
                previous = Self.content(line)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The element text of one output line: `  3) "runid"` → `runid`, `runid` → `runid`.
    static func content(_ line: String) -> String {
        var text = Substring(line).drop { $0 == " " }
        if let paren = text.firstIndex(where: { $0 == ")" || $0 == "#" }),
            text[..<paren].allSatisfy(\.isNumber), !text[..<paren].isEmpty
        {
            text = text[text.index(after: paren)...].drop { $0 == " " }
        }
        if text.hasPrefix("(integer) ") { text = text.dropFirst("(integer) ".count) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        return String(text)
    }

    /// The line with its number replaced by `<ms>` (quotes and `(integer)` kept); unchanged if
    /// it holds no number.
    static func masked(_ line: String) -> String {
        let value = Self.content(line)
        guard !value.isEmpty, Int64(value) != nil, let range = line.range(of: value, options: .backwards) else {
            return line
        }
        return line.replacingCharacters(in: range, with: "<ms>")
    }
}
