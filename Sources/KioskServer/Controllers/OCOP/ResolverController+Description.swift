import Foundation
import KioskCore

extension ResolverController {
    /// The resolver description file of `/.well-known/gs1resolver` (GS1-Conformant resolver standard).
    struct ResolverDescription: Encodable {
        struct LinkTypeNamespace: Encodable {
            var namespace = Linkset.vocabulary
            var prefix = "gs1:"
            var profile = "https://gs1.org/voc/?show=linktypes"
        }
        struct Contact: Encodable {
            var name: String
            var telephone: String?
        }

        var name: String
        /// The base of every Digital Link this resolver answers.
        var resolverRoot: String
        /// GTINs only: the registry holds products.
        var supportedPrimaryKeys = ["gtin"]
        /// `?linkType=linkset` (and `all`) answers the linkset.
        var linkTypeDefaultCanBeLinkset = true
        var supportedLinkType = [LinkTypeNamespace()]
        /// The resolver chooses no link by `?context=`.
        var supportedContextValuesEnumerated: [String] = []
        var contact: Contact

        init(centre: Centre, root: String) {
            name = "\(centre.name.vi) – sổ đăng ký sản phẩm OCOP"
            resolverRoot = root
            contact = Contact(name: centre.name.vi, telephone: centre.phone)
        }
    }
}
