import Testing

@testable import SentinelCore

/// SPEC §11.2: the `%@` instance details of events.
@Suite struct InstanceDetailsTests {
    static let primaryAddress = InstanceAddress(host: "127.0.0.1", port: 27000)

    @Test func primary() {
        let details = InstanceDetails.instanceDetails(kind: .primary, name: "mymaster", address: Self.primaryAddress)
        #expect(details == "master mymaster 127.0.0.1 27000")
    }

    @Test func primaryIgnoresPrimaryFields() {
        let details = InstanceDetails.instanceDetails(
            kind: .primary,
            name: "mymaster",
            address: Self.primaryAddress,
            primary: "other",
            primaryAddress: InstanceAddress(host: "10.0.0.1", port: 1)
        )
        #expect(details == "master mymaster 127.0.0.1 27000")
    }

    @Test func replica() {
        let details = InstanceDetails.instanceDetails(
            kind: .replica,
            name: "127.0.0.1:27001",
            address: InstanceAddress(host: "127.0.0.1", port: 27001),
            primary: "mymaster",
            primaryAddress: Self.primaryAddress
        )
        #expect(details == "slave 127.0.0.1:27001 127.0.0.1 27001 @ mymaster 127.0.0.1 27000")
    }

    @Test func sentinel() {
        let details = InstanceDetails.instanceDetails(
            kind: .sentinel,
            name: "6ee2c3b5a7f6a1d08d7e84c5f1f3b1e5a3d2c939",
            address: InstanceAddress(host: "127.0.0.1", port: 27100),
            primary: "mymaster",
            primaryAddress: Self.primaryAddress
        )
        #expect(
            details == "sentinel 6ee2c3b5a7f6a1d08d7e84c5f1f3b1e5a3d2c939 127.0.0.1 27100 @ mymaster 127.0.0.1 27000")
    }

    @Test func ipv6HostsHaveNoBrackets() {
        let details = InstanceDetails.instanceDetails(
            kind: .replica,
            name: "[::1]:6380",
            address: InstanceAddress(host: "::1", port: 6380),
            primary: "mymaster",
            primaryAddress: InstanceAddress(host: "::1", port: 6379)
        )
        #expect(details == "slave [::1]:6380 ::1 6380 @ mymaster ::1 6379")
    }

    @Test func withoutAPrimaryTheShortForm() {
        let details = InstanceDetails.instanceDetails(
            kind: .replica,
            name: "127.0.0.1:27001",
            address: InstanceAddress(host: "127.0.0.1", port: 27001)
        )
        #expect(details == "slave 127.0.0.1:27001 127.0.0.1 27001")
    }

    @Test(arguments: [(InstanceKind.primary, "master"), (.replica, "slave"), (.sentinel, "sentinel")])
    func kindNames(_ kind: InstanceKind, _ name: String) {
        #expect(kind.rawValue == name)
    }
}
