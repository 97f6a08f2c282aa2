/// One key a resident pressed, decoded from what the terminal sent.
public enum Key: Sendable, Equatable, Hashable {
    /// A printable character: a letter, a digit, a space, punctuation (also a Vietnamese letter typed
    /// through an input method).
    case character(Character)
    case enter
    case backspace
    case delete
    case escape
    case tab
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    /// F1…F12.
    case function(Int)
    /// Ctrl with a letter, lower case (`control("c")` is Ctrl-C).
    case control(Character)

    /// The digit 0–9 this key types, if it is one.
    public var digit: Int? {
        guard case .character(let character) = self, character.isASCII, let value = character.wholeNumberValue else { return nil }
        return value
    }
}
