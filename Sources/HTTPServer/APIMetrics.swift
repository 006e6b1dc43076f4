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
        eventsAppended = registry.makeCounter(
            descriptor: Self.name("events_appended", unit: "total", help: "Events appended through the HTTP API."))
        eventsAlreadyStored = registry.makeCounter(
            descriptor: Self.name(
                "events_already_stored", unit: "total", help: "Events in HTTP requests that were already stored (retries)."))
    }

    /// Sets the projection gauges from fresh statuses.
    func recordProjection(name: String, position: Int64, eventsBehind: Int, secondsBehind: Double, failed: Bool) {
        let labels = [("projection", name)]
        func gauge(_ name: String, _ help: String) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: Self.name("projection_" + name, unit: "", help: help), labels: labels)
        }
        gauge("position", "Global position the projection has applied.").set(to: Double(position))
        gauge("events_behind", "Committed events not yet applied.").set(to: Double(eventsBehind))
        gauge("seconds_behind", "Age of the oldest event not yet applied.").set(to: secondsBehind)
        gauge("failed", "1 if the projection stopped on an event.").set(to: failed ? 1 : 0)
    }

    /// `helpline_<metric>[_<unit>]`.
    static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "helpline", metricName: metric, unitName: unit, helpText: help)
    }
}
