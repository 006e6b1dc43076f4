import Foundation
import HelplineDomain
import Testing

@Suite("Event JSON: wire format, canonical encoding, storage records")
struct EventJSONTests {
    @Test("The documented ContactReceived example decodes, and its canonical form has sorted keys")
    func documentedExample() throws {
        let json = """
            {"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"ContactReceived","schemaVersion":1,\
            "occurredAt":"2023-03-01T09:15:00Z","source":"telephony","helpline":"1712","contactId":"c-42",\
            "data":{"channel":"phone","receivedAt":"2023-03-01T09:15:00Z","inOpeningHours":true}}
            """
        let event = try HelplineEvent.decode(json: bytes(json), now: testNow)
        #expect(event.eventType == .contactReceived)
        #expect(event.streamId == "contact-1712-c-42")
        #expect(event.helpline == "1712")
        #expect(event.contactId == "c-42")
        #expect(event.campaignId == nil)
        #expect(event.occurredAt == ts("2023-03-01T09:15:00Z"))
        #expect(
            event.canonicalJSON
                == """
                {"contactId":"c-42","data":{"channel":"phone","inOpeningHours":true,"receivedAt":"2023-03-01T09:15:00Z"},\
                "eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","helpline":"1712","occurredAt":"2023-03-01T09:15:00Z",\
                "schemaVersion":1,"source":"telephony","type":"ContactReceived"}
                """)
    }

    @Test("Every event type survives canonical JSON exactly", arguments: everyEventType)
    func canonicalRoundTrip(event: HelplineEvent) throws {
        let text = event.canonicalJSON
        let decoded = try HelplineEvent.decode(json: bytes(text), now: testNow)
        #expect(decoded == event)
        #expect(decoded.canonicalJSON == text)
    }

    @Test("Every event type survives its storage record exactly", arguments: everyEventType)
    func storageRoundTrip(event: HelplineEvent) throws {
        let record = event.storageRecord
        #expect(record.streamId == event.streamId)
        #expect(record.eventType == event.eventType.rawValue)
        #expect(record.schemaVersion == 1)
        #expect(try HelplineEvent(storageRecord: record) == event)
    }

    @Test("Every event type passes validation and is encodable with JSONEncoder", arguments: everyEventType)
    func codable(event: HelplineEvent) throws {
        try event.validate(now: testNow)
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(HelplineEvent.self, from: data) == event)
    }

    @Test("The storage record splits envelope and data as documented")
    func storageShape() {
        let record = everyEventType[2].storageRecord
        #expect(record.data == #"{"waitSeconds":42}"#)
        #expect(record.metadata == #"{"contactId":"c-42","helpline":"1712","source":"telephony"}"#)
        let campaign = everyEventType[15].storageRecord
        #expect(campaign.streamId == "campaign-lijn-1712")
        #expect(campaign.metadata == #"{"campaignId":"lijn-1712","source":"cli"}"#)
        #expect(campaign.data == #"{"amountCents":2500000,"currency":"EUR","item":"media buying"}"#)
    }

    @Test("A storage record whose stream id disagrees with its metadata is refused")
    func storageStreamMismatch() {
        var record = everyEventType[0].storageRecord
        record.streamId = "contact-1712-other"
        #expect(throws: ValidationError.self) { try HelplineEvent(storageRecord: record) }
    }

    @Test("A batch decodes as an array, with issues prefixed by the element's index")
    func batch() throws {
        let good = everyEventType[2].canonicalJSON
        let events = try HelplineEvent.decodeOneOrMany(json: bytes("[\(good),\(good)]"), now: testNow)
        #expect(events.count == 2)
        let bad = good.replacingOccurrences(of: "\"waitSeconds\":42", with: "\"waitSeconds\":-3")
        #expect(throws: ValidationError(field: "[1].data.waitSeconds", message: "must be >= 0 and < 86400, got -3")) {
            try HelplineEvent.decodeOneOrMany(json: bytes("[\(good),\(bad)]"), now: testNow)
        }
    }

    @Test("Contact types know whether they are counselling contacts (CHI)")
    func counselling() {
        #expect(ContactType.counselling.isCounselling)
        #expect(ContactType.allCases.filter(\.isCounselling) == [.counselling])
    }
}
