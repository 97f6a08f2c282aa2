import ArgumentParser
import Foundation
import HummingbirdBcrypt
import KioskContent
import KioskCore
import KioskStore

/// What `kiosk serve --demo` prepares in its own data folder: realistic demo ratings, a demo head account with a
/// new password at every start, and a fresh pairing link for the desk kiosk of the sample content. A folder that
/// holds a store not made this way is refused, so that a centre's real data is never touched.
struct DemoSetup {
    /// The file that marks a data folder as a demo one.
    static let marker = "DEMO-DATA"
    /// The demo head's account name.
    static let account = "demo"
    /// How many demo ratings a new demo store gets.
    static let ratings = 20_000

    /// The password and pairing link made for this start.
    struct Prepared {
        var password: String
        var pairingCode: String
        var kiosk: String
    }

    /// Makes `data` a demo store (once) and gives this start its password and pairing link.
    /// - Throws: `ValidationError` when `data` holds anything but a demo store.
    static func prepare(content: URL, data: URL) throws -> Prepared {
        let manager = FileManager.default
        let marker = data.appendingPathComponent(Self.marker)
        let existing = (try? manager.contentsOfDirectory(atPath: data.path)) ?? []
        if !existing.isEmpty && !manager.fileExists(atPath: marker.path) {
            throw ValidationError(
                "--demo refuses \(data.path): it holds files of a store that is not a demo one. Give an empty folder or the demo folder with --data (Scripts/serve --demo uses data-demo/)."
            )
        }
        try manager.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("This folder holds demo data of kiosk serve --demo; delete it freely.\n".utf8).write(to: marker)

        let loaded = try ContentLoader.load(from: content)
        let database = try AppDatabase.open(directory: data)
        if try database.ratingCount() == 0 {
            let today = LocalDate.of(Date(), in: loaded.centre.timeZone).date
            _ = try Kiosk.DemoData.store(ratings, of: loaded, seed: 1, lastDay: today, days: 365, in: database)
        }
        let password = randomPassword()
        let hash = Bcrypt.hash(password, cost: 12)
        if try database.users().contains(where: { $0.name == account }) {
            try database.setPassword(of: account, passwordHash: hash, actor: "demo")
        } else {
            try database.addUser(name: account, role: .head, passwordHash: hash, actor: "demo")
        }
        // The desk kiosk of the content, else its first kiosk: a new pairing link at every start.
        let kiosk = (loaded.centre.kiosks.first { $0.counter != nil } ?? loaded.centre.kiosks.first)?.id ?? "demo-kiosk"
        try? database.revokeKiosk(id: kiosk, actor: "demo")
        let credentials = try database.addKiosk(id: kiosk, counter: nil, actor: "demo")
        return Prepared(password: password, pairingCode: credentials.pairingCode, kiosk: kiosk)
    }

    /// The links a person opens, for the console.
    static func announcement(_ prepared: Prepared, address: String, data: String) -> String {
        """
        Demo (its data is in \(data), never in data/). Open:
          1. the kiosk (pairs this browser as kiosk \(prepared.kiosk)): \(address)/pair?code=\(prepared.pairingCode)
          2. the dashboard: \(address)/login?next=/dashboard  name: \(account)  password: \(prepared.password)
          3. the staff pages: \(address)/staff/slips  (the same sign-in)

        """
    }

    private static func randomPassword() -> String {
        let letters = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<14).map { _ in letters.randomElement()! })
    }
}
