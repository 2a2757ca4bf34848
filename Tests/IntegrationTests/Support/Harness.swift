import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// Small pieces every integration test uses: errors, polling, paths, what is installed.

/// A harness failure, with everything needed to see what went wrong (log tails included).
struct HarnessError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { self.message }
}

/// True when `redis-server` is in `PATH`; integration suites use `.enabled(if: redisServerInstalled)`.
let redisServerInstalled: Bool = findExecutable("redis-server") != nil

/// True when `redis-sentinel` is in `PATH` (interop tests against the real thing).
let redisSentinelInstalled: Bool = findExecutable("redis-sentinel") != nil

/// Polls `condition` every `interval` until it returns true; throws after `timeout`.
///
/// An error thrown by `condition` counts as "not yet" (a server still starting, a connection
/// refused); the last one is reported if the deadline passes.
func eventually(
    timeout: Duration = .seconds(10),
    interval: Duration = .milliseconds(50),
    _ what: @autoclosure () -> String = "condition",
    file: String = #fileID,
    line: Int = #line,
    _ condition: () throws -> Bool
) async throws {
    _ = try await eventuallyValue(
        timeout: timeout, interval: interval, what(), file: file, line: line
    ) {
        try condition() ? true : nil
    }
}

/// Polls `produce` until it returns a value (not nil), and returns it; throws after `timeout`.
func eventuallyValue<T>(
    timeout: Duration = .seconds(10),
    interval: Duration = .milliseconds(50),
    _ what: @autoclosure () -> String = "value",
    file: String = #fileID,
    line: Int = #line,
    _ produce: () throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var lastError: (any Error)?
    while true {
        do {
            if let value = try produce() { return value }
            lastError = nil
        } catch {
            lastError = error
        }
        if clock.now >= deadline {
            let detail = lastError.map { "; last error: \($0)" } ?? ""
            throw HarnessError("timed out after \(timeout) waiting for \(what()) (\(file):\(line))\(detail)")
        }
        try await Task.sleep(for: interval)
    }
}

/// The directory holding `Package.swift`, found by walking up from this source file.
func findPackageRoot(from filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
        url.deleteLastPathComponent()
    }
    preconditionFailure("no Package.swift above \(filePath)")
}

/// The absolute path of `name`: itself when it contains a `/`, else the first match in `PATH`.
func findExecutable(_ name: String) -> String? {
    if name.contains("/") {
        return access(name, X_OK) == 0 ? name : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") where !directory.isEmpty {
        let candidate = "\(directory)/\(name)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
            access(candidate, X_OK) == 0
        {
            return candidate
        }
    }
    return nil
}

/// Per-test-process scratch space: `$TMPDIR/swift-sentinel-tests.XXXXXX/`, one subdirectory per
/// server or sentinel. Removed when the test process exits (after every process still running has
/// been stopped), unless `SENTINEL_TEST_KEEP_DIRS=1`: then its path is printed, with every
/// process's config and log still in it.
enum TestDirectory {
    /// The root, created on first use.
    static func root() throws -> String {
        try rootPath.withLock { path in
            if let path { return path }
            ProcessRegistry.shared.installExitHandlers()
            let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            let made = try makeTemporaryDirectory(template: "\(base)/swift-sentinel-tests.XXXXXX")
            path = made
            return made
        }
    }

    /// A new empty directory under the root, named `<prefix>.XXXXXX`.
    static func make(_ prefix: String) throws -> String {
        try makeTemporaryDirectory(template: "\(try root())/\(prefix).XXXXXX")
    }

    /// Called once at exit by `ProcessRegistry`, after the processes are gone.
    static func removeAtExit() {
        guard let path = rootPath.withLockIfAvailable({ $0 }) ?? nil else { return }
        if ProcessInfo.processInfo.environment["SENTINEL_TEST_KEEP_DIRS"] == "1" {
            printToStandardError("integration tests: kept \(path)")
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

private let rootPath = Mutex<String?>(nil)

private func makeTemporaryDirectory(template: String) throws -> String {
    var bytes = Array(template.utf8CString)
    let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else {
        throw HarnessError("mkdtemp \(template): \(String(cString: strerror(errno)))")
    }
    return bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// Writes one line to stderr (test output shows it next to the failing test).
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The last `lines` lines of a text file (for failure messages); "" when it cannot be read.
func tail(ofFile path: String, lines: Int = 30) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "" }
    let text = String(decoding: data, as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
}
