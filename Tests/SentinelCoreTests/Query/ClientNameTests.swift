import Testing

@testable import SentinelCore

/// `HELLO ... SETNAME` validates the name like Redis (found by the conformance suite: swift
/// accepted `my name`, redis-sentinel answers the error).
@Suite struct ClientNameTests {
    @Test func printableAsciiWithoutSpacesIsValid() {
        #expect(ClientName.isValid("conf"))
        #expect(ClientName.isValid(""))
        #expect(ClientName.isValid("a!~b"))
    }

    @Test func spacesControlAndNonAsciiAreNot() {
        #expect(!ClientName.isValid("my name"))
        #expect(!ClientName.isValid("a\nb"))
        #expect(!ClientName.isValid("tab\t"))
        #expect(!ClientName.isValid("\u{7f}"))
        #expect(!ClientName.isValid("é"))
    }
}
