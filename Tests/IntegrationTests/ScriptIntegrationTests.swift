import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// notification-script with real processes (SPEC §12, §15.1 item 9): a direct child of the
/// daemon, the environment inherited, no descriptor of the daemon leaked, Redis's arguments.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(1)), .serialized)
struct ScriptIntegrationTests {
    @Test func notificationScriptRunsAsADirectChildWithCleanDescriptors() async throws {
        let directory = try TestDirectory.make("scripts")
        let output = "\(directory)/calls.txt"
        let script = "\(directory)/notify.sh"
        try """
        #!/bin/sh
        LEAKED=$(ls -l /proc/$$/fd | awk '$9 >= 3 { print $11 }' | grep -E 'socket:|anon_inode:|sentinel\\.log|sentinel\\.conf' | wc -l)
        {
          echo "args: $*"
          echo "ppid: $PPID"
          echo "env: $SENTINEL_SCRIPT_TEST"
          echo "leaked: $LEAKED"
        } >> \(output)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        setenv("SENTINEL_SCRIPT_TEST", "inherited", 1)
        defer { unsetenv("SENTINEL_SCRIPT_TEST") }
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let replica = try await RedisServer.start(replicaOf: primary)
        defer { _ = replica.stop() }
        let sentinel = try await SentinelProcess.start(lines: [
            "sentinel monitor mymaster 127.0.0.1 \(primary.port) 1",
            "sentinel down-after-milliseconds mymaster 1000",
            "sentinel notification-script mymaster \(script)",
        ])
        defer { sentinel.stop() }
        let client = try sentinel.client()
        try await eventually(timeout: .seconds(10), "the replica to be known") {
            try client.command("SENTINEL", "replicas", "mymaster").elements?.count == 1
        }
        #expect(replica.signal(SIGKILL))
        let text = try await eventuallyValue(timeout: .seconds(10), "the script to run for +sdown") { () -> String? in
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.contains("+sdown") ? text : nil
        }
        #expect(
            text.contains(
                "args: +sdown slave 127.0.0.1:\(replica.port) 127.0.0.1 \(replica.port) @ mymaster 127.0.0.1 \(primary.port)"
            ))
        #expect(text.contains("ppid: \(sentinel.pid)"))
        #expect(text.contains("env: inherited"))
        // Besides the inherited stdin/stdout/stderr, no socket, event-loop descriptor, config or
        // log file of the daemon is open in the child.
        #expect(text.contains("leaked: 0"), "\(text)")
        try await eventually(timeout: .seconds(5), "the queue to drain") {
            try client.command("SENTINEL", "pending-scripts") == .array([])
        }
    }
}
