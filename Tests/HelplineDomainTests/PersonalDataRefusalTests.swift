import Foundation
import Testing

@testable import HelplineDomain

/// Personal data is refused at the door (issue 14): identifiers that look like phone or national register numbers,
/// e-mail addresses or IBANs, in the API's JSON and the CSV import alike, with an error that does not repeat the value;
/// names and notes are scanned the same way.
@Suite("Personal data refused in identifiers and text")
struct PersonalDataRefusalTests {
    static let refusedIDs = [
        "0470123456", "+32470123456", "0032-470-12-34-56", "0470.12.34.56", "0470_12_34_56", "tel:0470123456", "(02)1234567",
        "85.07.30-033.28", "BE68539007547034", "be68-5390-0754-7034",
    ]
    static let acceptedIDs = ["call-0001", "gen-1712-2023-03-phone-12", "6f1c7c0e-2b1a-4d7e-9a3e-0c2a9b1d0001", "123456", "c-42", "2023-03-01"]

    @Test("identifiers that look like a phone number, a national register number or an IBAN are refused; opaque ids pass")
    func identifiers() {
        for id in Self.refusedIDs {
            let problem = ValidationRules.identifierProblem(id)
            #expect(problem?.contains("value not shown") == true, "\(id): \(problem ?? "accepted")")
        }
        for id in Self.acceptedIDs { #expect(ValidationRules.identifierProblem(id) == nil, "\(id)") }
        #expect(ValidationRules.isIBAN("BE68539007547034") && !ValidationRules.isIBAN("BE68539007547035"), "the check digits count")
    }

    @Test("a contact event with a phone number as contact id is refused, and the error does not contain the number")
    func eventJSON() {
        let json =
            #"{"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"ContactReceived","schemaVersion":1,"occurredAt":"2023-03-01T09:15:00Z","#
            + #""source":"telephony","helpline":"1712","contactId":"0470 12 34 56","data":{"channel":"phone","receivedAt":"2023-03-01T09:15:00Z"}}"#
        let issues = decodeIssues(json)
        #expect(issues.count == 1 && issues[0].hasPrefix("contactId: looks like a phone number"), "\(issues)")
        #expect(!issues.joined().contains("0470") && !issues.joined().contains("34 56"))
        // The same number in another field's error message is not repeated either.
        let channel = json.replacingOccurrences(of: #""channel":"phone""#, with: #""channel":"0470123456""#)
            .replacingOccurrences(of: "0470 12 34 56", with: "c-1")
        #expect(!decodeIssues(channel).joined().contains("0470123456"), "\(decodeIssues(channel))")
    }

    @Test("a CSV row with an e-mail address or a phone number as contact id is refused without repeating it")
    func csvRows() throws {
        let header = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type"
        for id in ["0470123456", "jan.peeters@example.be"] {
            var importer = try ContactCSVImporter(
                source: InMemoryChunkSource(header + "\n\(id),1712,phone,2023-03-01T10:15:00+01:00,answered,30,600,counselling\n"), now: testNow)
            guard case .failure(let error)? = try importer.next() else {
                Issue.record("\(id) was accepted")
                continue
            }
            #expect(error.description.contains("contact_id") && !error.description.contains(id), "\(error)")
        }
    }

    @Test("campaign names, notes and labels with a phone number, an e-mail address or an IBAN are refused; amounts and dates pass")
    func text() {
        func note(_ text: String) -> [String] {
            decodeIssues(
                #"{"eventId":"2ed6657d-e927-568b-b0bd-3b6d1a7f5a23","type":"CampaignNoteRecorded","schemaVersion":1,"occurredAt":"2023-03-01T09:15:00Z","#
                    + #""source":"cli","campaignId":"lijn-1712","data":{"kind":"evaluation","text":"\#(text)"}}"#)
        }
        for refused in ["bel mama op 0470 12 34 56", "mail jan@example.be", "betaald van BE68 5390 0754 7034", "rek. BE68539007547034"] {
            #expect(note(refused).count == 1, "\(refused): \(note(refused))")
            #expect(!note(refused).joined().contains("0470") && !note(refused).joined().contains("5390"))
        }
        for accepted in ["budget 12.000 euro, 58.000 bereikt", "van 2023-03-01 tot 2023-05-31", "1.200.000 views"] {
            #expect(note(accepted).isEmpty, "\(accepted): \(note(accepted))")
        }
    }
}
