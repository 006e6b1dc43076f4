import Metrics
import Prometheus

/// The Prometheus registry behind `GET /metrics`. Requests by route and status and their latency come from
/// Hummingbird's `MetricsMiddleware` through swift-metrics; events appended and projection positions are ours.
public final class APIMetrics: Sendable {
    /// One per process: swift-metrics can be bootstrapped only once.
    public static let shared = APIMetrics()

    public let registry: PrometheusCollectorRegistry
    let eventsAppended: Prometheus.Counter
    let eventsAlreadyStored: Prometheus.Counter

    private init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        eventsAppended = registry.makeCounter(name: "helpline_events_appended_total", help: "Events appended through the HTTP API.")
        eventsAlreadyStored = registry.makeCounter(
            name: "helpline_events_already_stored_total", help: "Events in HTTP requests that were already stored (retries).")
    }

    /// Sets the projection gauges from fresh statuses.
    func recordProjection(name: String, position: Int64, eventsBehind: Int, secondsBehind: Double, failed: Bool) {
        let labels = [("projection", name)]
        registry.makeGauge(name: "helpline_projection_position", labels: labels, help: "Global position the projection has applied.")
            .set(to: Double(position))
        registry.makeGauge(name: "helpline_projection_events_behind", labels: labels, help: "Committed events not yet applied.")
            .set(to: Double(eventsBehind))
        registry.makeGauge(name: "helpline_projection_seconds_behind", labels: labels, help: "Age of the oldest event not yet applied.")
            .set(to: secondsBehind)
        registry.makeGauge(name: "helpline_projection_failed", labels: labels, help: "1 if the projection stopped on an event.")
            .set(to: failed ? 1 : 0)
    }
}
