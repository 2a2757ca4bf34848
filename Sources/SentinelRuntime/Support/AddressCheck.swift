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
}
