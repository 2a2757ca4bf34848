import CLibFuzzer
import SentinelFuzz

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main struct SentinelFuzzMain {
    static func main() {
        #if SENTINEL_LIBFUZZER
            // Built by `make fuzz` with `-sanitize=fuzzer`: libFuzzer's driver runs with the
            // command line (`-max_total_time=`, corpus directories, ...) and calls `testOneInput`;
            // the target is SENTINEL_FUZZ_TARGET. (SwiftPM gives the executable its own `main`, so
            // libFuzzer's `main` is not used; `LLVMFuzzerRunDriver` is the same thing.)
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        #else
            exit(FuzzReplay.main(Array(CommandLine.arguments.dropFirst())))
        #endif
    }
}

#if SENTINEL_LIBFUZZER
    private let selectedTarget: FuzzTarget = {
        let name = getenv("SENTINEL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError(
                "SENTINEL_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))")
        }
        return target
    }()

    private func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selectedTarget.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
#endif
