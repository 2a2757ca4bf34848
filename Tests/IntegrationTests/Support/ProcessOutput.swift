import Foundation

/// Runs a short-lived tool (python3, redis-cli) to completion and returns its exit status and
/// combined output; kills it after `timeout`, so a hanging client fails the test instead of
/// hanging it.
struct ProcessOutput: Sendable {
    var status: Int32
    var output: String
    var timedOut: Bool

    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) throws
        -> ProcessOutput
    {
        guard let path = findExecutable(executable) else { throw HarnessError("\(executable) not found in PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        // A file, not a pipe: a chatty child cannot block on a full pipe while we wait.
        let logPath = try TestDirectory.make("tool") + "/output.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                timedOut = true
                process.terminate()
                process.waitUntilExit()
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return ProcessOutput(status: process.terminationStatus, output: output, timedOut: timedOut)
    }
}
