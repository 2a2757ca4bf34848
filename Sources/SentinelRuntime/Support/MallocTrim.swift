#if canImport(Glibc)
    import Glibc
#endif

/// `malloc_trim` of glibc, looked up at run time: the Glibc module does not export `<malloc.h>`,
/// and on other C libraries there is nothing to call.
enum MallocTrim {
    typealias Function = @convention(c) (Int) -> Int32

    static let function: Function? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        #else
            return nil
        #endif
    }()
}
