import Testing

@testable import Reports

@Suite("Suppression")
struct DashboardSuppressionTests {
    let rules = Suppression.publicOutput

    @Test("hides counts below 10, zero included, and shows them as <10")
    func primary() {
        #expect(rules.isSmall(0) && rules.isSmall(9))
        #expect(!rules.isSmall(10))
        #expect(rules.display(9, reason: nil) == "<10")
        #expect(rules.display(1_234, reason: nil) == "1,234")
        #expect(rules.display(nil, reason: nil) == "–")
        let grid = rules.grid(["2023-01": ["phone": 100, "chat": 4, "email": 3]])
        #expect(grid.hidden[.init(row: "2023-01", column: "chat")] == .primary)
        #expect(grid.hidden[.init(row: "2023-01", column: "email")] == .primary)
        #expect(
            !grid.isHidden(row: "2023-01", column: "phone"),
            "two hidden cells cannot be told apart from the total")
        #expect(!grid.isTotalHidden(row: "2023-01"))
    }

    @Test("internal output hides nothing")
    func internalShowsEverything() {
        let grid = Suppression.off.grid(["2023-01": ["phone": 1, "chat": 0]])
        #expect(grid.hidden.isEmpty)
        #expect(Suppression.off.display(3, reason: nil) == "3")
        #expect(Suppression.off.percent(12.5, valueHidden: false, baseHidden: false) == 12.5)
    }

    @Test(
        "a lone hidden channel takes the channel that is smallest over the whole period with it, in every month"
    )
    func secondaryConsistentAcrossMonths() {
        // email is smallest over the period, so it is the partner whenever a single other channel is hidden,
        // even in March where chat is smaller than email that month.
        let counts: [String: [String: Int]] = [
            "2023-01": ["phone": 5, "chat": 40, "email": 20],
            "2023-02": ["phone": 200, "chat": 7, "email": 15],
            "2023-03": ["phone": 6, "chat": 12, "email": 30],
            "2023-04": ["phone": 200, "chat": 50, "email": 12],
        ]
        let grid = rules.grid(counts)
        #expect(grid.hidden[.init(row: "2023-01", column: "phone")] == .primary)
        #expect(grid.hidden[.init(row: "2023-01", column: "email")] == .secondary)
        #expect(grid.hidden[.init(row: "2023-02", column: "chat")] == .primary)
        #expect(grid.hidden[.init(row: "2023-02", column: "email")] == .secondary)
        #expect(grid.hidden[.init(row: "2023-03", column: "email")] == .secondary)
        #expect(!grid.isHidden(row: "2023-03", column: "chat"))
        #expect(grid.hidden.keys.filter { $0.row == "2023-04" }.isEmpty)
        // No month leaves exactly one hidden part next to a shown total.
        for row in counts.keys where !grid.isTotalHidden(row: row) {
            #expect(counts[row]!.keys.filter { grid.isHidden(row: row, column: $0) }.count != 1, "\(row)")
        }
    }

    @Test(
        "with two channels the other one is hidden; a lone channel's small total is hidden with it; two hidden need no partner"
    )
    func secondaryEdgeCases() {
        let two = rules.grid(["2023-01": ["phone": 50, "chat": 4]])
        #expect(two.hidden[.init(row: "2023-01", column: "phone")] == .secondary)
        #expect(!two.isTotalHidden(row: "2023-01"))
        let one = rules.grid(["2023-01": ["chat": 4]])
        #expect(one.hidden[.init(row: "2023-01", column: "all")] == .primary)
        let allOthersHidden = rules.grid(["2023-01": ["phone": 5, "chat": 3, "email": 40]])
        #expect(!allOthersHidden.isHidden(row: "2023-01", column: "email"))
    }

    @Test("a small total is hidden even when its parts are hidden too")
    func smallTotal() {
        let grid = rules.grid(["2023-01": ["phone": 4, "chat": 3]])
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
