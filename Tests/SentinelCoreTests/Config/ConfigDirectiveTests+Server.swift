import Testing

@testable import SentinelCore

/// SPEC §3.3–3.5: the server directives a sentinel models, keeps, or rejects; paths and the
/// environment checks.
extension ConfigDirectiveTests {
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
        #expect(config.primaries[0].notificationScript == "notify.sh")
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
