import Testing

@testable import Disclosure

@Suite("Embargo: public figures end at the last month complete for N days")
struct EmbargoTests {
    @Test("with 7 days, November is public from 8 December; the current month never is")
    func sevenDays() {
        let embargo = Embargo(days: 7)
        #expect(embargo.lastPublishableMonth(today: (2026, 12, 4)) == "2026-10")
        #expect(embargo.lastPublishableMonth(today: (2026, 12, 7)) == "2026-10")
        #expect(embargo.lastPublishableMonth(today: (2026, 12, 8)) == "2026-11")
        #expect(embargo.lastPublishableMonth(today: (2026, 12, 31)) == "2026-11")
        #expect(embargo.lastPublishableMonth(today: (2027, 1, 8)) == "2026-12")
        #expect(embargo.lastPublishableMonth(today: (2027, 1, 7)) == "2026-11")
    }

    @Test("with no embargo the previous month is public on the 1st; leap years and year ends are handled")
    func edges() {
        #expect(Embargo(days: 0).lastPublishableMonth(today: (2024, 3, 1)) == "2024-02")
        #expect(Embargo(days: 0).lastPublishableMonth(today: (2024, 2, 29)) == "2024-01")
        #expect(Embargo(days: 1).lastPublishableMonth(today: (2024, 3, 1)) == "2024-01")
        #expect(Embargo(days: 1).lastPublishableMonth(today: (2024, 3, 2)) == "2024-02")
    }
}
