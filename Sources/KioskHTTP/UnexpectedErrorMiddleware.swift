import Hummingbird
import Logging

/// Turns an error that chose no status of its own into a 500 whose JSON body says, in a sentence, that
/// the server failed and the request may be sent again; the error's type and the route are logged, never
/// the request's body. Errors that choose their status (``APIError``, a 4xx with its sentence) pass as
/// they are, so a client never gets an empty 500.
public struct UnexpectedErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The sentence of every such 500.
    public static var message: String {
        "the server failed to answer this request; nothing in it was taken as stored, send it again later (the error is in the server's log)"
    }

    /// Makes the middleware.
    public init() {}

    /// Passes the request on; an error that chose no status is logged and answered with a 500 and ``message``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error(
                "request failed with an unexpected error; answered 500",
                metadata: ["kiosk.error": "\(String(reflecting: type(of: error)))", "kiosk.route": "\(request.method) \(request.uri.path)"])
            throw APIError(.internalServerError, Self.message)
        }
    }
}
