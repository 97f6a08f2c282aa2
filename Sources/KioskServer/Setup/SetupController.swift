import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import KioskCore
import KioskStore
import Mustache

/// The first start of a centre: `GET /setup?code=…` (the one-time link ``FirstRunSetup`` makes while the store
/// has no account) and `POST /setup`, which makes the head's account, signs them in and, when asked, pairs this
/// browser as one of the centre's kiosks. Only a browser on the box itself may use it, and only once.
struct SetupController {
    let services: AppServices
    let templates: MustacheLibrary

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/setup", use: form)
        router.post("/setup", use: submit)
    }

    struct KioskOption {
        var id: String
        var label: String
    }

    struct SetupView {
        var error: String?
        var code: String
        var name: String
        var kiosks: [KioskOption]
        /// After the setup: where to go next.
        var done: Bool
        var kioskLink: String?
    }

    struct SetupForm: Decodable {
        var code: String
        var name: String
        var password: String
        var repeated: String
        var kiosk: String?
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = request.uri.queryParameters.get("code") ?? ""
        if let refusal = try await refusal(of: request, context: context, code: code) { return refusal }
        return page(.ok, SetupView(error: nil, code: code, name: "truong", kiosks: kioskOptions(), done: false))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(SetupForm.self, from: String(buffer: body)) else {
            return message(.badRequest, "Biểu mẫu thiếu tên đăng nhập hoặc mật khẩu. / The form lacks a name or a password.")
        }
        if let refusal = try await refusal(of: request, context: context, code: form.code) { return refusal }
        let name = String(form.name.prefix(64))
        var view = SetupView(error: nil, code: form.code, name: name, kiosks: kioskOptions(), done: false)
        let kiosk = form.kiosk.flatMap { id in services.content.centre.kiosks.first { $0.id == id } }
        if let problem = Self.problem(name: name, password: form.password, repeated: form.repeated) {
            view.error = problem
            return page(.unprocessableContent, view)
        }
        let now = services.now()
        guard await services.setup.consume(form.code, now: now) else { return message(.gone, Self.deadSentence) }
        let address = request.clientAddress(context: context, trustedProxies: services.configuration.trustedProxies)
        try services.database.addUser(name: name, role: .head, passwordHash: Bcrypt.hash(form.password, cost: 12), actor: "setup", now: now)
        let session = try services.database.startSession(for: name, now: now)
        try services.database.audit(AuditEvent(action: "login", actor: name, address: address, at: now))
        context.logger.notice("first account made", metadata: ["kiosk.user": "\(name)", "kiosk.address": "\(address)"])
        view = SetupView(error: nil, code: "", name: name, kiosks: [], done: true)
        var cookies = [AuthController.sessionCookie(session, secure: services.configuration.usesSecureCookies)]
        if let kiosk {
            let credentials = try services.database.addKiosk(id: kiosk.id, counter: nil, actor: name, now: now)
            let paired = try services.database.pairKiosk(code: credentials.pairingCode, address: address, now: now)
            cookies.append(PairedKioskAuthentication.cookie(secret: paired.deviceSecret, secure: services.configuration.usesSecureCookies))
            view.kioskLink = "/?kiosk=\(kiosk.id)"
        }
        var response = page(.ok, view)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// Why this request may not use the setup, as the page to answer; `nil` when it may.
    private func refusal(of request: Request, context: AppRequestContext, code: String) async throws -> Response? {
        guard Self.isOnThisBox(request, context: context) else {
            return message(
                .forbidden, "Chỉ mở được liên kết thiết lập trên chính máy chủ của trung tâm. / The setup link works only on the centre's box itself."
            )
        }
        guard try services.database.users().isEmpty else {
            await services.setup.finish()
            return message(.gone, "Trung tâm đã có tài khoản: hãy đăng nhập tại /login. / The centre has an account already: sign in at /login.")
        }
        guard await services.setup.isValid(code, now: services.now()) else { return message(.gone, Self.deadSentence) }
        return nil
    }

    static let deadSentence =
        "Liên kết thiết lập không đúng hoặc đã hết hạn. Mở trang chủ trên chính máy chủ để có liên kết mới. / The setup link is wrong or has expired: open the start page on the box itself for a new one."

    /// A request from the box itself: a loopback peer, not relayed by a proxy on the same box.
    static func isOnThisBox(_ request: Request, context: AppRequestContext) -> Bool {
        guard let peer = context.remoteAddress?.ipAddress else { return false }
        let loopback = peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.")
        return loopback && request.headers[.xForwardedFor] == nil && request.headers[HTTPField.Name("Forwarded")!] == nil
    }

    /// What is wrong with the name or password typed, as a sentence; `nil` when nothing is.
    static func problem(name: String, password: String, repeated: String) -> String? {
        if !UserAccount.isValidName(name) {
            return
                "Tên đăng nhập chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang (2–64 ký tự). / A name holds only letters, digits, '.', '_' and '-' (2–64)."
        }
        if password.count < UserAccount.minimumPasswordLength {
            return
                "Mật khẩu cần ít nhất \(UserAccount.minimumPasswordLength) ký tự. / The password needs at least \(UserAccount.minimumPasswordLength) characters."
        }
        if password != repeated { return "Hai lần nhập mật khẩu không giống nhau. / The two passwords differ." }
        return nil
    }

    private func kioskOptions() -> [KioskOption] {
        services.content.centre.kiosks.map { KioskOption(id: $0.id, label: $0.name?.vi ?? $0.id) }
    }

    private func page(_ status: HTTPResponse.Status, _ view: SetupView) -> Response {
        let html = templates.render(view, withTemplate: "setup") ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func message(_ status: HTTPResponse.Status, _ sentence: String) -> Response {
        page(status, SetupView(error: sentence, code: "", name: "", kiosks: [], done: false))
    }
}
