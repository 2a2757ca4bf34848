import Testing

@testable import SentinelCore

/// Numbers and addresses in SENTINEL arguments are parsed as Redis 7.0 parses them (found by
/// the conformance suite): integers with `string2ll` (no sign, spaces or leading zeros), stored
/// in Redis's C field types; IPs with `getaddrinfo(AI_NUMERICHOST)` and shown canonical; the
/// port range checked before a duplicate name.
@Suite struct StrictArgumentTests {
    static let environment = CommandEnvironment(isExecutable: { _ in false })

    func run(_ h: inout SentinelHarness, _ args: String...) -> RESPValue {
        switch h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: Self.environment, random: &h.random)
        {
        case .reply(let v), .afterFlush(let v), .flushThenReply(let v): return v
        }
    }

    func field(_ h: inout SentinelHarness, _ primary: String, _ name: String) -> RESPValue? {
        guard case .map(let fields) = self.run(&h, "master", primary) else { return nil }
        return fields.first { $0.0 == .bulkString(name) }?.1
    }

    @Test func monitorParsesLikeGetLongFromObject() {
        var h = SentinelHarness()
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "0", "+2") == .error("ERR Invalid quorum"))
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "0", " 2") == .error("ERR Invalid quorum"))
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "00", "1") == .error("ERR Invalid port"))
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "+0", "1") == .error("ERR Invalid port"))
        #expect(self.run(&h, "monitor", "mymaster", "127.0.0.1", "70000", "1") == .error("ERR Invalid port number."))
        #expect(self.run(&h, "monitor", "mymaster", "127.0.0.1", "7000", "1") == .error("ERR Duplicate master name."))
        // Redis keeps the low 32 bits (quorum 1 here, 0 for 4294967296, which the config then
        // refuses to load); we take only what `atoi` reads back.
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "0", "4294967297") == .error("ERR Invalid quorum"))
        #expect(self.run(&h, "monitor", "q", "127.0.0.1", "0", "2147483647") == .ok)
        #expect(self.field(&h, "q", "quorum") == .bulkString("2147483647"))
    }

    @Test func literalAddressesAreCanonical() {
        var h = SentinelHarness()
        #expect(self.run(&h, "monitor", "v4", "127.1", "0", "1") == .ok)
        #expect(self.run(&h, "get-master-addr-by-name", "v4") == .array([.bulkString("127.0.0.1"), .bulkString("0")]))
        #expect(self.run(&h, "monitor", "v6", "0:0:0:0:0:0:0:1", "0", "1") == .ok)
        #expect(self.field(&h, "v6", "ip") == .bulkString("::1"))
        #expect(
            self.run(&h, "monitor", "bad", "localhost", "0", "1")
                == .error("ERR Invalid IP address or hostname specified"))
        #expect(self.run(&h, "config", "set", "announce-hostnames", "yes") == .ok)
        #expect(self.run(&h, "monitor", "typed", "0:0::1", "0", "1") == .ok)
        #expect(self.field(&h, "typed", "ip") == .bulkString("0:0::1"))
        #expect(self.run(&h, "config", "set", "announce-hostnames", "no") == .ok)
        #expect(self.field(&h, "typed", "ip") == .bulkString("::1"))
        // IS-MASTER-DOWN-BY-ADDR finds a master by its IP.
        #expect(
            self.run(&h, "is-master-down-by-addr", "::1", "0", "0", "*")
                == .array([.integer(0), .bulkString("*"), .integer(0)]))
        #expect(
            self.run(&h, "is-master-down-by-addr", "127.0.0.1", "+0", "0", "*")
                == .error("ERR value is not an integer or out of range"))
    }

    @Test func setStoresRedisFieldTypes() {
        var h = SentinelHarness()
        #expect(self.run(&h, "set", "mymaster", "parallel-syncs", "2147483648") == .ok)
        #expect(self.field(&h, "mymaster", "parallel-syncs") == .bulkString("-2147483648"))
        #expect(
            self.run(&h, "set", "mymaster", "quorum", "4294967298")
                == .error("ERR Invalid argument '4294967298' for SENTINEL SET 'quorum'"))
        #expect(self.run(&h, "set", "mymaster", "quorum", "2147483647") == .ok)
        #expect(self.field(&h, "mymaster", "quorum") == .bulkString("2147483647"))
        for bad in ["+5000", " 5000", "05000", "1e3", "0x10", "9223372036854775808"] {
            #expect(
                self.run(&h, "set", "mymaster", "down-after-milliseconds", bad)
                    == .error("ERR Invalid argument '\(bad)' for SENTINEL SET 'down-after-milliseconds'"))
        }
        #expect(self.run(&h, "set", "mymaster", "down-after-milliseconds", "9223372036854775807") == .ok)
    }

    @Test func debugAndConfigAreStrictToo() {
        var h = SentinelHarness()
        #expect(
            self.run(&h, "debug", "ping-period", "+1000")
                == .error("ERR Invalid argument '+1000' for SENTINEL DEBUG 'ping-period'"))
        #expect(
            self.run(&h, "debug", "ping-period", "01000")
                == .error("ERR Invalid argument '01000' for SENTINEL DEBUG 'ping-period'"))
        #expect(
            self.run(&h, "config", "set", "announce-port", "+1")
                == .error("ERR Invalid value '+1' to SENTINEL CONFIG SET 'announce-port'"))
        #expect(self.run(&h, "config", "set", "announce-port", "65535") == .ok)
    }
}
