import Foundation
import Testing

@testable import Postgres

@Suite("UUID text without Foundation's formatter")
struct UUIDTextTests {
    @Test("lowercasedText equals uuidString lowercased, and parses back, for many random UUIDs")
    func roundTrip() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(text: id.lowercasedText) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
    }

    @Test(
        "anything but 8-4-4-4-12 hex is refused",
        arguments: [
            "", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c80", "6ba7b8109dad-11d1-80b4-00c04fd430c8-",
            "6ba7b810-9dad-11d1-80b4-00c04fd430cg", "6ba7b810 9dad 11d1 80b4 00c04fd430c8", "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
            "6ba7b810-9dad-11d1-80b4-00c04fd430c\u{E9}",
        ])
    func refused(text: String) {
        #expect(UUID(text: text) == nil)
    }
}
