import Foundation
import KioskCore

extension ResolverController {
    /// `product-error.mustache`: an unknown product, a link type the item lacks, or a link that is not a
    /// Digital Link.
    struct ErrorView {
        var frame: Frame
        var title: String
        var body: String
        /// The parser's sentence, in the page's language.
        var problem: String?
        var problemLanguage: String?
        var advice: String
    }
}
