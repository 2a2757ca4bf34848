#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Host name resolution for `resolve-hostnames yes` (SPEC §3.2).
enum AddressCheck {
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
        // getnameinfo formats either family; 1025 is NI_MAXHOST.
        var buffer = [CChar](repeating: 0, count: 1025)
        let status = getnameinfo(
            first.pointee.ai_addr, first.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
        guard status == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
