import Foundation
import HelplineDomain
import Testing

@Suite("Timestamps and dates")
struct TimestampTests {
    @Test("An RFC 3339 time with an offset is converted to the same UTC instant")
    func offsets() {
        #expect(ts("2023-03-01T10:15:00+01:00") == ts("2023-03-01T09:15:00Z"))
        #expect(ts("2023-03-01T04:15:00-05:00") == ts("2023-03-01T09:15:00z"))
        #expect(ts("2023-03-01 09:15:00Z") == ts("2023-03-01t09:15:00Z"))
        #expect(ts("2023-03-01T09:15:00Z").microsecondsSinceEpoch == 1_677_662_100_000_000)
    }

    @Test("Canonical text is UTC with fractional seconds only when non-zero")
    func canonicalText() {
        #expect(ts("2023-03-01T10:15:00+01:00").description == "2023-03-01T09:15:00Z")
        #expect(ts("2023-03-01T09:15:00.5Z").description == "2023-03-01T09:15:00.500Z")
        #expect(ts("2023-03-01T09:15:00.000001Z").description == "2023-03-01T09:15:00.000001Z")
        #expect(ts("1969-12-31T23:59:59.5Z").description == "1969-12-31T23:59:59.500Z")
    }

    @Test(
        "Canonical text parses back to the same instant", arguments: ["2023-03-01T09:15:00Z", "2024-02-29T23:59:59.123456Z", "1990-01-01T00:00:00Z"])
    func roundTrip(text: String) {
        #expect(ts(text).description == text)
        #expect(Timestamp(ts(text).date) == ts(text))
    }

    @Test(
        "Malformed timestamps are refused with a reason",
        arguments: [
            ("2023-02-30T10:00:00Z", "2023-02-30 is not a valid date"),
            ("2023-02-29T10:00:00Z", "2023-02-29 is not a valid date"),
            ("2023-03-01T10:00:00", "missing the UTC offset (e.g. +01:00 or Z)"),
            ("2023-03-01", "missing the time and UTC offset; must be an RFC 3339 timestamp with an offset, e.g. 2023-03-01T09:15:00+01:00"),
            ("2023-03-01T24:00:00Z", "24:00:00 is not a valid time of day"),
            ("2023-03-01T10:00:00.1234567Z", "fractional seconds beyond microseconds are not accepted"),
            ("2023-03-01T10:00:00+0100", "invalid UTC offset; expected Z or ±hh:mm"),
            ("2023-03-01T10:00:00Zjunk", "unexpected characters after the UTC offset"),
            ("01/03/2023 10:00", "must be an RFC 3339 timestamp with an offset, e.g. 2023-03-01T09:15:00+01:00"),
        ])
    func malformed(text: String, reason: String) {
        guard case .failure(let failure) = RFC3339.parseTimestamp(text) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(failure.message == reason)
    }

    @Test("Calendar dates exist or are refused")
    func calendarDates() {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2023-3-1") == nil)
        #expect(day("2023-05-31").startOfDayUTC == ts("2023-05-31T00:00:00Z"))
        #expect(day("2023-03-01") < day("2023-05-31"))
    }
}
