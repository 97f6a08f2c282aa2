import Foundation
import KioskCore

extension ResolverController {
    /// What every product page shows around its content.
    struct Frame {
        struct Phone {
            var label: String
            var number: String
            var href: String
        }
        var lang: String
        var heading: String
        var switchHref: String
        var otherLang: String
        var otherLangName: String
        var keptBy: String
        var centrePhone: Phone?
    }
}
