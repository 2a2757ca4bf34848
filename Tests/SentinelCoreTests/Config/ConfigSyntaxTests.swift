import Testing

@testable import SentinelCore

/// SPEC §3.1: redis.conf quoting, numbers, and command-line arguments.
@Suite struct ConfigSyntaxTests {
    static let splits: [(String, [String]?)] = [
        ("port 1234", ["port", "1234"]),
        ("  a   b\tc  ", ["a", "b", "c"]),
        ("\"a b\" 'c d'", ["a b", "c d"]),
        ("\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", ["\n\r\t\u{8}\u{7}\\\"q"]),
        ("\"\\x41\\x7a\\xZZ\"", ["AzxZZ"]),
        ("'it\\'s' 'a\\b'", ["it's", "a\\b"]),
        ("a\"b c\"", ["ab c"]),
        ("\"\"", [""]),
        ("''", [""]),
        ("\"a\"b", nil),
        ("'a'b", nil),
        ("\"abc", nil),
        ("'abc", nil),
        ("a\u{0}b", ["a"]),
        ("", []),
        ("\u{0B}x", ["x"]),
    ]

    @Test(arguments: Self.splits)
    func splitArguments(_ line: String, _ expected: [String]?) {
        #expect(ConfigSyntax.splitArguments(Array(line.utf8)) == expected)
    }

    static let reprs: [(String, String)] = [
        ("1.2.3.4", "\"1.2.3.4\""), ("", "\"\""), ("a \"b\" \\c", "\"a \\\"b\\\" \\\\c\""),
        ("\n\r\t\u{7}\u{8}", "\"\\n\\r\\t\\a\\b\""), ("\u{1}é", "\"\\x01\\xc3\\xa9\""),
    ]

    @Test(arguments: Self.reprs)
    func quoted(_ value: String, _ expected: String) {
        #expect(ConfigSyntax.quoted(value) == expected)
        #expect(ConfigSyntax.splitArguments(Array(expected.utf8)) == [value])
    }

    @Test func linesAndTrim() {
        #expect(ConfigSyntax.splitLines("") == [])
        #expect(ConfigSyntax.splitLines("a\n").map(ConfigSyntax.string) == ["a", ""])
        #expect(ConfigSyntax.splitLines("a\nb").map(ConfigSyntax.string) == ["a", "b"])
        #expect(ConfigSyntax.string(ConfigSyntax.trim(Array(" \t a b \r\n".utf8))) == "a b")
        #expect(ConfigSyntax.trim(Array(" \t\r".utf8)).isEmpty)
    }

    @Test func cNumbers() {
        #expect(ConfigSyntax.atoi("42") == 42)
        #expect(ConfigSyntax.atoi("  -7x") == -7)
        #expect(ConfigSyntax.atoi("abc") == 0)
        #expect(ConfigSyntax.atoi("4294967296") == 0)
        #expect(ConfigSyntax.atoi("99999999999999999999") == -1)
        #expect(ConfigSyntax.strtoull("-1") == UInt64.max)
        #expect(ConfigSyntax.strtoull("18446744073709551616") == UInt64.max)
        #expect(ConfigSyntax.strtoull("12abc") == 12)
        #expect(ConfigSyntax.string2ll("0") == 0)
        #expect(ConfigSyntax.string2ll("-9223372036854775808") == Int64.min)
        #expect(ConfigSyntax.string2ll("9223372036854775808") == nil)
        #expect(ConfigSyntax.string2ll("007") == nil)
        #expect(ConfigSyntax.string2ll("-0") == nil)
        #expect(ConfigSyntax.string2ll("") == nil)
        #expect(ConfigSyntax.memtoull("1gb") == 1 << 30)
        #expect(ConfigSyntax.memtoull("2K") == 2000)
        #expect(ConfigSyntax.memtoull("3mB") == 3 << 20)
        #expect(ConfigSyntax.memtoull("10b") == 10)
        #expect(ConfigSyntax.memtoull("10xb") == nil)
        #expect(ConfigSyntax.memtoull("-1") == nil)
        #expect(ConfigSyntax.memtoull("99999999999999999999") == UInt64.max)
        #expect(ConfigSyntax.memtoull("99999999999999999999k") == nil)
        #expect(ConfigSyntax.strtoll("0700", base: 8).value == 0o700)
        #expect(ConfigSyntax.strtoll("9", base: 8).consumedAll == false)
        #expect(ConfigSyntax.yesNo("YES") == true)
        #expect(ConfigSyntax.yesNo("No") == false)
        #expect(ConfigSyntax.yesNo("y") == nil)
    }

    // MARK: - Command-line arguments (SPEC §2.1)

    @Test func commandLineOptionsText() {
        #expect(ConfigParser.commandLineOptions([]) == "")
        #expect(ConfigParser.commandLineOptions(["--port", "1234"]) == "port \"1234\" ")
        #expect(ConfigParser.commandLineOptions(["--port 1234"]) == "port 1234 ")
        #expect(
            ConfigParser.commandLineOptions(["--sentinel", "monitor", "m", "127.0.0.1", "6379", "2", "--port", "1"])
                == "sentinel \"monitor\" \"m\" \"127.0.0.1\" \"6379\" \"2\" \nport \"1\" ")
        #expect(ConfigParser.commandLineOptions(["--requirepass", "--x"]) == "requirepass \"--x\" ")
        #expect(ConfigParser.commandLineOptions(["--save", "--port", "1"]) == "save \"\"\nport \"1\" ")
        #expect(ConfigParser.commandLineOptions(["--save"]) == "save \"\"")
        #expect(ConfigParser.commandLineOptions(["--sentinel", "--port", "1"]) == "sentinel \nport \"1\" ")
        #expect(ConfigParser.commandLineOptions(["--logfile", "a b\"\\"]) == "logfile \"a b\\\"\\\\\" ")
    }

    /// Captured from redis-sentinel 7.0.15 with a config file of one `sentinel monitor` line
    /// ending in a newline: `redis-sentinel s.conf --loglevel loud`.
    @Test func commandLineErrorLineNumbers() throws {
        let file = "sentinel monitor m 127.0.0.1 6379 2\n"
        let loglevel = try #require(configError(file, extraArguments: ["--loglevel", "loud"]))
        #expect(loglevel.lineNumber == 3)
        #expect(loglevel.line == "loglevel \"loud\"")
        #expect(loglevel.reason == "argument(s) must be one of the following: debug, verbose, notice, warning")

        // `--port 27990 --sentinel monitor m2 localhost 6379 2`
        let monitor = try #require(
            configError(
                file, extraArguments: ["--port", "27990", "--sentinel", "monitor", "m2", "localhost", "6379", "2"]))
        #expect(monitor.lineNumber == 4)
        #expect(monitor.line == "sentinel \"monitor\" \"m2\" \"localhost\" \"6379\" \"2\"")
        #expect(monitor.reason == "Can't resolve instance hostname.")

        // The same file without its final newline, and many options; `--foo` is line 8.
        let arguments = [
            "--port", "27990", "--requirepass", "--x", "--sentinel", "down-after-milliseconds m2", "100", "--sentinel",
            "monitor", "m2", "127.0.0.1", "6379", "2", "--save", "--logfile", "a b\"\\", "--foo",
        ]
        let foo = try #require(configError("sentinel monitor m 127.0.0.1 6379 2", extraArguments: arguments))
        #expect(foo.lineNumber == 8)
        #expect(foo.line == "foo")
    }

    @Test func commandLineArgumentsApply() throws {
        let config = try parseConfig(
            Self.monitorLine,
            extraArguments: [
                "--port", "27990", "--sentinel", "monitor", "n", "10.0.0.2", "6380", "3", "--loglevel", "warning",
            ])
        #expect(config.server.port == 27990)
        #expect(config.server.loglevel == .warning)
        #expect(config.primaries.map(\.name) == ["m", "n"])
        #expect(config.primaries[1].quorum == 3)
    }

    static let monitorLine = "sentinel monitor m 127.0.0.1 6379 2\n"
}
