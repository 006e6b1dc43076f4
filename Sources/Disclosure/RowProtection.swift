/// Primary and secondary suppression of one row of a publication table: parts that add up to a published total (one
/// helpline's channels in one calendar month). See docs/DISCLOSURE.md.
///
/// The rule: a part below the threshold (zero included) is withheld as `primary`; when a row has such a part, its
/// total is withheld too (`secondary`, shown as `x` whether or not it is itself below the threshold), and nothing
/// else. Which cells are withheld, and how they are labelled, then depends only on which parts are small — what the
/// `<10` labels say anyway — never on the other values, on other rows or on the range a reader asked for. A reader
/// who knows this rule learns nothing from the pattern: each small part can be any of 0…threshold−1, and the total
/// any of the shown parts' sum plus 0…(threshold−1) per small part. (Labelling a small total `<10` and a larger one
/// `x` would tell, in a row of small parts only, that they add up to at least the threshold.)
///
/// What else was considered: keeping the total and withholding the smallest other parts until the small ones are
/// protected (the rule before). Its choice depends on the values: a reader who knows it learns that every `x` part is
/// no larger than the smallest shown one, and that one `x` was not enough when there are two, which gave small
/// counts back exactly (phone 500, chat 10, email 9, sms 10 published chat as `x`, so chat = 10 and email = 9).
public enum RowProtection {
    /// Why a cell is withheld.
    public enum Reason: String, Sendable, Hashable {
        /// Below the threshold (zero included): published as `<threshold`, so a reader knows it lies in 0…threshold−1.
        case primary
        /// Withheld so that a primary cell cannot be worked out: published as `x`.
        case secondary
    }

    /// The withheld cells of one row: `parts[name]` are its cells, their sum its total.
    /// - Returns: the withheld parts by name, and whether (and why) the total is withheld.
    public static func protect(_ parts: [String: Int], threshold t: Int) -> (parts: [String: Reason], total: Reason?) {
        precondition(t >= 1, "the threshold must be at least 1")
        var hidden: [String: Reason] = [:]
        for (name, value) in parts where value < t { hidden[name] = .primary }
        return (hidden, hidden.isEmpty ? nil : .secondary)
    }
}
