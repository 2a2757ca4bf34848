import Testing

@testable import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One INFO text and what `InfoReply.parse` must make of it.
struct InfoCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var expected: InfoReply

    init(_ label: String, _ text: String, _ expected: InfoReply) {
        self.label = label
        self.text = text
        self.expected = expected
    }

    var testDescription: String { self.label }
}

/// SPEC §5.5: INFO parsing as Redis 7.0's `sentinelRefreshInstanceInfo`.
@Suite struct InfoReplyTests {
    static let masterRunID = "a1952a197959e67574608bd69c2a749155a9fb9f"
    static let replicaRunID = "2746627a509bd3e271d909953f71fc5be3a93245"
    static let runID = "0123456789abcdef0123456789abcdef01234567"

    static let captured: [InfoCase] = [
        InfoCase(
            "master with an online replica",
            InfoCaptures.master,
            InfoReply(
                runID: Self.masterRunID,
                replicas: [InstanceAddress(host: "127.0.0.1", port: 28432)],
                role: .master
            )
        ),
        InfoCase(
            "replica with its link up",
            InfoCaptures.replica,
            InfoReply(
                runID: Self.replicaRunID,
                role: .slave,
                masterHost: "127.0.0.1",
                masterPort: 28431,
                masterLinkUp: true,
                replicaPriority: 100,
                replicaReplOffset: 68,
                replicaAnnounced: 1
            )
        ),
        InfoCase(
            "replica whose master is down, priority 0, not announced",
            InfoCaptures.replicaMasterDown,
            InfoReply(
                runID: Self.replicaRunID,
                masterLinkDownTime: 5000,
                role: .slave,
                masterHost: "127.0.0.1",
                masterPort: 28431,
                masterLinkUp: false,
                replicaPriority: 0,
                replicaReplOffset: 96,
                replicaAnnounced: 0
            )
        ),
        InfoCase(
            "master waiting for bgsave (Replication section)",
            InfoCaptures.masterDuringSync,
            InfoReply(replicas: [InstanceAddress(host: "127.0.0.1", port: 28434)], role: .master)
        ),
        InfoCase(
            "replica before its first sync: master_link_down_since_seconds:-1",
            InfoCaptures.replicaDuringSync,
            InfoReply(
                masterLinkDownTime: -1000,
                role: .slave,
                masterHost: "127.0.0.1",
                masterPort: 28433,
                masterLinkUp: false,
                replicaPriority: 100,
                replicaReplOffset: 1,
                replicaAnnounced: 1
            )
        ),
    ]

    @Test(arguments: Self.captured)
    func parsesCapturedInfo(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let replicaLines: [InfoCase] = [
        InfoCase(
            "old format",
            "slave0:10.0.0.5,6380,online\r\n",
            InfoReply(replicas: [InstanceAddress(host: "10.0.0.5", port: 6380)])
        ),
        InfoCase("old format without a state", "slave0:10.0.0.5,6380\r\n", InfoReply()),
        InfoCase("old format without a port", "slave0:10.0.0.5\r\n", InfoReply()),
        InfoCase(
            "old format, empty ip and garbage port",
            "slave3:,x,online",
            InfoReply(replicas: [InstanceAddress(host: "", port: 0)])
        ),
        InfoCase(
            "new format without anything after the port",
            "slave0:ip=1.2.3.4,port=6380",
            InfoReply(replicas: [InstanceAddress(host: "1.2.3.4", port: 6380)])
        ),
        InfoCase(
            "new format, port before ip, IPv6",
            "slave1:port=7000,ip=::1,state=online",
            InfoReply(replicas: [InstanceAddress(host: "::1", port: 7000)])
        ),
        InfoCase("new format without a port", "slave0:ip=1.2.3.4,state=online", InfoReply()),
        InfoCase(
            "new format, port inside the ip value",
            "slave0:ip=1.2.port=7.3,state=online",
            InfoReply(replicas: [InstanceAddress(host: "1.2.port=7.3", port: 7)])
        ),
        InfoCase(
            "several replicas in order, duplicates kept",
            "slave0:ip=a,port=1\r\nslave1:ip=b,port=2\r\nslave10:ip=a,port=1\r\n",
            InfoReply(replicas: [
                InstanceAddress(host: "a", port: 1),
                InstanceAddress(host: "b", port: 2),
                InstanceAddress(host: "a", port: 1),
            ])
        ),
        InfoCase(
            "not replica lines",
            "slave_expires_tracked_keys:0\r\nslaveX:ip=a,port=1\r\nslave0\r\nmem_clients_slaves:0\r\n",
            InfoReply()
        ),
        InfoCase(
            "only `slave` and a digit are checked before the colon",
            "slave9z:ip=h,port=+12x",
            InfoReply(replicas: [InstanceAddress(host: "h", port: 12)])
        ),
    ]

    @Test(arguments: Self.replicaLines)
    func parsesReplicaLines(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let runIDs: [InfoCase] = [
        InfoCase("exactly 40", "run_id:\(Self.runID)\r\n", InfoReply(runID: Self.runID)),
        InfoCase("39 is ignored", "run_id:\(Self.runID.dropLast())\r\n", InfoReply()),
        InfoCase("longer is cut to 40", "run_id:\(Self.runID)ffff\r\n", InfoReply(runID: Self.runID)),
        InfoCase("not at the line start", " run_id:\(Self.runID)\r\n", InfoReply()),
        InfoCase(
            "the last one wins",
            "run_id:\(Self.runID)\r\nrun_id:\(Self.masterRunID)",
            InfoReply(runID: Self.masterRunID)
        ),
    ]

    @Test(arguments: Self.runIDs)
    func parsesRunID(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let linkDownTimes: [InfoCase] = [
        InfoCase("seconds to ms", "master_link_down_since_seconds:12", InfoReply(masterLinkDownTime: 12_000)),
        InfoCase("digits then garbage", "master_link_down_since_seconds:12abc", InfoReply(masterLinkDownTime: 12_000)),
        InfoCase("leading space", "master_link_down_since_seconds: 3", InfoReply(masterLinkDownTime: 3000)),
        InfoCase("garbage", "master_link_down_since_seconds:abc", InfoReply()),
        InfoCase("empty value is not matched", "master_link_down_since_seconds:", InfoReply()),
        InfoCase(
            "any byte instead of the colon", "master_link_down_since_secondsX7", InfoReply(masterLinkDownTime: 7000)),
        InfoCase(
            "huge: strtoll saturates, ×1000 wraps",
            "master_link_down_since_seconds:99999999999999999999",
            InfoReply(masterLinkDownTime: -1000)
        ),
        InfoCase(
            "no role needed, the last one wins",
            "master_link_down_since_seconds:1\r\nmaster_link_down_since_seconds:2\r\n",
            InfoReply(masterLinkDownTime: 2000)
        ),
    ]

    @Test(arguments: Self.linkDownTimes)
    func parsesMasterLinkDownTime(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let roles: [InfoCase] = [
        InfoCase("master", "role:master\r\n", InfoReply(role: .master)),
        InfoCase("slave", "role:slave\r\n", InfoReply(role: .slave)),
        InfoCase("prefix match, master", "role:masterful\r\n", InfoReply(role: .master)),
        InfoCase("prefix match, slave", "role:slaves\r\n", InfoReply(role: .slave)),
        InfoCase("unknown role", "role:sentinel\r\n", InfoReply()),
        InfoCase("case matters", "ROLE:master\r\nrole:Slave\r\n", InfoReply()),
        InfoCase("the last one wins", "role:slave\r\nrole:master\r\n", InfoReply(role: .master)),
    ]

    @Test(arguments: Self.roles)
    func parsesRole(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let replicaFields: [InfoCase] = [
        InfoCase(
            "ignored without role:slave",
            "master_host:h\r\nmaster_port:1\r\nmaster_link_status:up\r\nslave_priority:1\r\n"
                + "slave_repl_offset:1\r\nreplica_announced:1\r\n",
            InfoReply()
        ),
        InfoCase(
            "ignored before the role:slave line",
            "master_host:h\r\nrole:slave\r\nmaster_port:1\r\n",
            InfoReply(role: .slave, masterPort: 1)
        ),
        InfoCase(
            "ignored after a later role:master line, earlier ones kept",
            "role:slave\r\nmaster_port:1\r\nrole:master\r\nslave_priority:5\r\n",
            InfoReply(role: .master, masterPort: 1)
        ),
        InfoCase(
            "empty values",
            "role:slave\r\nmaster_host:\r\nmaster_port:\r\nmaster_link_status:\r\nslave_priority:\r\n"
                + "slave_repl_offset:\r\nreplica_announced:\r\n",
            InfoReply(
                role: .slave,
                masterHost: "",
                masterPort: 0,
                masterLinkUp: false,
                replicaPriority: 0,
                replicaReplOffset: 0,
                replicaAnnounced: 0
            )
        ),
        InfoCase(
            "host is the rest of the line",
            "role:slave\r\nmaster_host: my-host.example:1 \r\n",
            InfoReply(role: .slave, masterHost: " my-host.example:1 ")
        ),
        InfoCase("link UP", "role:slave\r\nmaster_link_status:UP", InfoReply(role: .slave, masterLinkUp: true)),
        InfoCase("link Up", "role:slave\r\nmaster_link_status:Up", InfoReply(role: .slave, masterLinkUp: true)),
        InfoCase("link `up `", "role:slave\r\nmaster_link_status:up ", InfoReply(role: .slave, masterLinkUp: false)),
        InfoCase("link upx", "role:slave\r\nmaster_link_status:upx", InfoReply(role: .slave, masterLinkUp: false)),
        InfoCase(
            "atoi on malformed numbers",
            "role:slave\r\nmaster_port: 42x\r\nslave_priority:abc\r\nreplica_announced:yes\r\n",
            InfoReply(role: .slave, masterPort: 42, replicaPriority: 0, replicaAnnounced: 0)
        ),
        InfoCase(
            "atoi on huge numbers: 64-bit strtol truncated to int",
            "role:slave\r\nmaster_port:4294967297\r\nslave_priority:99999999999999999999\r\n"
                + "replica_announced:-4294967296\r\n",
            InfoReply(role: .slave, masterPort: 1, replicaPriority: -1, replicaAnnounced: 0)
        ),
        InfoCase(
            "negative priority",
            "role:slave\r\nslave_priority:-5\r\n",
            InfoReply(role: .slave, replicaPriority: -5)
        ),
        InfoCase(
            "strtoull offset: -1",
            "role:slave\r\nslave_repl_offset:-1\r\n",
            InfoReply(role: .slave, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: max",
            "role:slave\r\nslave_repl_offset:18446744073709551615\r\n",
            InfoReply(role: .slave, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: overflow saturates",
            "role:slave\r\nslave_repl_offset:18446744073709551616\r\n",
            InfoReply(role: .slave, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: digits then garbage",
            "role:slave\r\nslave_repl_offset:123abc\r\n",
            InfoReply(role: .slave, replicaReplOffset: 123)
        ),
        InfoCase(
            "slave_read_repl_offset is not slave_repl_offset",
            "role:slave\r\nslave_read_repl_offset:9\r\n",
            InfoReply(role: .slave)
        ),
    ]

    @Test(arguments: Self.replicaFields)
    func parsesReplicaFields(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let lineEndings: [InfoCase] = [
        InfoCase("empty text", "", InfoReply()),
        InfoCase(
            "a real replica INFO with \\n line endings is one line",
            InfoCaptures.replica.split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n"),
            InfoReply()
        ),
        InfoCase(
            "a line with \\n inside is matched on its start",
            "role:slave\nmaster_host:h\r\nmaster_port:5\nslave_priority:7\r\n",
            InfoReply(role: .slave, masterPort: 5)
        ),
        InfoCase(
            "a \\n-only master_host line swallows the rest",
            "role:slave\r\nmaster_host:h\nmaster_port:5",
            InfoReply(role: .slave, masterHost: "h\nmaster_port:5")
        ),
        InfoCase(
            "the text ends at NUL",
            "role:slave\r\nmaster_port:5\u{0}\r\nslave_priority:7\r\n",
            InfoReply(role: .slave, masterPort: 5)
        ),
        InfoCase(
            "lone \\r is not a separator",
            "role:slave\rmaster_port:5\r\n",
            InfoReply(role: .slave)
        ),
    ]

    @Test(arguments: Self.lineEndings)
    func handlesLineEndings(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    @Test func splitsLikeSdssplitlen() {
        let split = { (text: String) in
            InfoReply.splitLines(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(split("") == [])
        #expect(split("a") == ["a"])
        #expect(split("a\r\n") == ["a", ""])
        #expect(split("a\r\n\r\nb") == ["a", "", "b"])
        #expect(split("\r\r\n\n") == ["\r", "\n"])
    }

    static let numbers = [
        "", "0", "42", "  42", "\t\n\u{0B}\u{0C}\r 7", "+5", "-5", "--5", "+-5", "- 5", "12abc", "abc", "0x1A",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967297",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
        "99999999999999999999999999", "-1", "007", "1 2",
    ]

    #if canImport(Glibc) || canImport(Darwin)
        /// The Swift parsers agree with the C library they imitate.
        @Test(arguments: Self.numbers)
        func numberParsingMatchesLibc(_ text: String) {
            let bytes = Array(text.utf8)
            #expect(LibcNumberParsing.atoi(bytes) == Int(atoi(text)))
            #expect(LibcNumberParsing.strtoll(bytes) == Int64(strtoll(text, nil, 10)))
            #expect(LibcNumberParsing.strtoull(bytes) == UInt64(strtoull(text, nil, 10)))
        }
    #endif
}

// Captured from redis-server 7.0.15 (`redis-cli -p PORT INFO`, bytes kept, `\r\n` line endings) on
// 127.0.0.1: a master on 28431 with a replica on 28432 (`--replicaof`, `--save '' --appendonly no`),
// then the replica after `CONFIG SET replica-priority 0`, `CONFIG SET replica-announced no` and
// killing the master. The `…DuringSync` captures are the Replication sections of a second pair
// (28433/28434) taken one second after the replica started, while the master waited for bgsave.
enum InfoCaptures {
    static let master = """
        # Server\r
        redis_version:7.0.15\r
        redis_git_sha1:00000000\r
        redis_git_dirty:0\r
        redis_build_id:ae4d7c971a948f0\r
        redis_mode:standalone\r
        os:Linux 6.18.44-fc-v669 x86_64\r
        arch_bits:64\r
        monotonic_clock:POSIX clock_gettime\r
        multiplexing_api:epoll\r
        atomicvar_api:c11-builtin\r
        gcc_version:12.2.0\r
        process_id:6562\r
        process_supervised:no\r
        run_id:a1952a197959e67574608bd69c2a749155a9fb9f\r
        tcp_port:28431\r
        server_time_usec:1795627220281390\r
        uptime_in_seconds:19\r
        uptime_in_days:0\r
        hz:10\r
        configured_hz:10\r
        lru_clock:465108\r
        executable:/tmp/infocap.pHKJ/redis-server\r
        config_file:\r
        io_threads_active:0\r
        \r
        # Clients\r
        connected_clients:1\r
        cluster_connections:0\r
        maxclients:10000\r
        client_recent_max_input_buffer:20480\r
        client_recent_max_output_buffer:20504\r
        blocked_clients:0\r
        tracking_clients:0\r
        clients_in_timeout_table:0\r
        \r
        # Memory\r
        used_memory:1083960\r
        used_memory_human:1.03M\r
        used_memory_rss:12357632\r
        used_memory_rss_human:11.79M\r
        used_memory_peak:1083960\r
        used_memory_peak_human:1.03M\r
        used_memory_peak_perc:100.12%\r
        used_memory_overhead:897044\r
        used_memory_startup:876264\r
        used_memory_dataset:186916\r
        used_memory_dataset_perc:89.99%\r
        allocator_allocated:1955040\r
        allocator_active:2134016\r
        allocator_resident:4804608\r
        total_system_memory:25276502016\r
        total_system_memory_human:23.54G\r
        used_memory_lua:32768\r
        used_memory_vm_eval:32768\r
        used_memory_lua_human:32.00K\r
        used_memory_scripts_eval:0\r
        number_of_cached_scripts:0\r
        number_of_functions:0\r
        number_of_libraries:0\r
        used_memory_vm_functions:33792\r
        used_memory_vm_total:66560\r
        used_memory_vm_total_human:65.00K\r
        used_memory_functions:200\r
        used_memory_scripts:200\r
        used_memory_scripts_human:200B\r
        maxmemory:0\r
        maxmemory_human:0B\r
        maxmemory_policy:noeviction\r
        allocator_frag_ratio:1.09\r
        allocator_frag_bytes:178976\r
        allocator_rss_ratio:2.25\r
        allocator_rss_bytes:2670592\r
        rss_overhead_ratio:2.57\r
        rss_overhead_bytes:7553024\r
        mem_fragmentation_ratio:11.84\r
        mem_fragmentation_bytes:11313616\r
        mem_not_counted_for_evict:0\r
        mem_replication_backlog:20508\r
        mem_total_replication_buffers:20504\r
        mem_clients_slaves:0\r
        mem_clients_normal:0\r
        mem_cluster_links:0\r
        mem_aof_buffer:0\r
        mem_allocator:jemalloc-5.3.0\r
        active_defrag_running:0\r
        lazyfree_pending_objects:0\r
        lazyfreed_objects:0\r
        \r
        # Persistence\r
        loading:0\r
        async_loading:0\r
        current_cow_peak:0\r
        current_cow_size:0\r
        current_cow_size_age:0\r
        current_fork_perc:0.00\r
        current_save_keys_processed:0\r
        current_save_keys_total:0\r
        rdb_changes_since_last_save:1\r
        rdb_bgsave_in_progress:0\r
        rdb_last_save_time:1795627201\r
        rdb_last_bgsave_status:ok\r
        rdb_last_bgsave_time_sec:0\r
        rdb_current_bgsave_time_sec:-1\r
        rdb_saves:0\r
        rdb_last_cow_size:331776\r
        rdb_last_load_keys_expired:0\r
        rdb_last_load_keys_loaded:0\r
        aof_enabled:0\r
        aof_rewrite_in_progress:0\r
        aof_rewrite_scheduled:0\r
        aof_last_rewrite_time_sec:-1\r
        aof_current_rewrite_time_sec:-1\r
        aof_last_bgrewrite_status:ok\r
        aof_rewrites:0\r
        aof_rewrites_consecutive_failures:0\r
        aof_last_write_status:ok\r
        aof_last_cow_size:0\r
        module_fork_in_progress:0\r
        module_fork_last_cow_size:0\r
        \r
        # Stats\r
        total_connections_received:6\r
        total_commands_processed:21\r
        instantaneous_ops_per_sec:0\r
        total_net_input_bytes:726\r
        total_net_output_bytes:6166\r
        total_net_repl_input_bytes:0\r
        total_net_repl_output_bytes:327\r
        instantaneous_input_kbps:0.02\r
        instantaneous_output_kbps:0.00\r
        instantaneous_input_repl_kbps:0.00\r
        instantaneous_output_repl_kbps:0.00\r
        rejected_connections:0\r
        sync_full:1\r
        sync_partial_ok:0\r
        sync_partial_err:0\r
        expired_keys:0\r
        expired_stale_perc:0.00\r
        expired_time_cap_reached_count:0\r
        expire_cycle_cpu_milliseconds:0\r
        evicted_keys:0\r
        evicted_clients:0\r
        total_eviction_exceeded_time:0\r
        current_eviction_exceeded_time:0\r
        keyspace_hits:0\r
        keyspace_misses:0\r
        pubsub_channels:0\r
        pubsub_patterns:0\r
        pubsubshard_channels:0\r
        latest_fork_usec:642\r
        total_forks:1\r
        migrate_cached_sockets:0\r
        slave_expires_tracked_keys:0\r
        active_defrag_hits:0\r
        active_defrag_misses:0\r
        active_defrag_key_hits:0\r
        active_defrag_key_misses:0\r
        total_active_defrag_time:0\r
        current_active_defrag_time:0\r
        tracking_total_keys:0\r
        tracking_total_items:0\r
        tracking_total_prefixes:0\r
        unexpected_error_replies:0\r
        total_error_replies:0\r
        dump_payload_sanitizations:0\r
        total_reads_processed:26\r
        total_writes_processed:10\r
        io_threaded_reads_processed:0\r
        io_threaded_writes_processed:0\r
        reply_buffer_shrinks:1\r
        reply_buffer_expands:0\r
        \r
        # Replication\r
        role:master\r
        connected_slaves:1\r
        slave0:ip=127.0.0.1,port=28432,state=online,offset=68,lag=1\r
        master_failover_state:no-failover\r
        master_replid:4e206eaf0bd16e11601716393faa4af9ad33fe29\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:68\r
        second_repl_offset:-1\r
        repl_backlog_active:1\r
        repl_backlog_size:1048576\r
        repl_backlog_first_byte_offset:1\r
        repl_backlog_histlen:68\r
        \r
        # CPU\r
        used_cpu_sys:0.017638\r
        used_cpu_user:0.022080\r
        used_cpu_sys_children:0.002099\r
        used_cpu_user_children:0.000000\r
        used_cpu_sys_main_thread:0.017552\r
        used_cpu_user_main_thread:0.021973\r
        \r
        # Modules\r
        \r
        # Errorstats\r
        \r
        # Cluster\r
        cluster_enabled:0\r
        \r
        # Keyspace\r
        db0:keys=1,expires=0,avg_ttl=0\r

        """

    static let replica = """
        # Server\r
        redis_version:7.0.15\r
        redis_git_sha1:00000000\r
        redis_git_dirty:0\r
        redis_build_id:ae4d7c971a948f0\r
        redis_mode:standalone\r
        os:Linux 6.18.44-fc-v669 x86_64\r
        arch_bits:64\r
        monotonic_clock:POSIX clock_gettime\r
        multiplexing_api:epoll\r
        atomicvar_api:c11-builtin\r
        gcc_version:12.2.0\r
        process_id:6570\r
        process_supervised:no\r
        run_id:2746627a509bd3e271d909953f71fc5be3a93245\r
        tcp_port:28432\r
        server_time_usec:1795627220285879\r
        uptime_in_seconds:18\r
        uptime_in_days:0\r
        hz:10\r
        configured_hz:10\r
        lru_clock:465108\r
        executable:/tmp/infocap.pHKJ/redis-server\r
        config_file:\r
        io_threads_active:0\r
        \r
        # Clients\r
        connected_clients:2\r
        cluster_connections:0\r
        maxclients:10000\r
        client_recent_max_input_buffer:64\r
        client_recent_max_output_buffer:0\r
        blocked_clients:0\r
        tracking_clients:0\r
        clients_in_timeout_table:0\r
        \r
        # Memory\r
        used_memory:1038976\r
        used_memory_human:1014.62K\r
        used_memory_rss:12365824\r
        used_memory_rss_human:11.79M\r
        used_memory_peak:1040024\r
        used_memory_peak_human:1015.65K\r
        used_memory_peak_perc:99.90%\r
        used_memory_overhead:899052\r
        used_memory_startup:876416\r
        used_memory_dataset:139924\r
        used_memory_dataset_perc:86.08%\r
        allocator_allocated:1983712\r
        allocator_active:2150400\r
        allocator_resident:4866048\r
        total_system_memory:25276502016\r
        total_system_memory_human:23.54G\r
        used_memory_lua:32768\r
        used_memory_vm_eval:32768\r
        used_memory_lua_human:32.00K\r
        used_memory_scripts_eval:0\r
        number_of_cached_scripts:0\r
        number_of_functions:0\r
        number_of_libraries:0\r
        used_memory_vm_functions:33792\r
        used_memory_vm_total:66560\r
        used_memory_vm_total_human:65.00K\r
        used_memory_functions:200\r
        used_memory_scripts:200\r
        used_memory_scripts_human:200B\r
        maxmemory:0\r
        maxmemory_human:0B\r
        maxmemory_policy:noeviction\r
        allocator_frag_ratio:1.08\r
        allocator_frag_bytes:166688\r
        allocator_rss_ratio:2.26\r
        allocator_rss_bytes:2715648\r
        rss_overhead_ratio:2.54\r
        rss_overhead_bytes:7499776\r
        mem_fragmentation_ratio:12.38\r
        mem_fragmentation_bytes:11366792\r
        mem_not_counted_for_evict:0\r
        mem_replication_backlog:20508\r
        mem_total_replication_buffers:20504\r
        mem_clients_slaves:0\r
        mem_clients_normal:1856\r
        mem_cluster_links:0\r
        mem_aof_buffer:0\r
        mem_allocator:jemalloc-5.3.0\r
        active_defrag_running:0\r
        lazyfree_pending_objects:0\r
        lazyfreed_objects:0\r
        \r
        # Persistence\r
        loading:0\r
        async_loading:0\r
        current_cow_peak:0\r
        current_cow_size:0\r
        current_cow_size_age:0\r
        current_fork_perc:0.00\r
        current_save_keys_processed:0\r
        current_save_keys_total:0\r
        rdb_changes_since_last_save:1\r
        rdb_bgsave_in_progress:0\r
        rdb_last_save_time:1795627202\r
        rdb_last_bgsave_status:ok\r
        rdb_last_bgsave_time_sec:-1\r
        rdb_current_bgsave_time_sec:-1\r
        rdb_saves:0\r
        rdb_last_cow_size:0\r
        rdb_last_load_keys_expired:0\r
        rdb_last_load_keys_loaded:0\r
        aof_enabled:0\r
        aof_rewrite_in_progress:0\r
        aof_rewrite_scheduled:0\r
        aof_last_rewrite_time_sec:-1\r
        aof_current_rewrite_time_sec:-1\r
        aof_last_bgrewrite_status:ok\r
        aof_rewrites:0\r
        aof_rewrites_consecutive_failures:0\r
        aof_last_write_status:ok\r
        aof_last_cow_size:0\r
        module_fork_in_progress:0\r
        module_fork_last_cow_size:0\r
        \r
        # Stats\r
        total_connections_received:3\r
        total_commands_processed:5\r
        instantaneous_ops_per_sec:0\r
        total_net_input_bytes:387\r
        total_net_output_bytes:6203\r
        total_net_repl_input_bytes:327\r
        total_net_repl_output_bytes:0\r
        instantaneous_input_kbps:0.00\r
        instantaneous_output_kbps:0.02\r
        instantaneous_input_repl_kbps:0.00\r
        instantaneous_output_repl_kbps:0.00\r
        rejected_connections:0\r
        sync_full:0\r
        sync_partial_ok:0\r
        sync_partial_err:0\r
        expired_keys:0\r
        expired_stale_perc:0.00\r
        expired_time_cap_reached_count:0\r
        expire_cycle_cpu_milliseconds:0\r
        evicted_keys:0\r
        evicted_clients:0\r
        total_eviction_exceeded_time:0\r
        current_eviction_exceeded_time:0\r
        keyspace_hits:0\r
        keyspace_misses:0\r
        pubsub_channels:0\r
        pubsub_patterns:0\r
        pubsubshard_channels:0\r
        latest_fork_usec:0\r
        total_forks:0\r
        migrate_cached_sockets:0\r
        slave_expires_tracked_keys:0\r
        active_defrag_hits:0\r
        active_defrag_misses:0\r
        active_defrag_key_hits:0\r
        active_defrag_key_misses:0\r
        total_active_defrag_time:0\r
        current_active_defrag_time:0\r
        tracking_total_keys:0\r
        tracking_total_items:0\r
        tracking_total_prefixes:0\r
        unexpected_error_replies:0\r
        total_error_replies:0\r
        dump_payload_sanitizations:0\r
        total_reads_processed:7\r
        total_writes_processed:15\r
        io_threaded_reads_processed:0\r
        io_threaded_writes_processed:0\r
        reply_buffer_shrinks:1\r
        reply_buffer_expands:0\r
        \r
        # Replication\r
        role:slave\r
        master_host:127.0.0.1\r
        master_port:28431\r
        master_link_status:up\r
        master_last_io_seconds_ago:5\r
        master_sync_in_progress:0\r
        slave_read_repl_offset:68\r
        slave_repl_offset:68\r
        slave_priority:100\r
        slave_read_only:1\r
        replica_announced:1\r
        connected_slaves:0\r
        master_failover_state:no-failover\r
        master_replid:4e206eaf0bd16e11601716393faa4af9ad33fe29\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:68\r
        second_repl_offset:-1\r
        repl_backlog_active:1\r
        repl_backlog_size:1048576\r
        repl_backlog_first_byte_offset:1\r
        repl_backlog_histlen:68\r
        \r
        # CPU\r
        used_cpu_sys:0.011055\r
        used_cpu_user:0.027727\r
        used_cpu_sys_children:0.000000\r
        used_cpu_user_children:0.000000\r
        used_cpu_sys_main_thread:0.009651\r
        used_cpu_user_main_thread:0.028953\r
        \r
        # Modules\r
        \r
        # Errorstats\r
        \r
        # Cluster\r
        cluster_enabled:0\r
        \r
        # Keyspace\r
        db0:keys=1,expires=0,avg_ttl=0\r

        """

    static let replicaMasterDown = """
        # Server\r
        redis_version:7.0.15\r
        redis_git_sha1:00000000\r
        redis_git_dirty:0\r
        redis_build_id:ae4d7c971a948f0\r
        redis_mode:standalone\r
        os:Linux 6.18.44-fc-v669 x86_64\r
        arch_bits:64\r
        monotonic_clock:POSIX clock_gettime\r
        multiplexing_api:epoll\r
        atomicvar_api:c11-builtin\r
        gcc_version:12.2.0\r
        process_id:6570\r
        process_supervised:no\r
        run_id:2746627a509bd3e271d909953f71fc5be3a93245\r
        tcp_port:28432\r
        server_time_usec:1795627239882966\r
        uptime_in_seconds:37\r
        uptime_in_days:0\r
        hz:10\r
        configured_hz:10\r
        lru_clock:465127\r
        executable:/tmp/infocap.pHKJ/redis-server\r
        config_file:\r
        io_threads_active:0\r
        \r
        # Clients\r
        connected_clients:1\r
        cluster_connections:0\r
        maxclients:10000\r
        client_recent_max_input_buffer:32\r
        client_recent_max_output_buffer:0\r
        blocked_clients:0\r
        tracking_clients:0\r
        clients_in_timeout_table:0\r
        \r
        # Memory\r
        used_memory:1104384\r
        used_memory_human:1.05M\r
        used_memory_rss:12365824\r
        used_memory_rss_human:11.79M\r
        used_memory_peak:1104384\r
        used_memory_peak_human:1.05M\r
        used_memory_peak_perc:102.06%\r
        used_memory_overhead:899020\r
        used_memory_startup:876416\r
        used_memory_dataset:205364\r
        used_memory_dataset_perc:90.08%\r
        allocator_allocated:2044432\r
        allocator_active:2248704\r
        allocator_resident:4919296\r
        total_system_memory:25276502016\r
        total_system_memory_human:23.54G\r
        used_memory_lua:32768\r
        used_memory_vm_eval:32768\r
        used_memory_lua_human:32.00K\r
        used_memory_scripts_eval:0\r
        number_of_cached_scripts:0\r
        number_of_functions:0\r
        number_of_libraries:0\r
        used_memory_vm_functions:33792\r
        used_memory_vm_total:66560\r
        used_memory_vm_total_human:65.00K\r
        used_memory_functions:200\r
        used_memory_scripts:200\r
        used_memory_scripts_human:200B\r
        maxmemory:0\r
        maxmemory_human:0B\r
        maxmemory_policy:noeviction\r
        allocator_frag_ratio:1.10\r
        allocator_frag_bytes:204272\r
        allocator_rss_ratio:2.19\r
        allocator_rss_bytes:2670592\r
        rss_overhead_ratio:2.51\r
        rss_overhead_bytes:7446528\r
        mem_fragmentation_ratio:11.62\r
        mem_fragmentation_bytes:11301352\r
        mem_not_counted_for_evict:0\r
        mem_replication_backlog:20508\r
        mem_total_replication_buffers:20504\r
        mem_clients_slaves:0\r
        mem_clients_normal:1824\r
        mem_cluster_links:0\r
        mem_aof_buffer:0\r
        mem_allocator:jemalloc-5.3.0\r
        active_defrag_running:0\r
        lazyfree_pending_objects:0\r
        lazyfreed_objects:0\r
        \r
        # Persistence\r
        loading:0\r
        async_loading:0\r
        current_cow_peak:0\r
        current_cow_size:0\r
        current_cow_size_age:0\r
        current_fork_perc:0.00\r
        current_save_keys_processed:0\r
        current_save_keys_total:0\r
        rdb_changes_since_last_save:1\r
        rdb_bgsave_in_progress:0\r
        rdb_last_save_time:1795627202\r
        rdb_last_bgsave_status:ok\r
        rdb_last_bgsave_time_sec:-1\r
        rdb_current_bgsave_time_sec:-1\r
        rdb_saves:0\r
        rdb_last_cow_size:0\r
        rdb_last_load_keys_expired:0\r
        rdb_last_load_keys_loaded:0\r
        aof_enabled:0\r
        aof_rewrite_in_progress:0\r
        aof_rewrite_scheduled:0\r
        aof_last_rewrite_time_sec:-1\r
        aof_current_rewrite_time_sec:-1\r
        aof_last_bgrewrite_status:ok\r
        aof_rewrites:0\r
        aof_rewrites_consecutive_failures:0\r
        aof_last_write_status:ok\r
        aof_last_cow_size:0\r
        module_fork_in_progress:0\r
        module_fork_last_cow_size:0\r
        \r
        # Stats\r
        total_connections_received:8\r
        total_commands_processed:12\r
        instantaneous_ops_per_sec:0\r
        total_net_input_bytes:587\r
        total_net_output_bytes:17683\r
        total_net_repl_input_bytes:355\r
        total_net_repl_output_bytes:0\r
        instantaneous_input_kbps:0.00\r
        instantaneous_output_kbps:0.00\r
        instantaneous_input_repl_kbps:0.00\r
        instantaneous_output_repl_kbps:0.00\r
        rejected_connections:0\r
        sync_full:0\r
        sync_partial_ok:0\r
        sync_partial_err:0\r
        expired_keys:0\r
        expired_stale_perc:0.00\r
        expired_time_cap_reached_count:0\r
        expire_cycle_cpu_milliseconds:0\r
        evicted_keys:0\r
        evicted_clients:0\r
        total_eviction_exceeded_time:0\r
        current_eviction_exceeded_time:0\r
        keyspace_hits:0\r
        keyspace_misses:0\r
        pubsub_channels:0\r
        pubsub_patterns:0\r
        pubsubshard_channels:0\r
        latest_fork_usec:0\r
        total_forks:0\r
        migrate_cached_sockets:0\r
        slave_expires_tracked_keys:0\r
        active_defrag_hits:0\r
        active_defrag_misses:0\r
        active_defrag_key_hits:0\r
        active_defrag_key_misses:0\r
        total_active_defrag_time:0\r
        current_active_defrag_time:0\r
        tracking_total_keys:0\r
        tracking_total_items:0\r
        tracking_total_prefixes:0\r
        unexpected_error_replies:0\r
        total_error_replies:0\r
        dump_payload_sanitizations:0\r
        total_reads_processed:20\r
        total_writes_processed:35\r
        io_threaded_reads_processed:0\r
        io_threaded_writes_processed:0\r
        reply_buffer_shrinks:1\r
        reply_buffer_expands:0\r
        \r
        # Replication\r
        role:slave\r
        master_host:127.0.0.1\r
        master_port:28431\r
        master_link_status:down\r
        master_last_io_seconds_ago:-1\r
        master_sync_in_progress:0\r
        slave_read_repl_offset:96\r
        slave_repl_offset:96\r
        master_link_down_since_seconds:5\r
        slave_priority:0\r
        slave_read_only:1\r
        replica_announced:0\r
        connected_slaves:0\r
        master_failover_state:no-failover\r
        master_replid:4e206eaf0bd16e11601716393faa4af9ad33fe29\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:96\r
        second_repl_offset:-1\r
        repl_backlog_active:1\r
        repl_backlog_size:1048576\r
        repl_backlog_first_byte_offset:1\r
        repl_backlog_histlen:96\r
        \r
        # CPU\r
        used_cpu_sys:0.029343\r
        used_cpu_user:0.044675\r
        used_cpu_sys_children:0.000000\r
        used_cpu_user_children:0.000000\r
        used_cpu_sys_main_thread:0.031577\r
        used_cpu_user_main_thread:0.042102\r
        \r
        # Modules\r
        \r
        # Errorstats\r
        \r
        # Cluster\r
        cluster_enabled:0\r
        \r
        # Keyspace\r
        db0:keys=1,expires=0,avg_ttl=0\r

        """

    static let masterDuringSync = """
        # Replication\r
        role:master\r
        connected_slaves:1\r
        slave0:ip=127.0.0.1,port=28434,state=wait_bgsave,offset=0,lag=0\r
        master_failover_state:no-failover\r
        master_replid:eca5433c9e33bed77d1ba02b3a439aa56b0e0c23\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:0\r
        second_repl_offset:-1\r
        repl_backlog_active:1\r
        repl_backlog_size:1048576\r
        repl_backlog_first_byte_offset:1\r
        repl_backlog_histlen:0\r

        """

    static let replicaDuringSync = """
        # Replication\r
        role:slave\r
        master_host:127.0.0.1\r
        master_port:28433\r
        master_link_status:down\r
        master_last_io_seconds_ago:-1\r
        master_sync_in_progress:0\r
        slave_read_repl_offset:1\r
        slave_repl_offset:1\r
        master_link_down_since_seconds:-1\r
        slave_priority:100\r
        slave_read_only:1\r
        replica_announced:1\r
        connected_slaves:0\r
        master_failover_state:no-failover\r
        master_replid:fbe2344ab668ed506e08f62082e5240a37862746\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:0\r
        second_repl_offset:-1\r
        repl_backlog_active:0\r
        repl_backlog_size:1048576\r
        repl_backlog_first_byte_offset:0\r
        repl_backlog_histlen:0\r

        """
}
