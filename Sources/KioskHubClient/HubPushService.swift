import Foundation
import KioskCore
import Logging
import ServiceLifecycle

/// Runs ``HubPusher`` beside the server until graceful shutdown: pushes what is new every
/// ``HubPushSettings/interval``, and after a failure waits 1 s, 2 s, 4 s … up to ``HubPushSettings/maximumBackoff``.
/// A hub that is down or refuses never stops the centre: ratings keep being stored, and are pushed later.
public struct HubPushService: Service {
    let pusher: HubPusher
    let logger: Logger

    /// Makes a service that runs `pusher` and logs to `logger`.
    public init(pusher: HubPusher, logger: Logger) {
        self.pusher = pusher
        self.logger = logger
    }

    /// Pushes until graceful shutdown, waiting longer after each failure.
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            var backoff = pusher.settings.initialBackoff
            var failing = false
            while !Task.isCancelled {
                do {
                    let summary = try await pusher.pushPending()
                    if summary.pushes > 0 || failing {
                        logger.info(
                            "pushed to the hub",
                            metadata: [
                                "kiosk.hub.stored": "\(summary.stored)", "kiosk.hub.duplicates": "\(summary.duplicates)",
                                "kiosk.hub.refused": "\(summary.refused)", "kiosk.hub.voids": "\(summary.voids)",
                            ])
                    }
                    failing = false
                    backoff = pusher.settings.initialBackoff
                    try await Task.sleep(for: pusher.settings.interval)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("push to the hub failed; trying again", metadata: ["kiosk.error": "\(error)", "kiosk.hub.retry": "\(backoff)"])
                    failing = true
                    // Shutdown may come during the wait: the service then ends quietly, as it does while caught up.
                    guard (try? await Task.sleep(for: backoff)) != nil else { return }
                    backoff = min(backoff * 2, pusher.settings.maximumBackoff)
                }
            }
        }
    }
}

extension HubPushService: DescribedByNameOnly {}
