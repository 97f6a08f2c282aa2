/// What the types that hold a secret (the hub's push token) or hold something that does say of
/// themselves when they are printed, interpolated or reflected: their name only.
///
/// Service lifecycles log each service's description when it starts and stops (at debug); a type's
/// default description lists every stored property, so a token inside would reach the log. Each type
/// here answers with its name alone, through every way Swift describes a value (`description`,
/// `debugDescription`, and a mirror with no children for `dump` and nested descriptions).
public protocol DescribedByNameOnly: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {}

extension DescribedByNameOnly {
    public var description: String { String(describing: Self.self) }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
