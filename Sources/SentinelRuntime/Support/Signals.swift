import Dispatch
import NIOCore
import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGTERM / SIGINT: shut down at once (SPEC §2.5, §15.1: exit promptly, port freed).
enum Signals {
    static func install(server: NIOLoopBound<SentinelServer>) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let loop = server.eventLoop
            source.setEventHandler {
                loop.execute {
                    let server = server.value
                    server.log.log(.warning, "Received \(name) scheduling shutdown...")
                    server.shutdown(reason: "User requested shutdown...")
                }
            }
            source.resume()
            server.value.signalSources.append(source)
        }
    }
}
