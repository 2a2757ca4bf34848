extension Sentinel {
    static func statsSection(_ facts: StatsFacts) -> String {
        // Counters a sentinel never moves (replication, keyspace, eviction, forks, defrag, I/O
        // threads) stay 0 as in redis-sentinel.
        let kbps = { (perSecond: Double) in formatFixed2(perSecond / 1024) }
        return [
            "# Stats",
            "total_connections_received:\(facts.counters.connectionsReceived)",
            "total_commands_processed:\(facts.counters.commandsProcessed)",
            "instantaneous_ops_per_sec:\(Int64(facts.opsPerSecond))",
            "total_net_input_bytes:\(facts.counters.inputBytes)",
            "total_net_output_bytes:\(facts.counters.outputBytes)",
            "total_net_repl_input_bytes:0",
            "total_net_repl_output_bytes:0",
            "instantaneous_input_kbps:\(kbps(facts.inputBytesPerSecond))",
            "instantaneous_output_kbps:\(kbps(facts.outputBytesPerSecond))",
            "instantaneous_input_repl_kbps:0.00",
            "instantaneous_output_repl_kbps:0.00",
            "rejected_connections:\(facts.counters.rejectedConnections)",
            "sync_full:0",
            "sync_partial_ok:0",
            "sync_partial_err:0",
            "expired_keys:0",
            "expired_stale_perc:0.00",
            "expired_time_cap_reached_count:0",
            "expire_cycle_cpu_milliseconds:0",
            "evicted_keys:0",
            "evicted_clients:0",
            "total_eviction_exceeded_time:0",
            "current_eviction_exceeded_time:0",
            "keyspace_hits:0",
            "keyspace_misses:0",
            "pubsub_channels:\(facts.pubsubChannels)",
            "pubsub_patterns:\(facts.pubsubPatterns)",
            "pubsubshard_channels:0",
            "latest_fork_usec:0",
            "total_forks:0",
            "migrate_cached_sockets:0",
            "slave_expires_tracked_keys:0",
            "active_defrag_hits:0",
            "active_defrag_misses:0",
            "active_defrag_key_hits:0",
            "active_defrag_key_misses:0",
            "total_active_defrag_time:0",
            "current_active_defrag_time:0",
            "tracking_total_keys:0",
            "tracking_total_items:0",
            "tracking_total_prefixes:\(facts.trackingPrefixes)",
            "unexpected_error_replies:0",
            "total_error_replies:\(facts.counters.errorReplies)",
            "dump_payload_sanitizations:0",
            "total_reads_processed:\(facts.counters.readsProcessed)",
            "total_writes_processed:\(facts.counters.writesProcessed)",
            "io_threaded_reads_processed:0",
            "io_threaded_writes_processed:0",
            "reply_buffer_shrinks:0",
            "reply_buffer_expands:0",
        ].joined(separator: "\r\n")
    }
}

/// `%.2f` without Foundation.
func formatFixed2(_ value: Double) -> String {
    let hundredths = Int64((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
