import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// True when this process can cut loopback addresses: root, and `nft` (Debian package `nftables`,
/// `make deps` installs it) in `PATH`. Partition suites use `.enabled(if: networkPartitionAvailable)`;
/// CI runs as root, so there they always run.
let networkPartitionAvailable: Bool = getuid() == 0 && findExecutable("nft") != nil

/// A network partition between loopback addresses (issue 11 §3, Jepsen's setup), made with an
/// nftables table of its own, `inet swift_sentinel_partition_<pid>_<n>`, so nothing else on the
/// machine is touched: only packets from one set of 127.0.0.0/8 addresses to the other (both
/// directions) are dropped, in the `output` hook, which every loopback packet passes.
///
/// ```swift
/// let partition = try NetworkPartition()
/// defer { partition.heal() }
/// try partition.cut(["127.201.7.1", "127.201.7.2"], from: ["127.201.7.3"])
/// ... both sides run on; TCP links between them hang, new connects time out ...
/// partition.heal()  // deletes the table; released without heal(), deinit deletes it
/// ```
///
/// A dropped packet is lost, not refused: established connections stay open and retransmit, so
/// after healing they resume (as on a real network), and a connect across the cut times out.
final class NetworkPartition: Sendable {
    /// The nftables table (family `inet`).
    let table: String
    private let active = Mutex(false)

    /// Checks that a cut can be made; throws saying what is missing (root, `nft`).
    init() throws {
        guard getuid() == 0 else {
            throw HarnessError("NetworkPartition needs root: it adds an nftables table (uid is \(getuid()))")
        }
        guard findExecutable("nft") != nil else {
            throw HarnessError("NetworkPartition needs nft in PATH: apt-get install -y nftables (make deps does it)")
        }
        _ = staleTablesSwept
        self.table = "\(tablePrefix)\(getpid())_\(partitionCounter.add(1, ordering: .relaxed).newValue)"
    }

    deinit { self.heal() }

    /// Drops every packet between `sideA` and `sideB` (IPv4 loopback addresses), both ways, until
    /// `heal()`. One cut at a time.
    func cut(_ sideA: [String], from sideB: [String]) throws {
        let all = sideA + sideB
        guard !sideA.isEmpty, !sideB.isEmpty, all.allSatisfy(isLoopbackAddress), Set(sideA).isDisjoint(with: sideB)
        else {
            throw HarnessError(
                "NetworkPartition.cut: two disjoint, non-empty sets of 127.x.y.z addresses: \(sideA) \(sideB)")
        }
        let script = """
            table inet \(self.table) {
              set side_a { type ipv4_addr; elements = { \(sideA.joined(separator: ", ")) }; }
              set side_b { type ipv4_addr; elements = { \(sideB.joined(separator: ", ")) }; }
              chain output {
                type filter hook output priority 0; policy accept;
                ip saddr @side_a ip daddr @side_b drop
                ip saddr @side_b ip daddr @side_a drop
              }
            }

            """
        try self.active.withLock { active in
            guard !active else { throw HarnessError("NetworkPartition \(self.table): already cut; heal() first") }
            active = true  // first: a table half-made by a failing nft is deleted too
            let result = try runNft(["-f", "-"], input: script)
            guard result.status == 0 else {
                _ = try? runNft(["delete", "table", "inet", self.table])
                active = false
                throw HarnessError("nft -f failed (\(result.status)): \(result.output)")
            }
        }
    }

    /// Deletes the table (every packet passes again); does nothing when there is no cut.
    func heal() {
        self.active.withLock { active in
            guard active else { return }
            let result = try? runNft(["delete", "table", "inet", self.table])
            if let result, result.status != 0, !result.output.contains("No such file") {
                printToStandardError("NetworkPartition: nft delete table inet \(self.table): \(result.output)")
            }
            active = false
        }
    }

    /// True while the table exists, as `nft list tables` says.
    var tableExists: Bool {
        guard let result = try? runNft(["list", "tables"]) else { return false }
        return result.output.split(separator: "\n").contains { $0 == "table inet \(self.table)" }
    }
}

private let partitionCounter = Atomic<Int>(0)
private let tablePrefix = "swift_sentinel_partition_"

/// Once per test process, before its first cut: deletes the tables of test processes that are gone
/// (killed during a cut, so neither `heal()` nor `deinit` ran). Only tables named by this type.
private let staleTablesSwept: Void = {
    guard let listing = try? runNft(["list", "tables"]), listing.status == 0 else { return }
    for line in listing.output.split(separator: "\n") {
        guard line.hasPrefix("table inet \(tablePrefix)") else { continue }
        let name = line.dropFirst("table inet ".count)
        let owner = name.dropFirst(tablePrefix.count).prefix { $0 != "_" }
        guard let pid = Int32(owner), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
        printToStandardError("NetworkPartition: deleting \(name), left by process \(pid), which is gone")
        _ = try? runNft(["delete", "table", "inet", String(name)])
    }
}()

/// `count` addresses 127.X.Y.1..., with X (192...254) and Y picked at random, so that two test
/// processes (or a test and `scripts/bench`'s split scenario, which uses X in 64...191) do not cut
/// each other. Linux routes all of 127.0.0.0/8 to `lo`: nothing to set up.
func randomLoopbackAddresses(count: Int) -> [String] {
    precondition((1...254).contains(count))
    let x = Int.random(in: 192...254)
    let y = Int.random(in: 1...254)
    return (1...count).map { "127.\(x).\(y).\($0)" }
}

private func isLoopbackAddress(_ address: String) -> Bool {
    let parts = address.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
}

/// Runs `nft arguments` with `input` on stdin; its exit status and its stdout and stderr together.
private func runNft(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
    guard let nft = findExecutable("nft") else { throw HarnessError("nft not in PATH") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: nft)
    process.arguments = arguments
    let stdin = Pipe()
    let output = Pipe()
    process.standardInput = stdin
    process.standardOutput = output
    process.standardError = output
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    )
}
