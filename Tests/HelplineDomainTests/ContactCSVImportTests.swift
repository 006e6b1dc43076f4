import Foundation
import HelplineDomain
import Testing

private let header = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type,contactor_role,age_band,heard_via"

private func importAll(_ text: String, chunkSize: Int = 65_536) throws -> [Result<ImportedContact, ContactCSVRowError>] {
    var importer = try ContactCSVImporter(source: InMemoryChunkSource(text, chunkSize: chunkSize), now: testNow)
    var rows: [Result<ImportedContact, ContactCSVRowError>] = []
    while let row = try importer.next() { rows.append(row) }
    return rows
}

private func collectRowErrors(_ text: String) throws -> [String] {
    try importAll(text).compactMap {
        if case .failure(let e) = $0 { return e.description }
        return nil
    }
}

private func headerError(_ text: String) -> String? {
    do {
        _ = try ContactCSVImporter(source: InMemoryChunkSource(text), now: testNow)
        return nil
    } catch {
        return error.description
    }
}

@Suite("Contact CSV import")
struct ContactCSVImportTests {
    @Test("A full row becomes Received, Answered, Ended and Classified with derived times and deterministic ids")
    func fullRow() throws {
        let rows = try importAll(header + "\nc-1,1712,phone,2023-03-01T10:15:00+01:00,answered,30,600,counselling,bystander,13-15,bus_tram\n")
        let contact = try #require(try rows.first?.get())
        #expect(contact.streamId == "contact-1712-c-1")
        #expect(contact.events.map(\.eventType) == [.contactReceived, .contactAnswered, .contactEnded, .contactClassified])
        #expect(
            contact.events.map(\.occurredAt.description) == [
                "2023-03-01T09:15:00Z", "2023-03-01T09:15:30Z", "2023-03-01T09:25:30Z", "2023-03-01T09:25:30Z",
            ])
        #expect(contact.events.allSatisfy { $0.source == "csv-import" })
        #expect(contact.events[0].eventId == EventIDs.contactEvent(helpline: "1712", contactId: "c-1", type: .contactReceived))
        #expect(
            contact.events[3]
                == .contact(
                    eventId: EventIDs.contactEvent(helpline: "1712", contactId: "c-1", type: .contactClassified),
                    occurredAt: ts("2023-03-01T09:25:30Z"), source: "csv-import", helpline: "1712", contactId: "c-1",
                    .classified(
                        ContactClassified(
                            ContactClassification(contactType: .counselling, contactorRole: .bystander, ageBand: .age13to15, heardVia: .busTram)))))
        for event in contact.events { try event.validate(now: testNow) }
        let storage = contact.storageRows
        #expect(storage.map(\.streamPosition) == [1, 2, 3, 4])
        #expect(storage[1].record.data == #"{"waitSeconds":30}"#)
        #expect(storage[0].record.data == #"{"channel":"phone","receivedAt":"2023-03-01T09:15:00Z"}"#)
    }

    @Test("Abandoned and rejected rows become ContactAbandoned; only the required columns give just ContactReceived")
    func outcomes() throws {
        let rows = try importAll(
            header + "\nc-2,1712,phone,2023-03-01T10:15:00Z,abandoned,95,,,,,\nc-3,1712,phone,2023-03-01T10:15:00Z,rejected,,,,,,\n"
                + "c-4,1712,chat,2023-03-01T10:15:00Z,,,,,,,\n")
        let events = try rows.map { try $0.get().events.map(\.body) }
        #expect(events[0].count == 2)
        #expect(events[0][1] == .contact(helpline: "1712", contactId: "c-2", .abandoned(ContactAbandoned(waitSeconds: 95, stage: .unknown))))
        #expect(events[1][1] == .contact(helpline: "1712", contactId: "c-3", .abandoned(ContactAbandoned(waitSeconds: 0, stage: .rejected))))
        #expect(events[2].count == 1)
    }

    @Test("Re-importing the same file yields identical events")
    func deterministic() throws {
        let text = header + "\nc-1,1712,phone,2023-03-01T10:15:00+01:00,answered,30,600,counselling,,,\n"
        #expect(try importAll(text).map { try $0.get() } == importAll(text, chunkSize: 7).map { try $0.get() })
    }

    @Test("Columns may come in any order and optional ones may be left out")
    func columnOrder() throws {
        let rows = try importAll("received_at,channel,helpline,contact_id\r\n2023-03-01T09:00:00Z,sms,1712,x1\r\n")
        #expect(try rows[0].get().events.count == 1)
    }

    @Test("A header with a missing, unknown or duplicate column refuses the file")
    func headerProblems() {
        #expect(headerError("contact_id,helpline,channel\n") == "line 1: missing required column received_at")
        #expect(
            headerError("contact_id,helpline,channel,received_at,phone_number\n")
                == #"line 1: unknown column "phone_number" (known columns: contact_id, helpline, channel, received_at, outcome, wait_seconds, duration_seconds, contact_type, contactor_role, age_band, heard_via)"#
        )
        #expect(headerError("contact_id,helpline,channel,received_at,helpline\n") == "line 1: duplicate column helpline")
        #expect(headerError("") == "line 1: the file is empty; a header row is required")
    }

    @Test(
        "Each invalid row is reported with its line, column and reason",
        arguments: [
            (
                "c-1,1712,phone,2023-02-30T10:00:00+01:00,,,,,,,",
                #"line 2, column received_at: 2023-02-30 is not a valid date, got "2023-02-30T10:00:00+01:00""#
            ),
            (
                "c-1,1712,phone,2023-02-03T10:00:00,,,,,,,",
                #"line 2, column received_at: missing the UTC offset (e.g. +01:00 or Z), got "2023-02-03T10:00:00""#
            ),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,answered,-3,,,,,", "line 2, column wait_seconds: must be >= 0 and < 86400, got -3"),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,answered,3.5,,,,,", #"line 2, column wait_seconds: must be a whole number of seconds, got "3.5""#),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,answered,,,,,,", "line 2, column wait_seconds: is required when outcome is answered"),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,,5,,,,,", "line 2, column wait_seconds: is given but outcome is empty"),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,abandoned,5,60,,,,", "line 2, column duration_seconds: is only allowed when outcome is answered"),
            ("c-1,1712,fax,2023-02-03T10:00:00Z,,,,,,,", #"line 2, column channel: must be one of phone, chat, email, sms, other; got "fax""#),
            ("c 1,1712,phone,2023-02-03T10:00:00Z,,,,,,,", #"line 2, column contact_id: must contain only [A-Za-z0-9._:-], got "c 1""#),
            (",1712,phone,2023-02-03T10:00:00Z,,,,,,,", "line 2, column contact_id: is required"),
            (
                "c-1,1712,phone,2023-02-03T10:00:00Z,,,,,child_self,,",
                "line 2, column contact_type: is required when contactor_role, age_band or heard_via is given"
            ),
            ("c-1,1712,phone,2023-02-03T10:00:00Z,,,,,,,,", "line 2, expected 11 fields as in the header, got 12"),
            (
                "c-1,1712,phone,2030-02-03T10:00:00Z,,,,,,,",
                "line 2, column received_at: must be between 1990-01-01T00:00:00Z and one day after now (2024-06-02T12:00:00Z), got 2030-02-03T10:00:00Z"
            ),
            ("c-1,1712,\"ph\"one,2023-02-03T10:00:00Z,,,,,,,", "line 2, column channel: characters after the closing quote of a quoted field"),
        ])
    func rowErrors(row: String, message: String) throws {
        #expect(try collectRowErrors(header + "\n" + row + "\n") == [message])
    }

    @Test("Invalid UTF-8 in a row is reported with its column")
    func invalidUTF8() throws {
        var data = Array((header + "\nc-1,1712,phone,2023-02-03T10:00:00Z,,,,,,,").utf8)
        data += [0xC3, 0x28, 0x0A]
        var importer = try ContactCSVImporter(source: InMemoryChunkSource(data), now: testNow)
        let row = try #require(try importer.next())
        guard case .failure(let error) = row else {
            Issue.record("accepted invalid UTF-8")
            return
        }
        #expect(error.description == "line 2, column heard_via: invalid UTF-8")
    }

    @Test("Line numbers stay physical after a quoted newline, a BOM and CRLF; bad rows do not stop the import")
    func lineNumbers() throws {
        let text =
            "\u{FEFF}contact_id,helpline,channel,received_at,contact_type\r\nc-1,1712,phone,2023-03-01T09:00:00Z,\"counselling\"\r\n"
            + "\"c-2\",1712,phone,\"2023-03-01\n09:00:00Z\",silent\r\nc-3,1712,phone,2023-03-01T09:00:00Z,prank\r\n\r\nc-4,1712,phone,bad,silent\r\n"
        let rows = try importAll(text)
        #expect(rows.count == 4)
        #expect(try rows[0].get().line == 2)
        #expect(rows[1].failureLine == 3)
        #expect(try rows[2].get().line == 5)
        #expect(rows[3].failureLine == 7)
    }

    @Test("The example file imports without errors")
    func exampleFile() throws {
        let handle = try FileHandle(forReadingFrom: repositoryRoot.appendingPathComponent("Examples/contacts.csv"))
        var importer = try ContactCSVImporter(source: FileHandleChunkSource(handle: handle), now: testNow)
        var count = 0
        while let row = try importer.next() {
            _ = try row.get()
            count += 1
        }
        #expect(count >= 12)
    }

    @Test("Importing 20,000 rows gives four events per full row")
    func throughput() throws {
        var text = header + "\n"
        for i in 0..<20_000 {
            text += "c-\(i),1712,phone,2023-03-01T10:15:00+01:00,answered,\(i % 300),\(i % 1800),counselling,child_self,13-15,school\n"
        }
        let clock = ContinuousClock()
        var events = 0
        let elapsed = try clock.measure {
            var importer = try ContactCSVImporter(source: InMemoryChunkSource(text), now: testNow)
            while let row = try importer.next() {
                for (_, record) in try row.get().storageRows { events += record.data.utf8.count > 0 ? 1 : 0 }
            }
        }
        #expect(events == 80_000)
        print("contact CSV import: 20000 rows, 80000 events in \(elapsed)")
    }
}

extension Result where Failure == ContactCSVRowError {
    var failureLine: Int? {
        if case .failure(let e) = self { return e.line }
        return nil
    }
}
