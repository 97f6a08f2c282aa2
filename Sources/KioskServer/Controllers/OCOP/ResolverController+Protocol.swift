import HTTPTypes
import Hummingbird

/// The resolver's HTTP manners: CORS for every answer, OPTIONS and HEAD.
extension ResolverController {
    /// A resolver answer any site may read (CORS): the resolver's data is public, and GS1 asks for it. Only
    /// the resolver's paths get it, never the staff pages or the APIs.
    static func openToOtherSites(_ response: Response) -> Response {
        var response = response
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlAllowMethods] = methods
        response.headers[.accessControlExposeHeaders] = "Link, Location, Content-Language"
        return response
    }

    /// `OPTIONS`: the methods, and the CORS pre-flight answer.
    static func options() -> Response {
        var response = Self.openToOtherSites(Response(status: .noContent, headers: [.allow: methods]))
        response.headers[.accessControlAllowHeaders] = "Accept, Accept-Language"
        response.headers[.accessControlMaxAge] = "86400"
        return response
    }

    /// The answer to HEAD: GET's status and headers, with its length and no body.
    static func headResponse(_ response: Response) -> Response {
        var head = response.createHeadResponse()
        if let length = response.body.contentLength { head.headers[.contentLength] = String(length) }
        return head
    }
}
