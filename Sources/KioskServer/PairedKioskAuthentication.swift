import Foundation
import Hummingbird
import KioskCore
import KioskStore

/// How a kiosk proves it is one of the centre's paired kiosks: the device cookie its browser got from
/// the pairing link, or `Authorization: Bearer TOKEN` (the text-terminal kiosk, scripts).
enum PairedKioskAuthentication {
    /// The name of the device cookie.
    static let cookieName = "kiosk_device"
    /// About five years: a kiosk stays paired until it is revoked.
    static let cookieMaxAge = 5 * 365 * 24 * 60 * 60
    /// The sentence of every 401 of a kiosk route.
    static let notPairedMessage = "this device is not paired; ask the IT officer for a pairing link"

    /// What a request presented.
    enum Outcome {
        case kiosk(PairedKiosk)
        /// Credentials were given but match no live kiosk (revoked, or made up).
        case refused(String)
        /// Nothing was presented.
        case none
    }

    /// Reads the bearer token (first) or the device cookie of a request and finds their live kiosk.
    static func identify(_ request: Request, in database: AppDatabase) throws -> Outcome {
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { return .refused("not a bearer token") }
            let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            return try database.kiosk(bearerToken: token).map(Outcome.kiosk) ?? .refused("unknown or revoked token")
        }
        if let secret = request.cookies[cookieName]?.value, !secret.isEmpty {
            return try database.kiosk(deviceSecret: secret).map(Outcome.kiosk) ?? .refused("unknown or revoked device cookie")
        }
        return .none
    }

    /// The live kiosk of a request, or `nil`.
    static func kiosk(of request: Request, in database: AppDatabase) throws -> PairedKiosk? {
        if case .kiosk(let kiosk) = try identify(request, in: database) { return kiosk }
        return nil
    }

    /// The device cookie set when a browser is paired.
    static func cookie(secret: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: secret, maxAge: cookieMaxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

extension PairedKiosk {
    /// The settings of this kiosk: its `[[kiosks]]` table of `centre.toml` when it has one, else a desk
    /// device at its counter, else a hall kiosk with the defaults (asks the counter, no field, no printer).
    func device(in centre: Centre) -> KioskDevice {
        centre.kiosk(id) ?? KioskDevice(id: id, counter: counter)
    }
}

extension ServerConfiguration {
    /// Whether the device cookie carries `Secure`: when the service speaks HTTPS itself or is reached
    /// through an https proxy (`--secure-cookies`).
    var usesSecureCookies: Bool { secureCookies || tls != nil }
}

extension RatingSubmission {
    /// Makes the rating the paired kiosk's: its id, and the counter of a desk device. A body naming another
    /// kiosk, or another counter than the desk device's, is refused rather than changed, so that a forged
    /// or misconfigured client is noticed.
    /// - Throws: ``APIError`` 403 on `kiosk` or `counter`.
    mutating func attribute(to device: KioskDevice) throws {
        if let named = kiosk, named != device.id {
            throw APIError(.forbidden, "this device is paired as kiosk '\(device.id)'; it cannot send ratings for kiosk '\(named)'", field: "kiosk")
        }
        kiosk = device.id
        if let fixed = device.counter {
            if let named = counter, named != fixed {
                throw APIError(
                    .forbidden, "kiosk '\(device.id)' stands at counter \(fixed); it cannot send ratings for counter \(named)", field: "counter")
            }
            counter = fixed
        }
    }
}
