#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SentinelFuzz

#if SENTINEL_LIBFUZZER
    // Built by `make fuzz` with `-sanitize=fuzzer`: libFuzzer provides `main` and calls this for
    // every input; the target is chosen by SENTINEL_FUZZ_TARGET.
    nonisolated(unsafe) private var selected: FuzzTarget? = nil

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        if selected == nil {
            let name = getenv("SENTINEL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                fatalError("SENTINEL_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))")
            }
            selected = target
        }
        selected!.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
#else
    @main struct SentinelFuzzMain {
        static func main() {
            exit(FuzzReplay.main(Array(CommandLine.arguments.dropFirst())))
        }
    }
#endif
