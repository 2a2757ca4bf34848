import SentinelCore

/// Decodes fuzz bytes into plausible query commands, replies and hellos for the `dispatch`
/// target: names and options from the real command set, arguments from small dictionaries or raw.
enum DispatchVocabulary {
    static let primaries = ["mymaster", "other", "m3", "*", "my*", ""]
    static let runIDs = [String(repeating: "b", count: 40), String(repeating: "c", count: 40), "*", "x"]
    static let numbers = ["0", "1", "2", "-1", "5000", "9223372036854775807", "-9223372036854775808", "1e3", "abc"]
    static let addresses = ["127.0.0.1", "::1", "10.0.0.1", "localhost", "256.1.1.1", ""]
    static let ports = ["6379", "6380", "6381", "0", "65535", "65536", "-1"]
    static let options = [
        "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum", "auth-pass", "auth-user",
        "notification-script", "client-reconfig-script", "rename-command", "master-reboot-down-after-period",
        "resolve-hostnames", "announce-hostnames", "announce-ip", "announce-port", "sentinel-user", "sentinel-pass",
        "loglevel", "deny-scripts-reconfig", "nosuch",
    ]
    static let aclRules = [
        "on", "off", "nopass", "resetpass", ">secret", "<secret", "#" + String(repeating: "a", count: 64), "allkeys",
        "~*", "&*", "&chan*", "resetchannels", "allchannels", "+@all", "-@all", "+ping", "-sentinel|reset",
        "+sentinel|masters", "+@dangerous", "reset", "%R~*", "(+ping ~x)", "clearselectors", "+client|kill",
    ]

    static func command(_ input: inout FuzzInput) -> [String] {
        switch input.int(below: 6) {
        case 0, 1: return self.sentinel(&input)
        case 2:
            let sub = input.pick([
                "setuser", "deluser", "getuser", "list", "users", "whoami", "cat", "log", "dryrun", "genpass",
            ])
            var args = ["ACL", sub]
            for _ in 0..<input.int(below: 5) {
                args.append(input.argument(self.aclRules + ["default", "fuzz", "ping"]))
            }
            return args
        case 3:
            let sub = input.pick(["tracking", "caching", "kill", "kill", "setname", "getname", "list", "info"])
            var args = ["CLIENT", sub]
            for _ in 0..<input.int(below: 6) {
                args.append(
                    input.argument([
                        "on", "off", "yes", "no", "redirect", "1", "prefix", "bcast", "optin",
                        "optout", "noloop", "id", "addr", "laddr", "type", "user", "skipme", "maxage", "normal",
                        "pubsub", "master", "127.0.0.1:1", "default",
                    ]))
            }
            return args
        case 4:
            var args = ["COMMAND", input.pick(["list", "count", "info", "docs", "getkeys", "getkeysandflags"])]
            for _ in 0..<input.int(below: 5) {
                args.append(
                    input.argument([
                        "filterby", "pattern", "aclcat", "module", "*", "*?*?#", "sentinel",
                        "client|kill", "ping", "[a-z]*", "\\",
                    ]))
            }
            return args
        default:
            var args = [input.pick(["SENTINEL", "CONFIG", "PING", "INFO", "ROLE", "HELLO", "AUTH", "nosuch"])]
            for _ in 0..<input.int(below: 4) { args.append(input.argument(["get", "set", "*", "3", "default"])) }
            return args
        }
    }

    static func sentinel(_ input: inout FuzzInput) -> [String] {
        let sub = input.pick([
            "masters", "master", "replicas", "slaves", "sentinels", "get-master-addr-by-name", "reset", "monitor",
            "remove", "set", "config", "ckquorum", "failover", "flushconfig", "is-master-down-by-addr", "myid",
            "info-cache", "simulate-failure", "debug", "pending-scripts", "help", "primaries", "primary", "nosuch",
        ])
        var args = ["SENTINEL", sub]
        switch sub {
        case "monitor":
            args += [
                input.argument(self.primaries), input.argument(self.addresses), input.argument(self.ports),
                input.argument(self.numbers),
            ]
        case "set":
            args.append(input.argument(self.primaries))
            for _ in 0..<(1 + input.int(below: 3)) {
                args += [input.argument(self.options), input.argument(self.numbers + self.primaries + ["yes", "no"])]
            }
        case "config":
            args += [input.pick(["get", "set", "GET"]), input.argument(self.options + ["*", "resolve-*"])]
            if input.byte() & 1 == 1 { args.append(input.argument(self.numbers + ["yes", "no", "10.0.0.9"])) }
        case "is-master-down-by-addr":
            args += [
                input.argument(self.addresses), input.argument(self.ports), input.argument(self.numbers),
                input.argument(self.runIDs),
            ]
        case "debug", "simulate-failure", "info-cache":
            for _ in 0..<input.int(below: 4) {
                args.append(
                    input.argument(
                        self.options + self.primaries + self.numbers + [
                            "crash-after-election",
                            "crash-after-promotion", "help", "ping-period", "info-period",
                        ]))
            }
        default:
            for _ in 0..<input.int(below: 3) { args.append(input.argument(self.primaries)) }
        }
        return args
    }

    static func reply(_ input: inout FuzzInput) -> RESPValue {
        switch input.int(below: 6) {
        case 0: return .simpleString(input.pick(["PONG", "LOADING", "MASTERDOWN", "OK"]))
        case 1: return .error(input.argument(["ERR", "BUSY", "LOADING"]))
        case 2:
            let role = input.pick([
                "role:master", "role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:up",
            ])
            let replica =
                "slave0:ip=\(input.pick(self.addresses)),port=\(input.pick(self.ports)),state=online,offset=1,lag=0"
            return .bulkString(
                "# Server\r\nrun_id:\(input.pick(self.runIDs))\r\n# Replication\r\n\(role)\r\n\(replica)\r\n")
        case 3:
            return .array([
                .integer(Int64(input.int(below: 2))), .bulkString(input.argument(self.runIDs + ["*"])),
                .integer(Int64(input.int(below: 5))),
            ])
        case 4: return .bulkString(String(decoding: input.bytes(max: 64), as: UTF8.self))
        default: return .null
        }
    }

    static func hello(_ input: inout FuzzInput) -> String {
        let fields = [
            input.argument(self.addresses), input.argument(self.ports + ["26380"]), input.argument(self.runIDs),
            input.argument(self.numbers), input.argument(self.primaries), input.argument(self.addresses),
            input.argument(self.ports), input.argument(self.numbers),
        ]
        return fields.prefix(6 + input.int(below: 4)).joined(separator: ",")
    }
}
