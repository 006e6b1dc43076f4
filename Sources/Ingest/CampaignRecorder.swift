import EventStore
import Foundation
import HelplineDomain
import Logging
import Postgres

/// Records campaign events: whole campaign files (idempotent) and single facts from the CLI or HTTP API.
public struct CampaignRecorder: Sendable {
    public let store: EventStore

    public init(store: EventStore) { self.store = store }

    /// The outcome of recording: how many events were new and how many were stored already.
    public struct Outcome: Sendable, Equatable {
        public var written: Int
        public var alreadyPresent: Int
        public var positions: [EventPosition]
    }

    /// Imports a campaign file (the JSON contract of `import campaigns`). Importing the same file again adds
    /// nothing; a file that gained an entry adds exactly that entry.
    /// - Throws: `ValidationError` for a bad file, ``EventIDConflict`` when an entry's stored version differs.
    public func importFile(json: some Sequence<UInt8>, now: Date = Date()) async throws -> Outcome {
        let file = try CampaignFile.parse(json: json, now: now)
        var events = file.events(now: now)
        // Events without a time of their own are dated when first imported; on a later re-import they must
        // still count as the same events, so match them by id and content, not by that date.
        let stored = try await store.storedContent(ids: events.map(\.eventId))
        var alreadyPresent = 0
        events = try events.filter { event in
            guard let existing = stored[event.eventId] else { return true }
            guard existing.type == event.eventType.rawValue, existing.data == event.storageRecord.data else {
                throw EventIDConflict(eventID: event.eventId, storedStreamID: existing.stream, storedPosition: existing.position)
            }
            alreadyPresent += 1
            return false
        }
        let result = try await store.appendBatch(events.streamAppends())
        return Outcome(
            written: events.count - result.alreadyStored, alreadyPresent: alreadyPresent + result.alreadyStored, positions: result.positions)
    }

    /// Records one validated campaign event. `CampaignPlanned` requires a new campaign (or the identical
    /// planning event, for a retry); every other event requires a planned campaign.
    public func record(_ event: HelplineEvent, now: Date = Date()) async throws -> Outcome {
        try event.validate(now: now)
        guard case .campaign(let campaignId, let data) = event.body else {
            throw InvalidAppend(description: "not a campaign event: \(event.eventType.rawValue)")
        }
        let stream = event.streamId
        // A repeated command is the same event: same id and content, whatever time it was recorded at.
        if let existing = try await store.storedContent(ids: [event.eventId])[event.eventId] {
            guard existing.type == event.eventType.rawValue, existing.data == event.storageRecord.data else {
                throw EventIDConflict(eventID: event.eventId, storedStreamID: existing.stream, storedPosition: existing.position)
            }
            return Outcome(written: 0, alreadyPresent: 1, positions: [])
        }
        let version = try await store.streamVersion(stream)
        if case .planned = data {
            let result = try await store.append(to: stream, expectedVersion: version == 0 ? .noStream : .any, events: [event.newEvent])
            if result.alreadyStored == 0 && version > 0 {
                throw CampaignError.alreadyPlanned(campaignId)
            }
            return Outcome(written: 1 - result.alreadyStored, alreadyPresent: result.alreadyStored, positions: result.positions)
        }
        guard version > 0 else { throw CampaignError.unknownCampaign(campaignId) }
        let result = try await store.append(to: stream, events: [event.newEvent])
        return Outcome(written: 1 - result.alreadyStored, alreadyPresent: result.alreadyStored, positions: result.positions)
    }
}

/// A campaign command that does not fit the campaign's history.
public enum CampaignError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCampaign(String)
    case alreadyPlanned(String)

    public var description: String {
        switch self {
        case .unknownCampaign(let id): "campaign \(id) is not planned yet: record it with `campaign plan` (or import it) first"
        case .alreadyPlanned(let id): "campaign \(id) is already planned with other details; use `campaign correct` to change them"
        }
    }
}
