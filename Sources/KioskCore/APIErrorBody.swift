/// The JSON body of every error the centre's server and the hub answer: `{"error": {"message": "…", "field": "…"}}`,
/// `field` only when one field of the request is at fault. The servers write it, the centre's push to the hub reads it.
public struct APIErrorBody: Codable, Sendable, Equatable {
    /// The sentence and the field at fault.
    public struct Detail: Codable, Sendable, Equatable {
        public var message: String
        public var field: String?
    }

    public var error: Detail

    /// Makes the body `{"error": {"message": …, "field": …}}`; `field` names the field at fault, when there is one.
    public init(message: String, field: String? = nil) {
        error = Detail(message: message, field: field)
    }
}
