import SentinelCore
import Testing

@testable import SentinelRuntime

/// The runtime's query files still hold some error texts of their own until they name
/// `ReplyError` cases (issue 10); where one is a constant, it must be the catalogue's text.
@Suite struct ReplyErrorTextTests {
    @Test func protectedModeRefusalIsTheCatalogueText() {
        #expect(SentinelServer.protectedModeDenied == "-" + ReplyError.protectedMode.message + "\r\n")
    }
}
