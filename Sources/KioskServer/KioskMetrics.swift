import Foundation
import Prometheus

/// The service's Prometheus metrics, served at `/metrics`. One registry per application, so that tests
/// running several apps in one process do not share counts.
public struct KioskMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let ratingsStored: Counter
    let ratingsRepeated: Counter
    let ratingsConflicting: Counter

    /// Makes the metrics and registers their counters in `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        ratingsStored = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "ratings", metricName: "stored", unitName: "total",
                helpText: "Ratings stored"))
        ratingsRepeated = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "ratings", metricName: "repeated", unitName: "total",
                helpText: "Retries of a rating already stored (answered 200)"))
        ratingsConflicting = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "ratings", metricName: "conflicting", unitName: "total",
                helpText: "Ratings refused because their id was used for a different rating (409)"))
    }

    /// Counts a rating refused as invalid, by the field at fault.
    func ratingRejected(field: String?) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "ratings", metricName: "rejected", unitName: "total",
                helpText: "Ratings refused as invalid (400/413)"),
            labels: [("field", field ?? "body")]
        ).increment()
    }

    /// Counts a request the store could not write (answered 503), by SQLite's result code.
    func storeWriteFailed(code: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "store", metricName: "write_failures", unitName: "total",
                helpText: "Requests answered 503 because the store could not write (full disk, I/O error)"),
            labels: [("code", code)]
        ).increment()
    }

    /// Sets `kiosk_store_damaged` to 1: the store file failed its check or a request met a damaged page.
    func storeDamaged() {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "store", metricName: "damaged", unitName: "",
                helpText: "1 when the store file is damaged (restore the last good backup)")
        ).set(1.0)
    }

    /// Counts items the city hub refused (`kind` rating or void, `status` refused, conflict or unknown); `count: 0`
    /// shows the counter before any refusal.
    func hubPushRefused(kind: String, status: String, count: Int = 1) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "hub_push", metricName: "refused", unitName: "total",
                helpText: "Items the city hub refused; each is kept in hub_push_refusal and not sent again"),
            labels: [("kind", kind), ("status", status)]
        ).increment(by: Int64(count))
    }

    /// Sets the number of alerts of one kind now raised.
    func alerts(_ kind: String, count: Int) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "alerts", metricName: "active", unitName: nil,
                helpText: "Alerts now raised on the dashboard, by kind"),
            labels: [("kind", kind)]
        ).set(Double(count))
    }

    /// Records a daily backup written at `date`, of `bytes` bytes when known.
    func backupSucceeded(at date: Date, bytes: Int64?) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "backup", metricName: "last_success_timestamp", unitName: nil,
                helpText: "When the last daily backup was written (Unix time in seconds)")
        ).set(date.timeIntervalSince1970)
        if let bytes {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "kiosk", subsystem: "backup", metricName: "last_size", unitName: "bytes",
                    helpText: "Size of the last daily backup")
            ).set(Double(bytes))
        }
    }

    /// Counts a daily backup that failed; `count: 0` shows the counter before any failure.
    func backupFailed(count: Int = 1) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "backup", metricName: "failures", unitName: "total",
                helpText: "Daily backups that failed")
        ).increment(by: Int64(count))
    }

    /// Records how long a request took.
    func requestFinished(method: String, route: String, status: Int, seconds: Double) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kiosk", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                helpText: "Time to answer a request"),
            labels: [("method", method), ("route", route), ("status", String(status))],
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            ]
        ).record(Duration.nanoseconds(Int64(seconds * 1_000_000_000)))
    }
}
