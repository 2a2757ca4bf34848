import SentinelSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sentinel-fuzz` without libFuzzer (what `make test` runs): every file of the seed corpus
/// (`Tests/FuzzCorpus/<target>/`), then seeded random mutations of them, through each target.
/// A failing input traps, so the process dies on the first failure; its bytes are written to
/// `failing-<target>` first (when `--save-failing` is given) so it can be replayed.
public enum FuzzReplay {
    public static func main(_ arguments: [String]) -> Int32 {
        var corpus = "Tests/FuzzCorpus"
        var runs = 100_000
        var seed: UInt64 = 1
        var targets = FuzzTarget.allCases
        var files: [String] = []
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { Self.usage() }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--corpus": corpus = value()
            case "--trace": FuzzTarget.trace = true
            case "--runs": runs = Self.required(Int(value()))
            case "--seed": seed = Self.required(UInt64(value()))
            case "--target":
                targets = value().split(separator: ",").map { Self.required(FuzzTarget(rawValue: String($0))) }
            case let file where !file.hasPrefix("--"): files.append(file)
            default: Self.usage()
            }
            index += 1
        }
        if !files.isEmpty {
            // Replay given files through one target (a reproducer).
            for file in files {
                for target in targets { target.run(self.read(file) ?? []) }
                print("\(file): ok")
            }
            return 0
        }
        var passed = 0
        let clock = ContinuousClock()
        for target in targets {
            let start = clock.now
            let entries = self.list("\(corpus)/\(target.rawValue)").compactMap { self.read($0) }
            for entry in entries { target.run(entry) }
            var random = SeededRandom(seed: seed &+ UInt64(target.rawValue.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
            var mutator = Mutator(corpus: entries, dictionary: Self.dictionary(target))
            let count = runs
            for _ in 0..<count {
                target.run(mutator.next(using: &random))
            }
            passed += entries.count + count
            print(
                "fuzz \(target.rawValue): \(entries.count) corpus files, \(count) mutations (seed \(seed)) in \(clock.now - start)"
            )
        }
        print("\(passed) passed, 0 failed")
        return 0
    }

    static func required<T>(_ value: T?) -> T {
        guard let value else { Self.usage() }
        return value
    }

    static func usage() -> Never {
        print("usage: sentinel-fuzz [--corpus DIR] [--runs N] [--seed S] [--target a,b] [--trace] [FILE...]")
        print("targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))")
        exit(2)
    }

    static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            names.append("\(directory)/\(name)")
        }
        return names.sorted()
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    static func dictionary(_ target: FuzzTarget) -> [[UInt8]] {
        let words: [String] =
            switch target {
            case .query: ["*", "$", "\r\n", "\n", "\"", "'", "\\x", "-1", "2147483648", "PING", " "]
            case .config:
                [
                    "sentinel ", "monitor ", "\n", "\"", "'", "\\x00", "mymaster", " 127.0.0.1 6379 2",
                    "known-replica ", "known-sentinel ", "include ", "user ", "rename-command ",
                ]
            case .info:
                [
                    "\r\n", "role:slave", "role:master", "master_host:", "master_port:", "slave0:ip=", ",port=",
                    "run_id:", "master_link_down_since_seconds:", "slave_priority:", "slave_repl_offset:",
                    "replica_announced:",
                ]
            case .hello:
                [
                    ",", "127.0.0.1", "26380", String(repeating: "b", count: 40), "mymaster", "6379", "\n", "-1",
                    "18446744073709551616",
                ]
            case .glob: ["*", "?", "[", "]", "^", "-", "\\", "\0", "[^", "a-z"]
            case .acl:
                [
                    " ", "on", "off", ">", "<", "#", "~", "%RW~", "&", "+@", "-@", "+", "(", ")", "|", "allkeys",
                    "nopass", "reset",
                ]
            case .dispatch: []
            }
        return words.map { Array($0.utf8) }
    }
}

/// libFuzzer-style mutations, deterministic for a seed.
struct Mutator {
    let corpus: [[UInt8]]
    let dictionary: [[UInt8]]

    mutating func next(using random: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = self.corpus.isEmpty ? [] : self.corpus[Int.random(in: 0..<self.corpus.count, using: &random)]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where position < bytes.count:
                bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            case 2 where position < bytes.count:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.removeSubrange(position..<end)
            case 3 where position < bytes.count:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4 where !self.dictionary.isEmpty:
                bytes.insert(
                    contentsOf: self.dictionary[Int.random(in: 0..<self.dictionary.count, using: &random)], at: position
                )
            case 5 where !self.corpus.isEmpty:
                let other = self.corpus[Int.random(in: 0..<self.corpus.count, using: &random)]
                let cut = other.isEmpty ? 0 : Int.random(in: 0...other.count, using: &random)
                bytes = Array(bytes[..<position]) + other[cut...]
            case 6 where position < bytes.count:
                bytes[position] =
                    [0, 0xFF, 0x7F, 0x80, 0x20, 0x0A, 0x0D, 0x2A, 0x24][Int.random(in: 0..<9, using: &random)]
            default:
                bytes.append(UInt8.random(in: 0...255, using: &random))
            }
        }
        if bytes.count > 8192 { bytes.removeLast(bytes.count - 8192) }
        return bytes
    }
}
