import Disclosure
import Postgres

/// The per-helpline thresholds in `disclosure.thresholds`, one setting for every process that releases public figures
/// (`serve` and the CLI). A change applies to the months and campaigns not yet released; released figures stay.
public enum DisclosureSettings {
    /// The policy: the stored thresholds and `embargo`.
    public static func policy(on c: PostgresConnection, embargo: Embargo) async throws -> DisclosurePolicy {
        var thresholds: [String: Int] = [:]
        for r in try await c.query("SELECT helpline, threshold FROM disclosure.thresholds") {
            thresholds[try r.decode(String.self, at: 0)] = try r.decode(Int.self, at: 1)
        }
        return DisclosurePolicy(thresholds: thresholds, embargo: embargo)
    }

    /// Sets `helpline`'s threshold (nil: back to the default, 10).
    public static func setThreshold(_ threshold: Int?, for helpline: String, pool: PostgresPool) async throws(ReportError) {
        if let threshold, !DisclosurePolicy.thresholdRange.contains(threshold) {
            throw ReportError(
                "--threshold: expected \(DisclosurePolicy.thresholdRange.lowerBound)…\(DisclosurePolicy.thresholdRange.upperBound), got \(threshold)")
        }
        guard !helpline.isEmpty, helpline.count <= 100 else { throw ReportError("--helpline: expected a helpline id") }
        do {
            if let threshold {
                try await pool.execute(
                    """
                    INSERT INTO disclosure.thresholds (helpline, threshold) VALUES (\(helpline), \(threshold))
                    ON CONFLICT (helpline) DO UPDATE SET threshold = excluded.threshold, set_at = now()
                    """)
            } else {
                try await pool.execute("DELETE FROM disclosure.thresholds WHERE helpline = \(helpline)")
            }
        } catch {
            throw ReportError("could not store the threshold: \(error)")
        }
    }

    /// Every helpline with its own threshold.
    public static func thresholds(pool: PostgresPool) async throws -> [(helpline: String, threshold: Int)] {
        try await pool.query("SELECT helpline, threshold FROM disclosure.thresholds ORDER BY helpline").map {
            (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1))
        }
    }
}
