import Foundation
import KioskCore

/// A screen of the terminal kiosk; the rating's own screens are the steps of its ``SurveyFlow``.
enum Screen: Sendable, Equatable {
    case home
    case rating
    case thanks
    case helpList
    case helpTopic(String)
    case call
}

/// A call for a staff member, from the moment it is made until it is taken, withdrawn or dropped.
struct CallState: Sendable, Equatable {
    let id: UUID
    /// The help topic the resident was reading, if any.
    let topic: String?
    var status: CallStatus
    let createdAt: Date
    /// The screen to go back to.
    var returnTo: Screen

    /// Whether someone is still waiting for help.
    var isWaiting: Bool { status == .sending || status == .waiting || status == .failed }
}

/// Where a call for help stands, as the kiosk shows it.
public enum CallStatus: String, Sendable, Equatable {
    /// Not yet recorded by the store or the server.
    case sending
    /// Recorded; staff see it.
    case waiting
    /// Could not be sent yet; the kiosk keeps trying.
    case failed
    /// A staff member is coming.
    case taken
    /// Withdrawn.
    case cancelled
}

/// A line under the screen (a cancelled call, a staff member coming …), in the language shown.
struct Notice: Sendable, Equatable {
    var key: String
    /// Kept until replaced (otherwise it goes after a few seconds).
    var sticky: Bool
    var shownAt: Date
}

/// What the kiosk asks its store or server to do.
public enum KioskEffect: Sendable, Equatable {
    /// Store or send this rating (a JSON body as `POST /api/v1/ratings` takes it).
    case submit(id: UUID, body: JSONValue)
    /// Record a call for help.
    case placeCall(id: UUID, topic: String?)
    /// Withdraw a call.
    case cancelCall(id: UUID)
    /// Leave the kiosk (Ctrl-C).
    case quit
}

/// One choice of a screen: its action and what it shows.
struct MenuItem: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        case startRating
        case openHelp
        case language(Language)
        /// Answers the step shown with this choice (`nil`: "Skip", "Không nhớ") and moves on.
        case choose(String?)
        /// Ticks or unticks a reason of a multi step.
        case toggle(String)
        /// Moves on from a multi step with the reasons ticked.
        case next
        case topic(String)
        case cancelCall
        case leaveCall
        case home
    }

    var action: Action
    var label: String
    /// A second, quieter line.
    var detail: String?
    /// The face of a scale choice.
    var face: Face?
    /// Whether a reason is ticked (`nil`: not a tick box).
    var checked: Bool?
}
