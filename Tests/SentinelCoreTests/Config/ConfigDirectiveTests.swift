import Testing

@testable import SentinelCore

/// SPEC §3.2, §3.4, §3.5: what each directive sets.
@Suite struct ConfigDirectiveTests {
    static let monitor = "sentinel monitor m 127.0.0.1 6379 2\n"

    @Test func defaultsWithoutDirectives() throws {
        let config = try parseConfig("")
        #expect(config.server == ServerOptions())
        #expect(config.server.port == 26379)
        #expect(config.server.protectedMode == false)
        #expect(config.sentinel == SentinelSettings())
        #expect(config.primaries.isEmpty)
    }

    @Test func everySentinelDirective() throws {
        let text = """
            sentinel myid 0123456789abcdef0123456789abcdef01234567
            sentinel deny-scripts-reconfig no
            sentinel resolve-hostnames yes
            sentinel announce-hostnames no
            sentinel monitor alpha 127.0.0.1 6379 2
            sentinel down-after-milliseconds alpha 5000
            sentinel failover-timeout alpha 60000
            sentinel parallel-syncs alpha 3
            sentinel notification-script alpha /bin/true
            sentinel client-reconfig-script alpha /usr/bin/env
            sentinel auth-pass alpha "pa ss"
            sentinel auth-user alpha admin
            sentinel master-reboot-down-after-period alpha 1234
            sentinel config-epoch alpha 4
            sentinel leader-epoch alpha 6
            sentinel known-replica alpha 127.0.0.1 6380
            sentinel known-slave alpha 127.0.0.1 6381
            sentinel known-sentinel alpha 127.0.0.1 26390 1111111111111111111111111111111111111111
            sentinel rename-command alpha CONFIG XCONFIG
            sentinel monitor beta ::1 7000 1
            sentinel known-replica beta ::1 7001
            sentinel current-epoch 9
            sentinel announce-ip "10.1.2.3"
            sentinel announce-port 26999
            sentinel sentinel-user suser
            sentinel sentinel-pass spass

            """
        let config = try parseConfig(text)
        var sentinel = SentinelSettings()
        sentinel.myID = "0123456789abcdef0123456789abcdef01234567"
        sentinel.denyScriptsReconfig = false
        sentinel.resolveHostnames = true
        sentinel.currentEpoch = 9
        sentinel.announceIP = "10.1.2.3"
        sentinel.announcePort = 26999
        sentinel.sentinelUser = "suser"
        sentinel.sentinelPass = "spass"
        #expect(config.sentinel == sentinel)

        var alpha = PrimarySettings(name: "alpha", address: InstanceAddress(host: "127.0.0.1", port: 6379), quorum: 2)
        alpha.downAfter = 5000
        alpha.failoverTimeout = 60000
        alpha.parallelSyncs = 3
        alpha.notificationScript = "/bin/true"
        alpha.clientReconfigScript = "/usr/bin/env"
        alpha.authPass = "pa ss"
        alpha.authUser = "admin"
        alpha.primaryRebootDownAfterPeriod = 1234
        alpha.configEpoch = 4
        alpha.leaderEpoch = 6
        alpha.knownReplicas = [
            InstanceAddress(host: "127.0.0.1", port: 6380), InstanceAddress(host: "127.0.0.1", port: 6381),
        ]
        alpha.knownSentinels = [
            KnownSentinel(
                address: InstanceAddress(host: "127.0.0.1", port: 26390),
                runID: "1111111111111111111111111111111111111111")
        ]
        alpha.renamedCommands = [RenamedCommand(command: "CONFIG", renamed: "XCONFIG")]
        var beta = PrimarySettings(name: "beta", address: InstanceAddress(host: "::1", port: 7000), quorum: 1)
        beta.knownReplicas = [InstanceAddress(host: "::1", port: 7001)]
        #expect(config.primaries == [alpha, beta])
    }

    /// SPEC §3.1: line order does not matter; pre-monitor settings apply before `monitor`.
    @Test func threePassOrder() throws {
        let text = """
            sentinel down-after-milliseconds m 20000
            sentinel known-replica m localhost 6380
            sentinel monitor m localhost 6379 2
            sentinel resolve-hostnames yes
            sentinel announce-hostnames yes

            """
        let config = try parseConfig(text)
        #expect(config.primaries.first?.downAfter == 20000)
        #expect(config.primaries.first?.address == InstanceAddress(host: "localhost", port: 6379))
        #expect(config.primaries.first?.knownReplicas == [InstanceAddress(host: "localhost", port: 6380)])
    }

    @Test func primariesKeepMonitorLineOrder() throws {
        let text = "sentinel monitor z 1.1.1.1 1 1\nsentinel monitor a 1.1.1.2 1 1\nsentinel monitor m 1.1.1.3 1 1\n"
        #expect(try parseConfig(text).primaries.map(\.name) == ["z", "a", "m"])
    }

    @Test func directiveNamesAreCaseInsensitive() throws {
        let text =
            "SENTINEL MONITOR m 127.0.0.1 6379 2\nSentinel Down-After-Milliseconds m 100\nPORT 1234\nLogLevel Debug\n"
        let config = try parseConfig(text)
        #expect(config.primaries.first?.downAfter == 100)
        #expect(config.server.port == 1234)
        #expect(config.server.loglevel == .debug)
    }

    /// Primary names are case-sensitive (a `dict` with a case-sensitive hash in Redis).
    @Test func primaryNamesAreCaseSensitive() throws {
        let config = try parseConfig("sentinel monitor m 1.1.1.1 1 1\nsentinel monitor M 1.1.1.1 1 1\n")
        #expect(config.primaries.count == 2)
        #expect(
            configError(Self.monitor + "sentinel down-after-milliseconds M 100\n")?.reason
                == "No such master with specified name.")
    }

    @Test func currentEpochOnlyRises() throws {
        let text = Self.monitor + "sentinel current-epoch 7\nsentinel current-epoch 3\nsentinel config-epoch m 5\n"
        #expect(try parseConfig(text).sentinel.currentEpoch == 7)
        let raised = Self.monitor + "sentinel current-epoch 3\nsentinel config-epoch m 11\n"
        #expect(try parseConfig(raised).sentinel.currentEpoch == 11)
    }

    /// `strtoull` semantics: garbage is 0, `-1` wraps, overflow saturates.
    @Test func epochsUseStrtoull() throws {
        let text =
            Self.monitor
            + "sentinel config-epoch m abc\nsentinel leader-epoch m -1\nsentinel current-epoch 99999999999999999999999\n"
        let config = try parseConfig(text)
        #expect(config.primaries[0].configEpoch == 0)
        #expect(config.primaries[0].leaderEpoch == UInt64.max)
        #expect(config.sentinel.currentEpoch == UInt64.max)
    }

    /// Ports and the quorum follow `atoi` (a 64-bit value is truncated to 32 bits); times are read
    /// in 64 bits, beyond Redis, so that every value `SENTINEL SET` accepts loads again as itself.
    @Test func portsUseAtoiAndTimesAre64Bits() throws {
        let config = try parseConfig(Self.monitor + "sentinel down-after-milliseconds m 99999999999\n")
        #expect(config.primaries[0].downAfter == 99_999_999_999)
        let port = try parseConfig("sentinel monitor m 127.0.0.1 abc 2x\nsentinel announce-port 99999\n")
        #expect(port.primaries[0].address.port == 0)
        #expect(port.primaries[0].quorum == 2)
        #expect(port.sentinel.announcePort == 99999)
    }

    @Test func emptyGlobalStringsAreIgnored() throws {
        let text =
            "sentinel announce-ip 1.2.3.4\nsentinel announce-ip \"\"\nsentinel sentinel-user \"\"\nsentinel sentinel-pass ''\n"
        let config = try parseConfig(text)
        #expect(config.sentinel.announceIP == "1.2.3.4")
        #expect(config.sentinel.sentinelUser == nil)
        #expect(config.sentinel.sentinelPass == nil)
    }

    @Test func valkeyPrimaryRebootAlias() throws {
        let config = try parseConfig(Self.monitor + "sentinel primary-reboot-down-after-period m 5000\n")
        #expect(config.primaries[0].primaryRebootDownAfterPeriod == 5000)
    }

    @Test func knownSentinelSameAddressDifferentRunIDs() throws {
        let text =
            Self.monitor
            + "sentinel known-sentinel m 127.0.0.1 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nsentinel known-sentinel m 127.0.0.1 1 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
        #expect(
            try parseConfig(text).primaries[0].knownSentinels.map(\.runID) == [
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            ])
    }

    /// Case-sensitive runids; the old form without a runid is dropped; beyond Redis, a runid is
    /// 40 hex digits (`PeerInput.isRunID`).
    @Test func knownSentinelRunIDs() throws {
        let lower = "abc" + String(repeating: "0", count: 37)
        let text =
            Self.monitor
            + "sentinel known-sentinel m 1.1.1.1 1 \(lower)\nsentinel known-sentinel m 1.1.1.1 2 \(lower.uppercased())\n"
            + "sentinel known-sentinel m 1.1.1.1 3\n"
        #expect(try parseConfig(text).primaries[0].knownSentinels.count == 2)
        #expect(
            configError(Self.monitor + "sentinel known-sentinel m 1.1.1.1 1 abc\n")?.reason
                == "Malformed Sentinel id in known-sentinel option.")
    }

    // MARK: - Hosts

    /// Captured from redis-sentinel 7.0.15: the `+monitor` event shows the address it stored.
    static let literalHosts: [(String, String?)] = [
        ("0:0:0:0:0:0:0:1", "::1"), ("::ffff:127.0.0.1", "::ffff:127.0.0.1"), ("::ffff:7f00:1", "::ffff:127.0.0.1"),
        ("127.000.000.001", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("017.1", "15.0.0.1"), ("1.2.3", "1.2.0.3"),
        ("1.2.3.4.5", nil), ("4294967295", "255.255.255.255"), ("4294967296", nil),
        ("1.16777215", "1.255.255.255"), ("1.16777216", nil), ("[::1]", nil), ("fe80::1%lo", "fe80::1"),
        ("FE80::ABCD", "fe80::abcd"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"), ("::", "::"), ("1::", "1::"), ("::1.2.3.4", "::1.2.3.4"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"), ("0.0.0.0", "0.0.0.0"), ("08.1.1.1", nil), ("1.2.3.", nil),
        ("00x1.1.1.1", nil), ("0X1", "0.0.0.1"), ("0x", nil), ("::0.0.0.2", "::2"), ("::1:0:0:0:0:0", "0:0:1::"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("0:0:1:0:0:1:0:0", "::1:0:0:1:0:0"), ("localhost", nil), ("", nil),
    ]

    @Test(arguments: Self.literalHosts)
    func literalHost(_ host: String, _ stored: String?) throws {
        let text = "sentinel monitor m \(ConfigSyntax.quoted(host)) 6379 2\n"
        if let stored {
            #expect(try parseConfig(text).primaries[0].address.host == stored)
        } else {
            #expect(configError(text)?.reason == "Can't resolve instance hostname.")
        }
    }

    @Test func announceHostnamesKeepsTheTextAsWritten() throws {
        let text = "sentinel announce-hostnames yes\nsentinel monitor m 127.1 6379 2\n"
        #expect(try parseConfig(text).primaries[0].address.host == "127.1")
    }

    /// redis-sentinel 7.0.15 loaded `no-such-host.invalid` and even `""` with
    /// `resolve-hostnames yes` (logging `Failed to resolve hostname`). We load a name that does
    /// not resolve, but not text that is no host name at all (`PeerInput.isHost`).
    @Test func resolveHostnamesAcceptsNames() throws {
        let text = "sentinel resolve-hostnames yes\nsentinel monitor m redis-1.example 6379 2\n"
        #expect(try parseConfig(text).primaries[0].address == InstanceAddress(host: "redis-1.example", port: 6379))
        let unresolvable =
            "sentinel resolve-hostnames yes\nsentinel monitor m no-such-host.invalid 6379 2\n"
        #expect(try parseConfig(unresolvable).primaries.map(\.address.host) == ["no-such-host.invalid"])
        for host in ["\"\"", "\"a b\"", "\"x\\ny\""] {
            #expect(
                configError("sentinel resolve-hostnames yes\nsentinel monitor n \(host) 6379 2\n")?.reason
                    == "Can't resolve instance hostname.")
        }
    }
}
