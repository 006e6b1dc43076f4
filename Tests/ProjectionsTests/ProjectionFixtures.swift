import Foundation
import HelplineDomain
import HelplineSchema
import Logging
import Postgres
import PostgresTestSupport

@testable import EventStore
@testable import Ingest
@testable import Projections

/// A fresh migrated database, with a pool and an event store.
func withProjectionDatabase<T>(_ body: (EventStore, PostgresConfiguration) async throws -> T) async throws -> T {
    try await TestDatabase.withMigratedPool { pool, configuration in
        try await body(EventStore(pool: pool, logger: TestDatabase.logger), configuration)
    }
}

/// Runs every projection until it has applied every committed event.
func catchUp(_ configuration: PostgresConfiguration, batchSize: Int = 1_000) async throws {
    var options = ProjectionWorker.Options()
    options.untilCaughtUp = true
    options.batchSize = batchSize
    try await ProjectionWorkers(configuration: configuration, options: options, logger: TestDatabase.logger).run()
}

/// `count` received (and answered) phone calls to helpline 1712, spread over the days of `month` (Brussels time).
func calls(_ count: Int, in month: String, helpline: String = "1712", channel: String = "phone", idPrefix: String? = nil) -> String {
    let parts = month.split(separator: "-").map { Int($0)! }
    let days = [31, parts[0] % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
    let prefix = idPrefix ?? "\(month)-\(channel)"
    return (0..<count).map { i in
        let day = 1 + i % days
        let hour = 8 + (i / days) % 12
        return
            "\(prefix)-\(i),\(helpline),\(channel),\(month)-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):15:00+01:00,answered,30,240,counselling\n"
    }.joined()
}

let importHeader = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"

func importCSV(_ body: String, pool: PostgresPool) async throws {
    _ = try await ContactImporter(pool: pool, logger: TestDatabase.logger).importCSV(from: InMemoryChunkSource(importHeader + body))
}

/// A seeded random number generator (SplitMix64), so failures can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random contacts: received on a random day of 2023, answered or abandoned, classified; some reclassified or
/// voided later (in a later batch). Appended through the event store as live systems would.
func appendRandomContacts(_ count: Int, seed: UInt64, store: EventStore, batches: Int = 5) async throws {
    var random = SeededGenerator(state: seed)
    let start = Timestamp(rfc3339: "2023-01-01T00:00:00+01:00")!
    var pending: [HelplineEvent] = []
    var later: [HelplineEvent] = []
    let channels: [ContactChannel] = [.phone, .chat, .email]
    let types: [ContactType] = [.counselling, .information, .silent, .prank]
    for n in 0..<count {
        let helpline = n % 3 == 0 ? "nupraatikerover" : "1712"
        let id = "r\(seed)-\(n)"
        let received = start.adding(seconds: Int.random(in: 0..<(365 * 86_400), using: &random))
        func event(_ kind: String, _ at: Timestamp, _ data: ContactEventData) -> HelplineEvent {
            .contact(eventId: UUID(), occurredAt: at, source: "test", helpline: helpline, contactId: id, data)
        }
        pending.append(event("r", received, .received(ContactReceived(channel: channels.randomElement(using: &random)!, receivedAt: received))))
        if Bool.random(using: &random) {
            pending.append(event("a", received.adding(seconds: 20), .answered(ContactAnswered(waitSeconds: 20))))
        } else if Int.random(in: 0..<3, using: &random) == 0 {
            pending.append(event("b", received.adding(seconds: 40), .abandoned(ContactAbandoned(waitSeconds: 40, stage: .queue))))
        }
        if Int.random(in: 0..<4, using: &random) > 0 {
            pending.append(
                event(
                    "c", received.adding(seconds: 60),
                    .classified(ContactClassified(ContactClassification(contactType: types.randomElement(using: &random)!)))))
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: later.append(event("v", received.adding(seconds: 90), .voided(ContactVoided(reason: .test))))
        case 1, 2:
            later.append(
                event(
                    "x", received.adding(seconds: 120),
                    .reclassified(ContactReclassified(ContactClassification(contactType: types.randomElement(using: &random)!)))))
        default: break
        }
    }
    let size = max(1, pending.count / batches)
    for start in stride(from: 0, to: pending.count, by: size) {
        try await store.appendBatch(Array(pending[start..<min(start + size, pending.count)]).streamAppends())
    }
    for start in stride(from: 0, to: later.count, by: 500) {
        try await store.appendBatch(Array(later[start..<min(start + 500, later.count)]).streamAppends())
    }
}
