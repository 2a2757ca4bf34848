#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Literal IP checks: with `resolve-hostnames no` Redis accepts only IPs (ANET_IP_ONLY, SPEC §3.2).
enum AddressCheck {
    static func isLiteralIP(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)  // big enough for in6_addr
        return buffer.withUnsafeMutableBytes { raw in
            inet_pton(AF_INET, host, raw.baseAddress) == 1 || inet_pton(AF_INET6, host, raw.baseAddress) == 1
        }
    }

    /// Redis's `anetResolve(..., ANET_NONE)`: the first address `getaddrinfo` gives (AF_UNSPEC,
    /// SOCK_STREAM) as numeric text; nil when the name does not resolve (`SENTINEL MONITOR`
    /// then answers `Invalid IP address or hostname specified`). Blocking, like Redis's.
    static func resolve(_ host: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = first.pointee.ai_family
        let ok: Bool
        switch family {
        case AF_INET:
            ok = first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var address = sin.pointee.sin_addr
                return inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil
            }
        case AF_INET6:
            ok = first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var address = sin6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil
            }
        default:
            ok = false
        }
        guard ok else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

