#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Literal IP checks: with `resolve-hostnames no` Redis accepts only IPs (ANET_IP_ONLY, SPEC §3.2).
enum AddressCheck {
    static func isLiteralIP(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
