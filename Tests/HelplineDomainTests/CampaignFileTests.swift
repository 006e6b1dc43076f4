import Foundation
import HelplineDomain
import Testing

/// The contract example of issue 3, verbatim.
private let contractExample = """
    {"campaigns":[{"id":"lijn-1712-veilige-thuis","name":"Lijn 1712, bestemming Veilige thuis",
      "owner":"1712","helplines":["1712"],"targetGroups":["general_public"],
      "channels":[{"channel":"bus_tram","region":"Vlaanderen"}],
      "plannedStart":"2023-03-01","plannedEnd":"2023-05-31",
      "startedAt":"2023-03-01T00:00:00+01:00","stoppedAt":"2023-05-31T23:59:59+02:00",
      "costs":[{"item":"media buying","amountCents":2500000,"currency":"EUR"}],
      "reach":[{"metric":"reach","value":58000,"source":"Instagram"}],
      "notes":[{"kind":"evaluation","text":"903 calls in March 2023"}]}]}
    """

private func fileIssues(_ json: String) -> [String] {
    do {
        _ = try CampaignFile.parse(json: bytes(json), now: testNow)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

@Suite("Campaign import file")
struct CampaignFileTests {
    @Test("The contract example parses into the expected events")
    func contractExample() throws {
        let file = try CampaignFile.parse(json: bytes(HelplineDomainTests.contractExample), now: testNow)
        let events = file.events(now: testNow)
        let id = "lijn-1712-veilige-thuis"
        func expected(_ data: CampaignEventData, _ at: String, _ key: [String] = []) -> HelplineEvent {
            .campaign(
                eventId: EventIDs.campaignEvent(campaignId: id, type: data.eventType, content: key), occurredAt: ts(at), source: "campaign-import",
                campaignId: id, data)
        }
        let anchor = "2023-02-28T23:00:00Z"  // startedAt, earlier than plannedStart at midnight UTC
        #expect(
            events == [
                expected(
                    .planned(
                        CampaignPlanned(
                            name: "Lijn 1712, bestemming Veilige thuis", owner: "1712", helplines: ["1712"], targetGroups: [.generalPublic],
                            plannedStart: day("2023-03-01"), plannedEnd: day("2023-05-31"))), anchor),
                expected(.channelAdded(CampaignChannelAdded(channel: .busTram, region: "Vlaanderen")), anchor, ["bus_tram", "Vlaanderen"]),
                expected(.started(CampaignStarted(startedAt: ts("2023-02-28T23:00:00Z"))), "2023-02-28T23:00:00Z"),
                expected(.stopped(CampaignStopped(stoppedAt: ts("2023-05-31T21:59:59Z"))), "2023-05-31T21:59:59Z"),
                expected(
                    .costRecorded(CampaignCostRecorded(item: "media buying", amountCents: 2_500_000, currency: .eur)), anchor,
                    ["media buying", "2500000", "EUR"]),
                expected(
                    .reachRecorded(CampaignReachRecorded(metric: .reach, value: 58_000, source: "Instagram")), anchor,
                    ["reach", "58000", "Instagram"]),
                expected(
                    .noteRecorded(CampaignNoteRecorded(kind: .evaluation, text: "903 calls in March 2023")), anchor,
                    ["evaluation", "903 calls in March 2023"]),
            ])
        #expect(Set(events.map(\.streamId)) == ["campaign-lijn-1712-veilige-thuis"])
        for event in events { try event.validate(now: testNow) }
    }

    @Test("Importing the same file again yields identical events, also on another day")
    func idempotent() throws {
        let file = try CampaignFile.parse(json: bytes(HelplineDomainTests.contractExample), now: testNow)
        #expect(file.events(now: testNow) == file.events(now: testNow.addingTimeInterval(86_400 * 30)))
    }

    @Test("Adding a cost item to the file adds exactly one new event; stopping a running campaign adds one")
    func addOne() throws {
        let before = try CampaignFile.parse(json: bytes(HelplineDomainTests.contractExample), now: testNow).events(now: testNow)
        let withCost = HelplineDomainTests.contractExample.replacingOccurrences(
            of: #""currency":"EUR"}]"#, with: #""currency":"EUR"},{"item":"design","amountCents":120000,"currency":"EUR"}]"#)
        let after = try CampaignFile.parse(json: bytes(withCost), now: testNow).events(now: testNow)
        #expect(Set(after).subtracting(before).map(\.eventType) == [.campaignCostRecorded])
        #expect(Set(before).isSubset(of: Set(after)))

        let running = HelplineDomainTests.contractExample.replacingOccurrences(of: #","stoppedAt":"2023-05-31T23:59:59+02:00""#, with: "")
        let runningEvents = try CampaignFile.parse(json: bytes(running), now: testNow).events(now: testNow)
        #expect(Set(before).subtracting(runningEvents).map(\.eventType) == [.campaignStopped])
    }

    @Test("Only id, name and helplines are required")
    func minimal() throws {
        let file = try CampaignFile.parse(json: bytes(#"{"campaigns":[{"id":"c1","name":"Radio spots","helplines":["1712"]}]}"#), now: testNow)
        let events = file.events(now: testNow)
        #expect(events.map(\.eventType) == [.campaignPlanned])
        #expect(events[0].occurredAt == ts("2024-06-01T00:00:00Z"))
        #expect(
            fileIssues(#"{"campaigns":[{"owner":"1712"}]}"#) == [
                "campaigns[0].id: is required", "campaigns[0].name: is required", "campaigns[0].helplines: is required",
            ])
    }

    @Test("Unknown fields are rejected at every level of the file")
    func unknownFields() {
        let unknown = "unknown field (not part of the schema; personal data must never be sent)"
        #expect(fileIssues(#"{"campaigns":[],"version":2}"#) == ["version: \(unknown)"])
        #expect(fileIssues(#"{"campaigns":[{"id":"c1","name":"X","helplines":["1712"],"budget":5}]}"#) == ["campaigns[0].budget: \(unknown)"])
        #expect(
            fileIssues(
                #"{"campaigns":[{"id":"c1","name":"X","helplines":["1712"],"costs":[{"item":"a","amountCents":1,"currency":"EUR","vat":0}]}]}"#)
                == ["campaigns[0].costs[0].vat: \(unknown)"])
    }

    @Test("Values are validated with paths into the file")
    func validation() {
        #expect(
            fileIssues(
                #"{"campaigns":[{"id":"c 1","name":"X","helplines":["1712"],"startedAt":"2023-03-02T00:00:00Z","stoppedAt":"2023-03-01T00:00:00Z","costs":[{"item":"a","amountCents":-5,"currency":"EUR"}],"reach":[{"metric":"reach","value":1,"source":"x"},{"metric":"reach","value":1,"source":"x"}]}]}"#
            ) == [
                #"campaigns[0].id: must contain only [A-Za-z0-9._:-], got "c 1""#,
                "campaigns[0].stoppedAt: must not be before startedAt (2023-03-02T00:00:00Z), got 2023-03-01T00:00:00Z",
                "campaigns[0].costs[0].amountCents: must be an integer number of cents >= 0 and <= 1000000000000, got -5",
                "campaigns[0].reach[1]: duplicate of reach[0] (the same entry would be recorded once)",
            ])
        #expect(
            fileIssues(#"{"campaigns":[{"id":"c1","name":"X","helplines":["1712"]},{"id":"c1","name":"Y","helplines":["1712"]}]}"#) == [
                #"campaigns[1].id: duplicate campaign id "c1", also used by campaigns[0]"#
            ])
        #expect(
            fileIssues(#"{"campaigns":[{"id":"c1","name":"X","helplines":["1712"],"stoppedAt":"2023-03-01T00:00:00Z"}]}"#) == [
                "campaigns[0].stoppedAt: is given without startedAt"
            ])
        #expect(fileIssues("{\"campaigns\":") == ["malformed JSON at line 1, column 14: unexpected end of input, expected a value"])
    }

    @Test("The example file parses, including the Nupraatikerover influencer campaign of December 2022")
    func exampleFile() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Examples/campaigns.json"))
        let file = try CampaignFile.parse(json: data, now: testNow)
        #expect(file.campaigns.map(\.id) == ["lijn-1712-veilige-thuis", "nupraatikerover-wat-draag-jij-mee"])
        let nupraat = file.campaigns[1]
        #expect(nupraat.costs.reduce(0) { $0 + $1.amountCents } == 998_200)
        #expect(nupraat.reach.map(\.value) == [300_000, 106_000])
        #expect(file.events(now: testNow).count == 16)
    }
}
