import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskContent
import KioskCore
import KioskServer
import KioskStore
import Testing

/// `GET /api/v1/kiosk/flow`: the flow of the paired kiosk that asks, the very ``SurveyFlow`` the terminal
/// runs, and nothing for a device that is not paired.
@Suite struct KioskFlowRouteTests {
    @Test func aPairedKioskGetsItsOwnFlowAndOthersGet401() async throws {
        let configuration = TestServer.configuration()
        let database = try AppDatabase.open(directory: configuration.dataDirectory)
        let desk = try database.addKiosk(id: "kiosk-2", counter: nil, actor: "test", now: TestServer.now).token
        let content = try ContentLoader.load(from: TestServer.content)
        let survey = try #require(content.surveys["quick"])
        try await TestServer.withLiveServer(configuration) { client in
            for (token, id) in [(TestServer.kioskToken ?? "", "kiosk-1"), (desk, "kiosk-2")] {
                let response = try await client.execute(uri: "/api/v1/kiosk/flow", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let served = try JSONDecoder().decode(SurveyFlow.self, from: Data(response.text.utf8))
                let device = try #require(content.centre.kiosk(id))
                #expect(served == SurveyFlow(survey: survey, centre: content.centre, kiosk: device, kioskID: id))
            }
            for headers: HTTPFields in [[:], [.authorization: "Bearer ckk_made-up"], [.cookie: "kiosk_device=made-up"]] {
                let refused = try await client.execute(uri: "/api/v1/kiosk/flow", method: .get, headers: headers)
                #expect(refused.status == .unauthorized)
                #expect(try refused.errorMessage() == "this device is not paired; ask the IT officer for a pairing link")
            }
        }
    }
}
