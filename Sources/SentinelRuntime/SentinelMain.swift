import SentinelCore

/// Entry point of the daemon; filled in by the runtime.
public enum SentinelMain {
    public static func run(arguments: [String]) {}
}
