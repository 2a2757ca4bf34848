import Testing

@testable import SentinelCore

/// SPEC §14.2: the Valkey 8 names pass the command-table lookup (found by the conformance suite:
/// they answered `unknown subcommand` although the core implements them), yet COMMAND stays 7.0.
@Suite struct ValkeyAliasLookupTests {
    let table = CommandTable.sentinel

    func message(_ args: [String]) -> String? {
        switch self.table.lookup(args) {
        case .found: return nil
        case .unknownCommand(let m), .unknownSubcommand(let m), .wrongArity(let m): return m
        }
    }

    @Test func aliasesAreFoundWithTheArityOfTheOldName() {
        #expect(self.message(["SENTINEL", "PRIMARIES"]) == nil)
        #expect(self.message(["sentinel", "primary", "mymaster"]) == nil)
        #expect(self.message(["SENTINEL", "GET-PRIMARY-ADDR-BY-NAME", "mymaster"]) == nil)
        #expect(self.message(["SENTINEL", "is-primary-down-by-addr", "127.0.0.1", "6379", "0", "*"]) == nil)
        #expect(
            self.message(["SENTINEL", "PRIMARY"]) == "ERR wrong number of arguments for 'sentinel|primary' command")
        #expect(
            self.message(["SENTINEL", "primaries", "x"])
                == "ERR wrong number of arguments for 'sentinel|primaries' command")
    }

    @Test func aliasesStayOutOfTheTableAndOtherContainers() {
        #expect(self.table.allSpecs.count == 72)
        #expect(self.table.command("sentinel")?.subcommand("primary") == nil)
        #expect(self.message(["CLIENT", "primary"]) == "ERR unknown subcommand 'primary'. Try CLIENT HELP.")
    }
}
