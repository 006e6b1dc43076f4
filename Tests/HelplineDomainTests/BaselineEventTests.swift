import Foundation
import HelplineDomain
import Testing

@Suite("Baseline events: wire format, validation, ids, campaign file")
struct BaselineEventTests {
    static func envelope(_ data: String, type: String = "BaselineEventRecorded", extra: String = "") -> String {
        """
        {"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"\(type)","schemaVersion":1,"occurredAt":"2023-03-01T09:15:00Z",\
        "source":"cli","baselineEventId":"covid-19"\(extra),"data":\(data)}
        """
    }

    @Test("the documented example decodes into stream baseline-covid-19 and its metadata names the id")
    func documentedExample() throws {
        let event = try HelplineEvent.decode(
            json: bytes(
                Self.envelope(#"{"kind":"level_shift","start":"2020-03-16","end":"2021-06-30","helplines":["1712"],"label":"COVID-19 measures"}"#)),
            now: testNow)
        #expect(event.streamId == "baseline-covid-19")
        #expect(event.baselineEventId == "covid-19" && event.campaignId == nil && event.helpline == nil)
        guard case .baseline(_, .recorded(let data)) = event.body else {
            Issue.record("not a recording")
            return
        }
        #expect(data.kind == .levelShift && data.end == day("2021-06-30") && data.channels.isEmpty)
        #expect(event.storageRecord.metadata == #"{"baselineEventId":"covid-19","source":"cli"}"#)
    }

    @Test(
        "bad recordings are refused naming the field",
        arguments: [
            (#"{"kind":"lockdown","start":"2020-03-16","helplines":["1712"],"label":"x"}"#, "data.kind"),
            (#"{"kind":"pulse","start":"2020-03-16","end":"2020-03-01","helplines":["1712"],"label":"x"}"#, "data.end"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":[],"label":"x"}"#, "data.helplines"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"x","note":"y"}"#, "data.note"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"channels":["fax"],"label":"x"}"#, "data.channels[0]"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"Call from 0470 12 34 56"}"#, "data.label"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"mail jan@example.be"}"#, "data.label"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"(0470) 12.34.56"}"#, "data.label"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"\#(String(repeating: "a", count: 101))"}"#, "data.label"),
            (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"]}"#, "data.label"),
        ])
    func refused(data: String, field: String) {
        do {
            _ = try HelplineEvent.decode(json: bytes(Self.envelope(data)), now: testNow)
            Issue.record("accepted \(data)")
        } catch {
            #expect(error.issues.contains { $0.field == field }, "\(error.issues)")
        }
    }

    @Test("a label with a year range or a date is not mistaken for a phone number")
    func labelsWithNumbers() throws {
        for label in ["COVID-19 measures 2020-2021", "Strike 06/02/2024", "Calls to 1712 and 102", "Outage 2024-02-06 08:00-12:00"] {
            let data = #"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"\#(label)"}"#
            #expect(throws: Never.self, "\(label)") { try HelplineEvent.decode(json: bytes(Self.envelope(data)), now: testNow) }
        }
    }

    @Test("a baseline event type with a campaignId instead of a baselineEventId is refused")
    func wrongEnvelope() {
        let data = #"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"x"}"#
        let json = Self.envelope(data).replacingOccurrences(of: #""baselineEventId":"covid-19""#, with: #""campaignId":"covid-19""#)
        #expect(throws: ValidationError.self) { try HelplineEvent.decode(json: bytes(json), now: testNow) }
    }

    @Test("ids: the same recording is the same id, other content another; withdrawal has its own")
    func ids() {
        let a = BaselineEventRecorded(kind: .pulse, start: day("2023-05-02"), helplines: ["1712"], label: "TV documentary")
        var b = a
        b.end = day("2023-05-04")
        let ida = BaselineEventData.recorded(a).eventID(baselineEventId: "tv")
        #expect(ida == BaselineEventData.recorded(a).eventID(baselineEventId: "tv"))
        #expect(ida != BaselineEventData.recorded(b).eventID(baselineEventId: "tv"))
        #expect(ida != BaselineEventData.recorded(a).eventID(baselineEventId: "tv2"))
        #expect(BaselineEventData.withdrawn(.init()).eventID(baselineEventId: "tv") != ida)
    }

    @Test("the campaign file takes baselineEvents, alone or beside campaigns, and refuses duplicates and unknown fields")
    func campaignFile() throws {
        let only = try CampaignFile.parse(
            json: bytes(
                #"{"baselineEvents":[{"id":"covid-19","kind":"level_shift","start":"2020-03-16","end":"2021-06-30","helplines":["1712"],"label":"COVID-19 measures"}]}"#
            ), now: testNow)
        #expect(only.campaigns.isEmpty && only.baselineEvents.count == 1)
        let events = only.events(now: testNow)
        #expect(events.count == 1 && events[0].streamId == "baseline-covid-19" && events[0].source == "campaign-import")
        #expect(events[0].eventId == BaselineEventData.recorded(only.baselineEvents[0].event).eventID(baselineEventId: "covid-19"))
        let entry = #"{"id":"x","kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"x"}"#
        do {
            _ = try CampaignFile.parse(json: bytes(#"{"baselineEvents":[\#(entry),\#(entry)]}"#), now: testNow)
            Issue.record("a duplicate id was accepted")
        } catch {
            #expect(error.issues.contains { $0.field == "baselineEvents[1].id" }, "\(error.issues)")
        }
        do {
            _ = try CampaignFile.parse(
                json: bytes(#"{"baselineEvents":[{"id":"x","kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"x","who":"y"}]}"#),
                now: testNow)
            Issue.record("an unknown field was accepted")
        } catch {
            #expect(error.issues.contains { $0.field == "baselineEvents[0].who" }, "\(error.issues)")
        }
        #expect(throws: ValidationError.self) { try CampaignFile.parse(json: bytes("{}"), now: testNow) }
    }
}
