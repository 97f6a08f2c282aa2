/// Why a rating was refused; every case carries a sentence a kiosk operator can act on.
public enum RatingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body or one of its fields is invalid; `field` names it (`answers.overall`), when there is one.
    case invalid(field: String?, message: String)
    /// The id was used before for a rating with different content.
    case conflict(id: String)

    public var description: String {
        switch self {
        case .invalid(_, let message): message
        case .conflict(let id):
            "a different rating was already stored with id \(id); make a new id for a new rating"
        }
    }

    /// The field the error is about, if any.
    public var field: String? {
        switch self {
        case .invalid(let field, _): field
        case .conflict: "id"
        }
    }
}
