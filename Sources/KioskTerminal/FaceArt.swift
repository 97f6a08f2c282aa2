import KioskCore

/// The rating faces drawn with characters: four rows of seven cells, or one short line where the screen
/// is too low. Every face is shown with its colour and its word, never alone.
enum FaceArt {
    /// The face in four rows (a round outline, eyes, mouth).
    static func rows(_ face: Face, unicode: Bool) -> [String] {
        let (eyes, mouth) = unicode ? unicodeParts(face) : asciiParts(face)
        return unicode
            ? ["╭─────╮", "│\(eyes)│", "│\(mouth)│", "╰─────╯"]
            : [".-----.", "|\(eyes)|", "|\(mouth)|", "'-----'"]
    }

    /// The face in one line, e.g. `(^‿^)` or `:-)`.
    static func compact(_ face: Face, unicode: Bool) -> String {
        switch (face, unicode) {
        case (.veryHappy, true): "(^▽^)"
        case (.happy, true): "(•‿•)"
        case (.neutral, true): "(•_•)"
        case (.unhappy, true): "(•⌒•)"
        case (.veryUnhappy, true): "(>⌒<)"
        case (.veryHappy, false): " :-D "
        case (.happy, false): " :-) "
        case (.neutral, false): " :-| "
        case (.unhappy, false): " :-( "
        case (.veryUnhappy, false): ">:-( "
        }
    }

    private static func unicodeParts(_ face: Face) -> (String, String) {
        switch face {
        case .veryHappy: (" ^ ^ ", "╰───╯")
        case .happy: (" • • ", " ╰─╯ ")
        case .neutral: (" • • ", " ─── ")
        case .unhappy: (" • • ", " ╭─╮ ")
        case .veryUnhappy: (" ╲ ╱ ", "╭───╮")
        }
    }

    private static func asciiParts(_ face: Face) -> (String, String) {
        switch face {
        case .veryHappy: (" ^ ^ ", "\\___/")
        case .happy: (" o o ", " \\_/ ")
        case .neutral: (" o o ", " --- ")
        case .unhappy: (" o o ", " /-\\ ")
        case .veryUnhappy: (" \\ / ", "/---\\")
        }
    }
}
