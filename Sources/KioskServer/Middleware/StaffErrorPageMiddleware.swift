import Hummingbird
import Mustache

/// An error of a staff page: a Vietnamese sentence for the person at the page, an English one for a
/// script or API client (sent as an ``APIError``).
struct PageError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    /// What the person reads on the page: a whole Vietnamese sentence saying what to do.
    var sentence: String
    var english: String
    var field: String?

    init(_ status: HTTPResponse.Status, _ sentence: String, english: String, field: String? = nil) {
        self.status = status
        self.sentence = sentence
        self.english = english
        self.field = field
    }

    /// The JSON of an ``APIError``: what a client gets when no staff page is drawing it.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(status, english, field: field).response(from: request, context: context)
    }
}

/// Turns an error of a staff route into a page with the staff layout when a browser opened the page or
/// sent its form, so a person never reads raw JSON; scripts and API clients (``Refusal/wantsJSON(_:)``)
/// keep their JSON.
struct StaffErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let templates: MustacheLibrary

    struct View {
        var centreName: String
        var user: String
        var sentence: String
        var back: String
    }

    /// The names of the services the pages show.
    let centreName: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError where !Refusal.wantsJSON(request) {
            return page(error.status, error.sentence, request: request, context: context)
        } catch let error as any HTTPResponseError where !Refusal.wantsJSON(request) && !(error.status.code < 400) {
            return page(error.status, Self.sentence(for: error.status), request: request, context: context)
        }
    }

    /// A sentence for an error whose own words are English (a route shared with scripts).
    static func sentence(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Không tìm thấy mục này; có thể nó đã bị xoá hoặc địa chỉ bị gõ sai. Hãy quay lại danh sách và chọn lại."
        case 413: "Tệp hoặc nội dung gửi lên quá lớn. Hãy gửi tệp nhỏ hơn."
        case 400..<500: "Yêu cầu chưa đúng nên chưa được thực hiện. Hãy quay lại trang trước, kiểm tra các ô đã nhập rồi thử lại."
        default: "Máy chủ chưa làm được việc này. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo cán bộ công nghệ thông tin."
        }
    }

    private func page(_ status: HTTPResponse.Status, _ sentence: String, request: Request, context: Context) -> Response {
        // Back to the list the page belongs to: /staff/slips for /staff/slips/x/print.
        let parts = request.uri.path.split(separator: "/").prefix(2)
        let back = parts.count == 2 && parts[0] != "dashboard" ? "/\(parts[0])/\(parts[1])" : "/\(parts.first ?? "")"
        let view = View(centreName: centreName, user: context.user?.name ?? "", sentence: sentence, back: back)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: templates.renderStaffPage(view, withTemplate: "staff-error", context: context))))
    }
}
