import Foundation

/// Colours, dash patterns and scales shared by the SVG charts.
///
/// Series are told apart by colour, dash pattern and a direct label at the end of each line, never by colour
/// alone. Every colour has a contrast of at least 4.5:1 on white (so it also works for text); `DashboardTests`
/// checks this.
enum ChartStyle {
    struct Stroke: Sendable {
        var colour: String
        var dash: String?
        var width: Double
    }

    /// Channel colours (darkened Okabe–Ito hues).
    static let palette = ["#005a9c", "#a63d00", "#00704f", "#6a3d9a", "#8a5300", "#9c2462"]
    static let dashes = ["8 4", "14 4 3 4", "4 3", "10 3 2 3 2 3", "16 5", "6 2 2 2"]
    static let total = Stroke(colour: "#1a1a1a", dash: nil, width: 2.75)
    static let baselineColour = "#4d4d4d"
    static let bandFill = "#f7e1a1"
    static let bandStroke = "#8a6400"
    static let grid = "#d9d9d9"
    static let axisText = "#404040"

    static func stroke(forSeries index: Int, key: String) -> Stroke {
        if key == Suppression.totalColumn { return total }
        return Stroke(
            colour: palette[index % palette.count], dash: dashes[index % dashes.count], width: 2)
    }

    /// `stroke="…" stroke-width="…" stroke-dasharray="…"` for a series.
    static func attributes(_ stroke: Stroke) -> String {
        var out =
            "stroke=\"\(stroke.colour)\" stroke-width=\"\(DashboardFormat.coordinate(stroke.width))\""
        if let dash = stroke.dash { out += " stroke-dasharray=\"\(dash)\"" }
        return out
    }

    /// A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals up to `maximum`.
    static func niceStep(for maximum: Double, ticks: Int = 4) -> Double {
        guard maximum > 0 else { return 1 }
        let raw = maximum / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= raw {
            let step = factor * magnitude
            return step < 1 ? 1 : step
        }
        return 10 * magnitude
    }

    /// Rough width of `text` at `fontSize` (for placing labels; SVG has no text metrics without a renderer).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// A short line sample for a legend, as an inline SVG.
    static func legendSwatch(_ stroke: Stroke) -> String {
        "<svg class=\"swatch\" width=\"32\" height=\"12\" viewBox=\"0 0 32 12\" aria-hidden=\"true\" focusable=\"false\">"
            + "<line x1=\"1\" y1=\"6\" x2=\"31\" y2=\"6\" \(attributes(stroke)) fill=\"none\"/></svg>"
    }

    static func bandSwatch() -> String {
        "<svg class=\"swatch\" width=\"32\" height=\"12\" viewBox=\"0 0 32 12\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect x=\"1\" y=\"1\" width=\"30\" height=\"10\" fill=\"\(bandFill)\" stroke=\"\(bandStroke)\" stroke-dasharray=\"3 2\"/></svg>"
    }

    static func baselineSwatch() -> String {
        "<svg class=\"swatch\" width=\"32\" height=\"12\" viewBox=\"0 0 32 12\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect x=\"1\" y=\"2\" width=\"30\" height=\"8\" fill=\"\(baselineColour)\" fill-opacity=\"0.15\"/>"
            + "<line x1=\"1\" y1=\"6\" x2=\"31\" y2=\"6\" stroke=\"\(baselineColour)\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\" stroke-linecap=\"round\"/></svg>"
    }

    static func suppressedSwatch(_ suppression: Suppression) -> String {
        "<svg class=\"swatch\" width=\"32\" height=\"12\" viewBox=\"0 0 32 12\" aria-hidden=\"true\" focusable=\"false\">"
            + "<line x1=\"1\" y1=\"6\" x2=\"31\" y2=\"6\" stroke=\"\(axisText)\" stroke-dasharray=\"2 3\"/>"
            + "<circle cx=\"16\" cy=\"6\" r=\"3.5\" fill=\"#ffffff\" stroke=\"\(axisText)\" stroke-width=\"1.5\"/></svg>"
    }
}
