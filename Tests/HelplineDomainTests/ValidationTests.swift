import Foundation
import HelplineDomain
import Testing

/// A contact event document with `data` and envelope overrides.
private func contact(type: String = "ContactAnswered", data: String = #"{"waitSeconds":42}"#, envelope: String = "") -> String {
    let base =
        #"{"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"\#(type)","schemaVersion":1,"occurredAt":"2023-03-01T09:15:00Z","#
        + #""source":"telephony","helpline":"1712","contactId":"c-42""#
    return base + envelope + #","data":\#(data)}"#
}

private func campaign(type: String, data: String) -> String {
    #"{"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"\#(type)","schemaVersion":1,"occurredAt":"2023-03-01T09:15:00Z","#
        + #""source":"cli","campaignId":"lijn-1712","data":\#(data)}"#
}

@Suite("Validation rules: each rule refuses with a message naming the field")
struct ValidationTests {
    @Test("A valid contact event has no issues")
    func valid() { #expect(decodeIssues(contact()) == []) }

    @Test(
        "Waits and durations must be >= 0 and < 24 h",
        arguments: [
            (contact(data: #"{"waitSeconds":-3}"#), "data.waitSeconds: must be >= 0 and < 86400, got -3"),
            (contact(data: #"{"waitSeconds":86400}"#), "data.waitSeconds: must be >= 0 and < 86400, got 86400"),
            (
                contact(type: "ContactAbandoned", data: #"{"waitSeconds":-1,"stage":"queue"}"#),
                "data.waitSeconds: must be >= 0 and < 86400, got -1"
            ),
            (contact(type: "ContactEnded", data: #"{"durationSeconds":90000}"#), "data.durationSeconds: must be >= 0 and < 86400, got 90000"),
        ])
    func seconds(json: String, issue: String) { #expect(decodeIssues(json) == [issue]) }

    @Test(
        "Only known enum values are accepted",
        arguments: [
            (
                contact(type: "ContactReceived", data: #"{"channel":"fax","receivedAt":"2023-03-01T09:15:00Z"}"#),
                #"data.channel: must be one of phone, chat, email, sms, other; got "fax""#
            ),
            (
                contact(type: "ContactAbandoned", data: #"{"waitSeconds":1,"stage":"lost"}"#),
                #"data.stage: must be one of ivr, queue, ringing, rejected, unknown; got "lost""#
            ),
            (
                contact(type: "ContactClassified", data: #"{"contactType":"chat","reasonCategories":[]}"#),
                #"data.contactType: must be one of counselling, information, silent, hang_up, prank, abusive, wrong_number, other; got "chat""#
            ),
            (
                contact(type: "ContactClassified", data: #"{"contactType":"silent","reasonCategories":["violence","money"]}"#),
                #"data.reasonCategories[1]: must be one of missing_children, violence, mental_health, physical_health, access_to_services, discrimination_and_exclusion, family_relationships, peer_relationships, education_and_occupation, sexuality; got "money""#
            ),
            (
                contact(type: "ContactClassified", data: #"{"contactType":"silent","reasonCategories":["violence","violence"]}"#),
                "data.reasonCategories[1]: duplicate value"
            ),
            (
                contact(type: "ContactVoided", data: #"{"reason":"oops"}"#),
                #"data.reason: must be one of duplicate, test, misrouted, other; got "oops""#
            ),
            (
                contact(type: "ContactLost"),
                #"type: must be one of ContactReceived, ContactAnswered, ContactAbandoned, ContactEnded, ContactClassified, ContactReclassified, ContactVoided, CampaignPlanned, CampaignChannelAdded, CampaignStarted, CampaignStopped, CampaignCostRecorded, CampaignReachRecorded, CampaignNoteRecorded, CampaignCorrected, CampaignCancelled, BaselineEventRecorded, BaselineEventWithdrawn; got "ContactLost""#
            ),
            (
                campaign(type: "CampaignChannelAdded", data: #"{"channel":"tram"}"#),
                #"data.channel: must be one of bus_tram, radio, tv, social_video, poster, influencer, billboard, press, other; got "tram""#
            ),
        ])
    func enums(json: String, issue: String) { #expect(decodeIssues(json) == [issue]) }

    @Test("Timestamps must lie between 1990-01-01 and one day after now")
    func timeWindow() {
        #expect(
            decodeIssues(contact().replacingOccurrences(of: "2023-03-01T09:15:00Z", with: "1989-12-31T23:59:59Z")) == [
                "occurredAt: must be between 1990-01-01T00:00:00Z and one day after now (2024-06-02T12:00:00Z), got 1989-12-31T23:59:59Z"
            ])
        #expect(decodeIssues(contact().replacingOccurrences(of: "2023-03-01T09:15:00Z", with: "2024-06-02T12:00:00Z")) == [])
        #expect(
            decodeIssues(contact().replacingOccurrences(of: "2023-03-01T09:15:00Z", with: "2024-06-02T12:00:01Z")) == [
                "occurredAt: must be between 1990-01-01T00:00:00Z and one day after now (2024-06-02T12:00:00Z), got 2024-06-02T12:00:01Z"
            ])
        #expect(
            decodeIssues(campaign(type: "CampaignStarted", data: #"{"startedAt":"2030-01-01T00:00:00Z"}"#)) == [
                "data.startedAt: must be between 1990-01-01T00:00:00Z and one day after now (2024-06-02T12:00:00Z), got 2030-01-01T00:00:00Z"
            ])
    }

    @Test("Impossible dates and missing offsets are refused with the field's name")
    func badTimestamps() {
        #expect(
            decodeIssues(contact(type: "ContactReceived", data: #"{"channel":"phone","receivedAt":"2023-02-30T10:00:00Z"}"#)) == [
                #"data.receivedAt: 2023-02-30 is not a valid date, got "2023-02-30T10:00:00Z""#
            ])
        #expect(
            decodeIssues(contact(type: "ContactReceived", data: #"{"channel":"phone","receivedAt":"2023-02-03T10:00:00"}"#)) == [
                #"data.receivedAt: missing the UTC offset (e.g. +01:00 or Z), got "2023-02-03T10:00:00""#
            ])
    }

    @Test(
        "Identifiers are at most 64 characters of [A-Za-z0-9._:-]",
        arguments: [
            (#","helpline":"1712""#, #","helpline":"17 12""#, #"helpline: must contain only [A-Za-z0-9._:-], got "17 12""#),
            (
                #","contactId":"c-42""#, #","contactId":"\#(String(repeating: "x", count: 65))""#,
                "contactId: must be at most 64 characters of [A-Za-z0-9._:-], got 65 characters"
            ),
            (#""source":"telephony""#, #""source":"tel/ephony""#, #"source: must contain only [A-Za-z0-9._:-], got "tel/ephony""#),
            (#","contactId":"c-42""#, #","contactId":"""#, "contactId: must not be empty"),
        ])
    func identifiers(find: String, replace: String, issue: String) {
        #expect(decodeIssues(contact().replacingOccurrences(of: find, with: replace)) == [issue])
    }

    @Test("Campaign ids follow the identifier rule too")
    func campaignId() {
        #expect(
            decodeIssues(campaign(type: "CampaignCancelled", data: "{}").replacingOccurrences(of: "lijn-1712", with: "lijn 1712")) == [
                #"campaignId: must contain only [A-Za-z0-9._:-], got "lijn 1712""#
            ])
    }

    @Test(
        "Money is integer cents >= 0 with a known ISO 4217 currency",
        arguments: [
            (
                #"{"item":"print","amountCents":-1,"currency":"EUR"}"#,
                "data.amountCents: must be an integer number of cents >= 0 and <= 1000000000000, got -1"
            ),
            (#"{"item":"print","amountCents":12.5,"currency":"EUR"}"#, "data.amountCents: expected an integer, got 12.5"),
            (#"{"item":"print","amountCents":100,"currency":"eur"}"#, #"data.currency: must be an ISO 4217 code of 3 uppercase letters, got "eur""#),
            (#"{"item":"print","amountCents":100,"currency":"XYZ"}"#, #"data.currency: unsupported currency "XYZ""#),
            (#"{"item":"","amountCents":100,"currency":"EUR"}"#, "data.item: must not be empty"),
        ])
    func money(data: String, issue: String) {
        #expect(decodeIssues(campaign(type: "CampaignCostRecorded", data: data)) == [issue])
    }

    @Test("Free text is bounded: names and items 200 characters, notes 2000, no control characters")
    func text() {
        let long = String(repeating: "a", count: 201)
        #expect(
            decodeIssues(campaign(type: "CampaignPlanned", data: #"{"name":"\#(long)","helplines":["1712"]}"#)) == [
                "data.name: must be at most 200 characters, got 201"
            ])
        #expect(
            decodeIssues(campaign(type: "CampaignNoteRecorded", data: #"{"kind":"evaluation","text":"\#(String(repeating: "é", count: 2001))"}"#))
                == ["data.text: must be at most 2000 characters, got 2001"])
        #expect(decodeIssues(campaign(type: "CampaignNoteRecorded", data: #"{"kind":"next_step","text":"line one\nline two"}"#)) == [])
        #expect(
            decodeIssues(campaign(type: "CampaignReachRecorded", data: #"{"metric":"views","value":10,"source":"bad\u0007"}"#)) == [
                "data.source: must not contain control characters"
            ])
        #expect(
            decodeIssues(campaign(type: "CampaignReachRecorded", data: #"{"metric":"views","value":-10,"source":"YouTube"}"#)) == [
                "data.value: must be a number >= 0, got -10.0"
            ])
    }

    @Test("plannedEnd must not be before plannedStart, and a plan names at least one helpline")
    func planOrder() {
        #expect(
            decodeIssues(
                campaign(type: "CampaignPlanned", data: #"{"name":"X","helplines":[],"plannedStart":"2023-05-01","plannedEnd":"2023-04-30"}"#))
                == [
                    "data.helplines: must name at least one helpline",
                    "data.plannedEnd: must not be before plannedStart (2023-05-01), got 2023-04-30",
                ])
        #expect(
            decodeIssues(campaign(type: "CampaignCorrected", data: #"{"plannedStart":"2023-05-01","plannedEnd":"2023-04-30"}"#)) == [
                "data.plannedEnd: must not be before plannedStart (2023-05-01), got 2023-04-30"
            ])
        #expect(
            decodeIssues(campaign(type: "CampaignPlanned", data: #"{"name":"X","helplines":["1712"],"plannedStart":"2023-02-30"}"#)) == [
                #"data.plannedStart: must be a valid date YYYY-MM-DD, got "2023-02-30""#
            ])
    }

    @Test("A correction must correct something")
    func emptyCorrection() {
        #expect(
            decodeIssues(campaign(type: "CampaignCorrected", data: "{}")) == [
                "data: must correct at least one of name, plannedStart, plannedEnd, startedAt, stoppedAt"
            ])
    }

    @Test("Wrong types, missing fields and wrong schema versions name the field")
    func types() {
        #expect(decodeIssues(contact(data: #"{"waitSeconds":"42"}"#)) == ["data.waitSeconds: expected an integer, got a string"])
        #expect(decodeIssues(contact(data: #"{}"#)) == ["data.waitSeconds: is required"])
        #expect(decodeIssues(contact(data: #"{"waitSeconds":null}"#)) == ["data.waitSeconds: must not be null"])
        #expect(decodeIssues(contact(data: "[]")) == ["data: expected an object, got an array"])
        #expect(
            decodeIssues(contact(type: "ContactReceived", data: #"{"channel":"phone","receivedAt":"2023-03-01T09:15:00Z","inOpeningHours":1}"#))
                == ["data.inOpeningHours: expected true or false, got a number"])
        #expect(
            decodeIssues(contact().replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":2"#)) == [
                "schemaVersion: unsupported schema version 2; this version reads 1"
            ])
        #expect(
            decodeIssues(contact().replacingOccurrences(of: "2ed6657d-e927-568b-b0bd-3b6d1a7f5a23", with: "not-a-uuid")) == [
                #"eventId: must be a UUID like 2ed6657d-e927-568b-b0bd-3b6d1a7f5a23, got "not-a-uuid""#
            ])
        #expect(decodeIssues("[1,2]") == ["expected an object, got an array"])
    }

    @Test("Several problems are all reported at once")
    func severalIssues() {
        let json = contact(type: "ContactAbandoned", data: #"{"waitSeconds":"x","stage":"lost","phone":"+32470000000"}"#)
        #expect(
            decodeIssues(json) == [
                "data.waitSeconds: expected an integer, got a string",
                #"data.stage: must be one of ivr, queue, ringing, rejected, unknown; got "lost""#,
                "data.phone: unknown field (not part of the schema; personal data must never be sent)",
            ])
    }

    @Test("Events built in code are validated with the same rules")
    func validateInCode() {
        let event = contactEvent(.answered(ContactAnswered(waitSeconds: -3)))
        #expect(throws: ValidationError(field: "data.waitSeconds", message: "must be >= 0 and < 86400, got -3")) {
            try event.validate(now: testNow)
        }
    }
}

@Suite("Unknown fields are rejected (no personal data can sneak in)")
struct UnknownFieldTests {
    @Test("An unknown field in the envelope is rejected")
    func envelope() {
        #expect(
            decodeIssues(contact(envelope: #","callerNumber":"+32470123456""#)) == [
                "callerNumber: unknown field (not part of the schema; personal data must never be sent)"
            ])
    }

    @Test("An unknown field inside data is rejected")
    func data() {
        #expect(
            decodeIssues(contact(data: #"{"waitSeconds":4,"ip":"10.0.0.1"}"#)) == [
                "data.ip: unknown field (not part of the schema; personal data must never be sent)"
            ])
    }

    @Test("A campaign field on a contact event is rejected")
    func wrongStreamField() {
        #expect(
            decodeIssues(contact(envelope: #","campaignId":"x""#)) == [
                "campaignId: unknown field (not part of the schema; personal data must never be sent)"
            ])
    }

    @Test("A field of another event type inside data is rejected")
    func otherTypesField() {
        #expect(
            decodeIssues(contact(data: #"{"waitSeconds":4,"durationSeconds":10}"#)) == [
                "data.durationSeconds: unknown field (not part of the schema; personal data must never be sent)"
            ])
    }
}
