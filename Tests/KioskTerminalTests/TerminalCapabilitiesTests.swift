import KioskTerminal
import Testing

@Suite struct TerminalCapabilitiesTests {
    @Test func modernTerminalShowsUnicodeAndColour() {
        let caps = TerminalCapabilities(environment: ["TERM": "xterm-256color", "LANG": "vi_VN.UTF-8"])
        #expect(caps.unicode)
        #expect(caps.colours256)
    }

    @Test func plainTerminalFallsBack() {
        let caps = TerminalCapabilities(environment: ["TERM": "vt100", "LANG": "C"])
        #expect(!caps.unicode)
        #expect(!caps.colours256)
    }

    @Test func lcAllOverridesLang() {
        #expect(!TerminalCapabilities(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]).unicode)
    }
}
