import Disclosure
import Postgres

/// The disclosure settings in the database — each helpline's threshold (`disclosure.thresholds`) and the embargo
/// (`disclosure.embargo`) — one setting for every process that releases public figures (`serve`, the CLI). A change
/// applies to the months and campaigns not yet released; released figures stay as they are.
public enum DisclosureSettings {
    /// The stored policy.
    public static func policy(on c: PostgresConnection) async throws -> DisclosurePolicy {
        var thresholds: [String: Int] = [:]
        for r in try await c.query("SELECT helpline, threshold FROM disclosure.thresholds") {
            thresholds[try r.decode(String.self, at: 0)] = try r.decode(Int.self, at: 1)
        }
        let days = try await c.query("SELECT days FROM disclosure.embargo").first.map { try $0.decode(Int.self, at: 0) } ?? 7
        return DisclosurePolicy(thresholds: thresholds, embargo: Embargo(days: days))
    }

    public static func policy(pool: PostgresPool) async throws -> DisclosurePolicy {
        try await pool.withConnection { c in try await policy(on: c) }
    }

    /// Sets `helpline`'s threshold (nil: back to the default, 10).
    public static func setThreshold(_ threshold: Int?, for helpline: String, pool: PostgresPool) async throws {
        if let threshold, !DisclosurePolicy.thresholdRange.contains(threshold) {
            throw ReportError(
                "--threshold: expected \(DisclosurePolicy.thresholdRange.lowerBound)…\(DisclosurePolicy.thresholdRange.upperBound), got \(threshold)")
        }
        guard !helpline.isEmpty, helpline.count <= 100 else { throw ReportError("--helpline: expected a helpline id") }
        if let threshold {
            try await pool.execute(
                """
                INSERT INTO disclosure.thresholds (helpline, threshold) VALUES (\(helpline), \(threshold))
                ON CONFLICT (helpline) DO UPDATE SET threshold = excluded.threshold, set_at = now()
                """)
        } else {
            try await pool.execute("DELETE FROM disclosure.thresholds WHERE helpline = \(helpline)")
        }
    }

    /// Sets the embargo in days (0…366).
    public static func setEmbargo(days: Int, pool: PostgresPool) async throws {
        guard (0...366).contains(days) else { throw ReportError("--embargo-days: expected 0…366, got \(days)") }
        try await pool.execute("UPDATE disclosure.embargo SET days = \(days), set_at = now()")
    }
}
