import Foundation
import HelplineDomain

/// A fixed "now" for tests: 2024-06-01T12:00:00Z.
let testNow = Date(timeIntervalSince1970: 1_717_243_200)

func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The issues of decoding `json` as one event, or [] if it decodes.
func decodeIssues(_ json: String) -> [String] {
    do {
        _ = try HelplineEvent.decode(json: bytes(json), now: testNow)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

let sampleId = UUID(uuidString: "2ed6657d-e927-568b-b0bd-3b6d1a7f5a23")!

func contactEvent(_ data: ContactEventData) -> HelplineEvent {
    .contact(eventId: sampleId, occurredAt: ts("2023-03-01T09:15:00Z"), source: "telephony", helpline: "1712", contactId: "c-42", data)
}

func campaignEvent(_ data: CampaignEventData) -> HelplineEvent {
    .campaign(eventId: sampleId, occurredAt: ts("2023-03-01T09:15:00Z"), source: "cli", campaignId: "lijn-1712", data)
}

func baselineEvent(_ data: BaselineEventData) -> HelplineEvent {
    .baseline(eventId: sampleId, occurredAt: ts("2023-03-01T09:15:00Z"), source: "cli", baselineEventId: "covid-19", data)
}

/// One event of every type, with every optional field set, plus variants with them unset.
let everyEventType: [HelplineEvent] = [
    contactEvent(.received(ContactReceived(channel: .phone, receivedAt: ts("2023-03-01T09:15:00Z"), inOpeningHours: true))),
    contactEvent(.received(ContactReceived(channel: .chat, receivedAt: ts("2023-03-01T09:15:00.25Z")))),
    contactEvent(.answered(ContactAnswered(waitSeconds: 42))),
    contactEvent(.abandoned(ContactAbandoned(waitSeconds: 95, stage: .queue))),
    contactEvent(.ended(ContactEnded(durationSeconds: 1_260))),
    contactEvent(
        .classified(
            ContactClassified(
                ContactClassification(
                    contactType: .counselling, contactorRole: .bystander, ageBand: .age13to15,
                    reasonCategories: [.violence, .familyRelationships], heardVia: .busTram)))),
    contactEvent(.classified(ContactClassified(ContactClassification(contactType: .silent)))),
    contactEvent(.reclassified(ContactReclassified(ContactClassification(contactType: .prank, ageBand: .unknown)))),
    contactEvent(.voided(ContactVoided(reason: .test))),
    campaignEvent(
        .planned(
            CampaignPlanned(
                name: "Lijn 1712, bestemming \"Veilige thuis\"", owner: "1712", helplines: ["1712"], targetGroups: [.generalPublic, .bystanders],
                plannedStart: day("2023-03-01"), plannedEnd: day("2023-05-31")))),
    campaignEvent(.planned(CampaignPlanned(name: "Minimal", helplines: ["1712", "nupraatikerover"]))),
    campaignEvent(.channelAdded(CampaignChannelAdded(channel: .busTram, region: "Vlaanderen"))),
    campaignEvent(.channelAdded(CampaignChannelAdded(channel: .influencer))),
    campaignEvent(.started(CampaignStarted(startedAt: ts("2023-03-01T00:00:00+01:00")))),
    campaignEvent(.stopped(CampaignStopped(stoppedAt: ts("2023-05-31T23:59:59.000001+02:00")))),
    campaignEvent(.costRecorded(CampaignCostRecorded(item: "media buying", amountCents: 2_500_000, currency: .eur))),
    campaignEvent(.reachRecorded(CampaignReachRecorded(metric: .reach, value: 58_000, source: "Instagram"))),
    campaignEvent(.reachRecorded(CampaignReachRecorded(metric: .grp, value: 120.5, source: "CIM"))),
    campaignEvent(.noteRecorded(CampaignNoteRecorded(kind: .evaluation, text: "903 calls in March 2023.\nUp 31% on February."))),
    campaignEvent(.corrected(CampaignCorrected(name: "Renamed", plannedEnd: day("2023-06-15")))),
    campaignEvent(.corrected(CampaignCorrected(startedAt: ts("2023-03-02T08:00:00Z"), stoppedAt: ts("2023-06-01T00:00:00Z")))),
    campaignEvent(.cancelled(CampaignCancelled(reason: .budget))),
    campaignEvent(.cancelled(CampaignCancelled())),
    baselineEvent(
        .recorded(
            BaselineEventRecorded(
                kind: .levelShift, start: day("2020-03-16"), end: day("2021-06-30"), helplines: ["1712", "nupraatikerover"],
                channels: [.phone, .chat], label: "COVID-19 measures"))),
    baselineEvent(.recorded(BaselineEventRecorded(kind: .pulse, start: day("2023-05-02"), helplines: ["1712"], label: "TV documentary"))),
    baselineEvent(.withdrawn(BaselineEventWithdrawn())),
]

/// The repository root (for Examples/).
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
