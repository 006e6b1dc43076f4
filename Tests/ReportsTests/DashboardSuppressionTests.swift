import Disclosure
import Testing

@testable import Reports

/// The rule as the dashboard shows it: each month of `counts` released by the engine (`MonthlyRelease.decide`).
struct ReleasedGrid {
    let enabled: Bool
    func grid(_ counts: [String: [String: Int]]) -> SuppressionGrid {
        var grid = SuppressionGrid()
        guard enabled else { return grid }
        for (month, parts) in counts {
            let release = MonthlyRelease.decide(helpline: "h", month: month, counts: parts, threshold: 10)
            for (channel, cell) in release.channels { if let r = cell.reason { grid.hidden[.init(row: month, column: channel)] = .init(r) } }
            if let r = release.total.reason { grid.hidden[.init(row: month, column: Suppression.totalColumn)] = .init(r) }
        }
        return grid
    }
}

@Suite("Suppression")
struct DashboardSuppressionTests {
    let rules = Suppression.publicOutput
    let released = ReleasedGrid(enabled: true)

    @Test("hides counts below 10, zero included, and shows them as <10")
    func primary() {
        #expect(rules.isSmall(0) && rules.isSmall(9))
        #expect(!rules.isSmall(10))
        #expect(rules.display(9, reason: .primary) == "<10")
        #expect(rules.display(9, reason: nil) == "9", "what is withheld comes from the release, not from the value")
        #expect(rules.display(1_234, reason: nil) == "1,234")
        #expect(rules.display(nil, reason: nil) == "–")
        let grid = released.grid(["2023-01": ["phone": 100, "chat": 4, "email": 3]])
        #expect(grid.hidden[.init(row: "2023-01", column: "chat")] == .primary)
        #expect(grid.hidden[.init(row: "2023-01", column: "email")] == .primary)
        // The total is withheld instead: total − phone would give chat + email = 7.
        #expect(!grid.isHidden(row: "2023-01", column: "phone"))
        #expect(grid.hidden[.init(row: "2023-01", column: "all")] == .secondary)
    }

    @Test("internal output hides nothing")
    func internalShowsEverything() {
        let grid = ReleasedGrid(enabled: false).grid(["2023-01": ["phone": 1, "chat": 0]])
        #expect(grid.hidden.isEmpty)
        #expect(Suppression.off.display(3, reason: nil) == "3")
        #expect(Suppression.off.percent(12.5, valueHidden: false, baseHidden: false) == 12.5)
    }

    @Test("each month is decided on its own counts: the same month is withheld the same way whatever range is asked for")
    func decidedPerMonth() {
        // The example: with the pattern ranked on the requested months, 2023-03 alone withheld email instead of
        // phone, and the two pages together gave chat = 184 − 60 − 120 = 4.
        let counts: [String: [String: Int]] = [
            "2023-01": ["phone": 5, "chat": 40, "email": 20],
            "2023-02": ["phone": 200, "chat": 7, "email": 15],
            "2023-03": ["phone": 120, "chat": 4, "email": 60],
            "2023-04": ["phone": 200, "chat": 50, "email": 12],
        ]
        let whole = released.grid(counts)
        for month in counts.keys {
            let alone = released.grid([month: counts[month]!])
            #expect(whole.hidden.filter { $0.key.row == month } == alone.hidden, "\(month)")
        }
        #expect(whole.hidden[.init(row: "2023-03", column: "chat")] == .primary)
        #expect(whole.hidden[.init(row: "2023-03", column: "all")] == .secondary)
        #expect(!whole.isHidden(row: "2023-03", column: "phone") && !whole.isHidden(row: "2023-03", column: "email"))
        #expect(whole.hidden.keys.filter { $0.row == "2023-04" }.isEmpty)
        // No month shows its total next to a withheld part.
        for row in counts.keys where !whole.isTotalHidden(row: row) {
            #expect(counts[row]!.keys.filter { whole.isHidden(row: row, column: $0) }.isEmpty, "\(row)")
        }
    }

    @Test("with two channels the total is hidden, the other channel shown; a lone channel's small total is hidden with it")
    func secondaryEdgeCases() {
        let two = released.grid(["2023-01": ["phone": 50, "chat": 4]])
        #expect(!two.isHidden(row: "2023-01", column: "phone"))
        #expect(two.hidden[.init(row: "2023-01", column: "all")] == .secondary)
        let one = released.grid(["2023-01": ["chat": 4]])
        #expect(one.hidden[.init(row: "2023-01", column: "all")] == .secondary)
        let twoSmall = released.grid(["2023-01": ["phone": 5, "chat": 3, "email": 40]])
        #expect(!twoSmall.isHidden(row: "2023-01", column: "email") && twoSmall.isTotalHidden(row: "2023-01"))
    }

    @Test("a small total is hidden even when its parts are hidden too")
    func smallTotal() {
        let grid = released.grid(["2023-01": ["phone": 4, "chat": 3]])
        #expect(grid.isTotalHidden(row: "2023-01"))
        #expect(
            grid.isHidden(row: "2023-01", column: "phone")
                && grid.isHidden(row: "2023-01", column: "chat"))
    }

    @Test("a percentage is shown only when its value and its base are both shown")
    func percentages() {
        #expect(rules.percent(31.0, valueHidden: false, baseHidden: false) == 31.0)
        #expect(rules.percent(31.0, valueHidden: false, baseHidden: true) == nil)
        #expect(rules.percent(31.0, valueHidden: true, baseHidden: false) == nil)
    }

    @Test("secondary cells read x, not <10, because their value is not small")
    func secondaryLabel() {
        #expect(rules.display(150, reason: .secondary) == "x")
        #expect(rules.display(150, reason: .primary) == "<10")
    }
}
