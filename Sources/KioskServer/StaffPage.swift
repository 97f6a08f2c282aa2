import Hummingbird
import KioskStore
import Mustache

/// The tabs above a staff or head page: the pages the signed-in role may open, the current one marked.
struct StaffNav: Sendable {
    struct Tab: Sendable {
        var href: String
        var label: String
        var en: String
        var current: Bool
        var first: Bool
    }

    var tabs: [Tab]

    /// Every page of the tabs, in order, with the roles that may open it (the routes' own guards say the same).
    static let pages: [(template: String, href: String, label: String, en: String, roles: Set<Role>)] = [
        ("dashboard", "/dashboard", "Mức độ hài lòng", "Satisfaction", [.head, .admin]),
        ("slips", "/staff/slips", "Phiếu hướng dẫn", "Guidance slips", [.staff, .head, .admin]),
        ("calls", "/staff/calls", "Yêu cầu hỗ trợ", "Help calls", [.staff, .head, .admin]),
        ("paper", "/staff/paper", "Nhập phiếu giấy", "Paper forms", [.staff, .head, .admin]),
        ("ocop", "/staff/ocop", "Sản phẩm OCOP", "OCOP products", [.staff, .head, .admin]),
        ("audit", "/admin/audit", "Nhật ký kiểm tra", "Audit log", [.admin]),
    ]

    /// The tabs `role` may open, with the page drawn from `template` marked as the current one.
    init(role: Role?, template: String) {
        let allowed = Self.pages.filter { page in role.map { page.roles.contains($0) } ?? false }
        tabs = allowed.enumerated().map { index, page in
            Tab(href: page.href, label: page.label, en: page.en, current: page.template == template, first: index == 0)
        }
    }
}

/// A page's view with the tabs beside it: the template reads its own values as before and `nav` for the
/// tabs (`staff-nav.mustache`), without every view carrying a field for them.
struct StaffPage: MustacheParent {
    let view: Any
    let nav: StaffNav

    func child(named name: String) -> Any? {
        if name == "nav" { return nav }
        if let parent = view as? MustacheParent { return parent.child(named: name) }
        guard let value = Mirror(reflecting: view).children.first(where: { $0.label == name })?.value else { return nil }
        // An optional that holds nothing is no value, as the library's own lookup treats it.
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

extension MustacheLibrary {
    /// A staff or head page: `template` (which extends `staff-layout`) filled from `view`, with the tabs the
    /// person signed in may open.
    func renderStaffPage(_ view: Any, withTemplate template: String, context: AppRequestContext) -> String {
        let role = context.user?.role
        return render(StaffPage(view: view, nav: StaffNav(role: role, template: template)), withTemplate: template) ?? ""
    }
}
