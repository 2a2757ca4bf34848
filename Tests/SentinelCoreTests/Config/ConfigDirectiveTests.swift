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
        #expect(config.masters.isEmpty)
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

        var alpha = MasterSettings(name: "alpha", address: InstanceAddress(host: "127.0.0.1", port: 6379), quorum: 2)
        alpha.downAfter = 5000
        alpha.failoverTimeout = 60000
        alpha.parallelSyncs = 3
        alpha.notificationScript = "/bin/true"
        alpha.clientReconfigScript = "/usr/bin/env"
        alpha.authPass = "pa ss"
        alpha.authUser = "admin"
        alpha.masterRebootDownAfterPeriod = 1234
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
        var beta = MasterSettings(name: "beta", address: InstanceAddress(host: "::1", port: 7000), quorum: 1)
        beta.knownReplicas = [InstanceAddress(host: "::1", port: 7001)]
        #expect(config.masters == [alpha, beta])
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
        #expect(config.masters.first?.downAfter == 20000)
        #expect(config.masters.first?.address == InstanceAddress(host: "localhost", port: 6379))
        #expect(config.masters.first?.knownReplicas == [InstanceAddress(host: "localhost", port: 6380)])
    }

    @Test func mastersKeepMonitorLineOrder() throws {
        let text = "sentinel monitor z 1.1.1.1 1 1\nsentinel monitor a 1.1.1.2 1 1\nsentinel monitor m 1.1.1.3 1 1\n"
        #expect(try parseConfig(text).masters.map(\.name) == ["z", "a", "m"])
    }

    @Test func directiveNamesAreCaseInsensitive() throws {
        let text =
            "SENTINEL MONITOR m 127.0.0.1 6379 2\nSentinel Down-After-Milliseconds m 100\nPORT 1234\nLogLevel Debug\n"
        let config = try parseConfig(text)
        #expect(config.masters.first?.downAfter == 100)
        #expect(config.server.port == 1234)
        #expect(config.server.loglevel == .debug)
    }

    /// Master names are case-sensitive (a `dict` with a case-sensitive hash in Redis).
    @Test func masterNamesAreCaseSensitive() throws {
        let config = try parseConfig("sentinel monitor m 1.1.1.1 1 1\nsentinel monitor M 1.1.1.1 1 1\n")
        #expect(config.masters.count == 2)
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
        #expect(config.masters[0].configEpoch == 0)
        #expect(config.masters[0].leaderEpoch == UInt64.max)
        #expect(config.sentinel.currentEpoch == UInt64.max)
    }

    /// Ports and the quorum follow `atoi` (a 64-bit value is truncated to 32 bits); times are read
    /// in 64 bits, beyond Redis, so that every value `SENTINEL SET` accepts loads again as itself.
    @Test func portsUseAtoiAndTimesAre64Bits() throws {
        let config = try parseConfig(Self.monitor + "sentinel down-after-milliseconds m 99999999999\n")
        #expect(config.masters[0].downAfter == 99_999_999_999)
        let port = try parseConfig("sentinel monitor m 127.0.0.1 abc 2x\nsentinel announce-port 99999\n")
        #expect(port.masters[0].address.port == 0)
        #expect(port.masters[0].quorum == 2)
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
        #expect(config.masters[0].masterRebootDownAfterPeriod == 5000)
    }

    @Test func knownSentinelSameAddressDifferentRunIDs() throws {
        let text =
            Self.monitor
            + "sentinel known-sentinel m 127.0.0.1 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nsentinel known-sentinel m 127.0.0.1 1 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
        #expect(
            try parseConfig(text).masters[0].knownSentinels.map(\.runID) == [
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
        #expect(try parseConfig(text).masters[0].knownSentinels.count == 2)
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
            #expect(try parseConfig(text).masters[0].address.host == stored)
        } else {
            #expect(configError(text)?.reason == "Can't resolve instance hostname.")
        }
    }

    @Test func announceHostnamesKeepsTheTextAsWritten() throws {
        let text = "sentinel announce-hostnames yes\nsentinel monitor m 127.1 6379 2\n"
        #expect(try parseConfig(text).masters[0].address.host == "127.1")
    }

    /// redis-sentinel 7.0.15 loaded `no-such-host.invalid` and even `""` with
    /// `resolve-hostnames yes` (logging `Failed to resolve hostname`). We load a name that does
    /// not resolve, but not text that is no host name at all (`PeerInput.isHost`).
    @Test func resolveHostnamesAcceptsNames() throws {
        let text = "sentinel resolve-hostnames yes\nsentinel monitor m redis-1.example 6379 2\n"
        #expect(try parseConfig(text).masters[0].address == InstanceAddress(host: "redis-1.example", port: 6379))
        let unresolvable =
            "sentinel resolve-hostnames yes\nsentinel monitor m no-such-host.invalid 6379 2\n"
        #expect(try parseConfig(unresolvable).masters.map(\.address.host) == ["no-such-host.invalid"])
        for host in ["\"\"", "\"a b\"", "\"x\\ny\""] {
            #expect(
                configError("sentinel resolve-hostnames yes\nsentinel monitor n \(host) 6379 2\n")?.reason
                    == "Can't resolve instance hostname.")
        }
    }

    // MARK: - Server directives

    @Test func modeledServerDirectives() throws {
        let text = """
            port 26380
            bind 127.0.0.1 ::1
            dir /var/lib/sentinel
            logfile "/var/log/sentinel.log"
            loglevel verbose
            requirepass "s3cret"
            protected-mode yes
            daemonize yes
            pidfile /run/sentinel.pid
            maxclients 50
            timeout 30
            tcp-keepalive 60
            bind-source-addr 10.0.0.5
            tls-port 26381
            tls-replication yes

            """
        let server = try parseConfig(text).server
        var expected = ServerOptions()
        expected.port = 26380
        expected.bind = ["127.0.0.1", "::1"]
        expected.dir = "/var/lib/sentinel"
        expected.logfile = "/var/log/sentinel.log"
        expected.loglevel = .verbose
        expected.requirepass = "s3cret"
        expected.protectedMode = true
        expected.daemonize = true
        expected.pidfile = "/run/sentinel.pid"
        expected.maxclients = 50
        expected.timeout = 30
        expected.tcpKeepalive = 60
        expected.bindSourceAddr = "10.0.0.5"
        expected.tlsPort = 26381
        expected.tlsReplication = true
        #expect(server == expected)
        #expect(server.otherDirectives.isEmpty)
    }

    /// Deviation: 7.0.15 rejects `loglevel nothing` (a 7.2 level); it is accepted so that a
    /// file written after an unstable-style `SENTINEL CONFIG SET loglevel nothing` loads again.
    /// The error text still lists the four 7.0 levels.
    @Test func loglevelNothingIsAccepted() throws {
        #expect(try parseConfig("loglevel nothing\n").server.loglevel == .nothing)
        #expect(
            configError("loglevel none\n")?.reason
                == "argument(s) must be one of the following: debug, verbose, notice, warning")
    }

    @Test func emptyStringsUnsetNullableOptions() throws {
        let server = try parseConfig("requirepass x\nrequirepass \"\"\npidfile ''\nbind-source-addr \"\"\nbind \"\"\n")
            .server
        #expect(server.requirepass == nil)
        #expect(server.pidfile == nil)
        #expect(server.bindSourceAddr == nil)
        #expect(server.bind == [])
    }

    /// SPEC §3.5 and §15.1: the TLS lines and the other redis.conf lines are accepted and kept.
    @Test func otherDirectivesAreKeptInOrder() throws {
        let text = """
            tls-cert-file /certs/redis.crt
            tls-key-file /certs/redis.key
            tls-ca-cert-file /certs/ca.crt
            tls-dh-params-file /certs/redis.dh
            tls-cluster yes
            Enable-Protected-Configs yes
            enable-debug-command yes
            repl-diskless-sync-delay 0
            save 900 1
            user alice on >pw ~* +@all
            rename-command PING PONG
            loadmodule /x.so a b
            slaveof 10.0.0.1 6379

            """
        let directives = try parseConfig(text).server.otherDirectives
        #expect(
            directives.map(\.name) == [
                "tls-cert-file", "tls-key-file", "tls-ca-cert-file", "tls-dh-params-file", "tls-cluster",
                "enable-protected-configs", "enable-debug-command", "repl-diskless-sync-delay", "save", "user",
                "rename-command", "loadmodule", "slaveof",
            ])
        #expect(directives[9].args == ["alice", "on", ">pw", "~*", "+@all"])
        #expect(directives[12].args == ["10.0.0.1", "6379"])
    }

    /// Server-level `rename-command` works on the sentinel command table (SPEC §13.2).
    @Test func serverRenameCommandTracksTheCommandTable() {
        #expect(
            configError("rename-command ping pong\nrename-command ping x\n")?.reason
                == "No such command in rename-command")
        #expect(configError("rename-command ping info\n")?.reason == "Target command name already exists")
        #expect(
            configError("rename-command ping ping\nrename-command info \"\"\nrename-command PONG x\n")?.lineNumber == 3)
        #expect(configError("rename-command info \"\"\nrename-command ping info\n") == nil)
    }

    @Test func commentsBlankLinesAndSpaces() throws {
        let text = "# comment\n\n   \t\n  port 1234   \r\n\t# indented comment\n  \"loglevel\"   'debug'\n"
        let server = try parseConfig(text).server
        #expect(server.port == 1234)
        #expect(server.loglevel == .debug)
    }

    /// SPEC §2.2 / §3.4: a relative script path is checked from the `dir` in effect.
    @Test func scriptPathsResolveAgainstDir() throws {
        let text = "dir /srv\ndir sentinel\nsentinel monitor m 1.1.1.1 1 1\nsentinel notification-script m notify.sh\n"
        var checked: [String] = []
        let config = try ConfigParser.parse(
            text, fileName: "f",
            isExecutable: {
                checked.append($0)
                return true
            }, environment: .permissive)
        #expect(checked == ["/srv/sentinel/notify.sh"])
        #expect(config.server.dir == "/srv/sentinel")
        #expect(config.masters[0].notificationScript == "notify.sh")
    }

    @Test func environmentErrors() {
        let environment = ConfigParser.Environment(
            changeDirectoryError: { $0 == "/missing" ? "No such file or directory" : nil },
            openLogFileError: { $0 == "/ro/sentinel.log" ? "Permission denied" : nil },
            readIncludedFile: {
                $0 == "/inc.conf" ? .success("port 1\nbogus\n") : .failure(.init(message: "Permission denied"))
            })
        func error(_ text: String) -> ConfigError? {
            do {
                _ = try ConfigParser.parse(
                    text, fileName: "main.conf", isExecutable: { _ in true }, environment: environment)
                return nil
            } catch { return error }
        }
        #expect(
            error("port 1\ndir /missing\n")
                == ConfigError(
                    fileName: "main.conf", lineNumber: 2, line: "dir /missing", reason: "No such file or directory"))
        #expect(
            error("dir /ro\nlogfile sentinel.log\n")
                == ConfigError(
                    fileName: "main.conf", lineNumber: 0, line: "",
                    reason: "Can't open the log file: Permission denied",
                    kind: .afterLoading))
        #expect(
            error("# x\ninclude /inc.conf\n")
                == ConfigError(
                    fileName: "/inc.conf", lineNumber: 2, line: "bogus",
                    reason: "Bad directive or wrong number of arguments"))
        let unreadable = error("include /secret.conf\n")
        #expect(unreadable?.kind == .unreadableInclude)
        #expect(unreadable?.fatalMessage == "Fatal error, can't open config file '/secret.conf': Permission denied")
        #expect(
            error("cluster-enabled yes\nreplicaof 1.2.3.4 5\n")?.reason
                == "replicaof directive not allowed in cluster mode")
    }

    @Test func includedSentinelLinesKeepTheirFileAndLine() throws {
        let environment = ConfigParser.Environment(
            changeDirectoryError: { _ in nil }, openLogFileError: { _ in nil },
            readIncludedFile: { _ in .success("sentinel monitor m 1.1.1.1 1 1\nsentinel down-after-milliseconds x 1\n")
            })
        do {
            _ = try ConfigParser.parse(
                "include /a.conf\n", fileName: "main", isExecutable: { _ in true }, environment: environment)
            Issue.record("expected an error")
        } catch {
            #expect(error.fileName == "/a.conf")
            #expect(error.lineNumber == 2)
        }
    }

    @Test func liveEnvironmentChecksTheFileSystem() throws {
        #expect(ConfigParser.isExecutableFile("/bin/sh"))
        #expect(!ConfigParser.isExecutableFile("/nonexistent/script.sh"))
        #expect(ConfigParser.Environment.live.changeDirectoryError("/") == nil)
        #expect(ConfigParser.Environment.live.changeDirectoryError("/nonexistent-dir") == "No such file or directory")
        #expect(ConfigParser.Environment.live.changeDirectoryError("/bin/sh") == "Not a directory")
        #expect(ConfigParser.Environment.live.openLogFileError("/nonexistent-dir/x.log") == "No such file or directory")
        if case .failure(let error) = ConfigParser.Environment.live.readIncludedFile("/nonexistent.conf") {
            #expect(error.message == "No such file or directory")
        } else {
            Issue.record("expected a failure")
        }
    }
}
