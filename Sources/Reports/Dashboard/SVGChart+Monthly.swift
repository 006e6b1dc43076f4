import Foundation

/// The monthly contacts chart of one helpline: one line per channel and one for their sum, campaign windows as
/// shaded, labelled bands, and (when supplied) the expected baseline without campaigns as a dotted line in a band.
///
/// Suppressed points (public mode) are never drawn at their value: the line breaks there. A count below the
/// threshold is marked by an open circle on a dotted reference line at the threshold (labelled `<10`); a count
/// withheld by secondary suppression is only a break in the line. The `<title>`/`<desc>` and the data table say
/// the same in words.
struct MonthlyChart {
    var panel: HelplinePanel
    /// Unique within the page; used as a prefix for element ids.
    var id: String

    /// Narrow on purpose: the chart scales to the screen, and text stays legible on a phone (about 10 px at 360 px).
    static let width = 560.0
    static let fontSize = 15.0
    static let laneHeight = 18.0
    static let left = 52.0
    static let rightMargin = 84.0

    struct Band {
        var campaign: DashboardData.Campaign
        var first: Int
        var last: Int
        var lane: Int
        var label: String
        var labelX: Double
        var anchorEnd: Bool
    }

    var titleID: String { id + "-title" }
    var descID: String { id + "-desc" }

    var title: String { "Monthly contacts, helpline \(panel.helpline)" }

    var plotRight: Double { Self.width - Self.rightMargin }
    var step: Double { (plotRight - Self.left) / Double(max(1, panel.months.count)) }

    func x(ofMonth index: Int) -> Double { Self.left + (Double(index) + 0.5) * step }

    /// Campaign bands with their label lanes (labels never overlap within a lane).
    func bands() -> [Band] {
        var lanesEnd: [Double] = []
        var out: [Band] = []
        for campaign in panel.campaigns {
            guard let (first, last) = panel.monthIndices(of: campaign) else { continue }
            let label = HTML.truncated(campaign.name, to: 30)
            let width = ChartStyle.textWidth(label, fontSize: Self.fontSize - 1)
            let bandX = Self.left + Double(first) * step
            let anchorEnd = bandX + width > Self.width - 4
            let start = anchorEnd ? Self.left + Double(last + 1) * step - width : bandX
            let end = start + width + 8
            var lane = lanesEnd.firstIndex(where: { $0 <= start }) ?? lanesEnd.count
            if lane == lanesEnd.count { lanesEnd.append(end) } else { lanesEnd[lane] = end }
            lane = min(lane, 5)
            out.append(
                Band(
                    campaign: campaign, first: first, last: last, lane: lane, label: label,
                    labelX: anchorEnd ? Self.left + Double(last + 1) * step : bandX, anchorEnd: anchorEnd))
        }
        return out
    }

    /// The chart as an inline `<svg>` element.
    func render() -> String {
        let months = panel.months
        let bands = bands()
        let lanes = Double((bands.map(\.lane).max() ?? -1) + 1)
        let top = 16 + lanes * Self.laneHeight + (lanes > 0 ? 6 : 0)
        let plotHeight = 220.0
        let bottom = top + plotHeight
        let height = bottom + 44
        let suppression = panel.suppression

        // The y scale covers every shown value and the baseline band.
        var maximum = 0.0
        for key in panel.seriesKeys {
            for month in months {
                let cell = panel.cell(key, month)
                if let v = cell.value, cell.hidden == nil { maximum = max(maximum, Double(v)) }
            }
        }
        for point in panel.baselines {
            maximum = max(maximum, point.upper ?? point.expected, point.expected)
        }
        if suppression.isEnabled { maximum = max(maximum, Double(suppression.threshold)) }
        let yStep = ChartStyle.niceStep(for: max(maximum, 1))
        let yMax = max(yStep, (maximum / yStep).rounded(.up) * yStep)
        func y(_ value: Double) -> Double { bottom - value / yMax * plotHeight }
        let c = DashboardFormat.coordinate

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" "
        svg +=
            "width=\"100%\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" font-size=\"\(c(Self.fontSize))\">"
        svg += "<title id=\"\(titleID)\">\(HTML.escape(title))</title>"
        svg += "<desc id=\"\(descID)\">\(HTML.escape(description(bands: bands)))</desc>"
        svg +=
            "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<rect width=\"6\" height=\"6\" fill=\"\(ChartStyle.bandFill)\"/>"
        svg +=
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e9c463\" stroke-width=\"2\"/></pattern></defs>"

        // Campaign bands behind everything, labels in lanes above the plot.
        svg += "<g class=\"campaigns\">"
        for band in bands {
            let x0 = Self.left + Double(band.first) * step
            let w = Double(band.last - band.first + 1) * step
            let from = months[band.first]
            let to = months[band.last]
            let name = HTML.escape(band.campaign.name)
            svg += "<g class=\"campaign\" data-campaign=\"\(HTML.escape(band.campaign.id))\">"
            svg +=
                "<rect class=\"campaign-band\" data-campaign=\"\(HTML.escape(band.campaign.id))\" data-from=\"\(from)\" data-to=\"\(to)\" x=\"\(c(x0))\" y=\"\(c(top))\" "
            svg +=
                "width=\"\(c(w))\" height=\"\(c(plotHeight))\" fill=\"url(#\(id)-hatch)\" fill-opacity=\"0.8\" "
            svg += "stroke=\"\(ChartStyle.bandStroke)\" stroke-width=\"1\" stroke-dasharray=\"3 2\">"
            svg += "<title>\(name): \(HTML.escape(Self.windowText(band.campaign)))</title></rect>"
            let labelY = 15 + Double(band.lane) * Self.laneHeight
            let tickX = band.anchorEnd ? x0 + w : x0
            svg +=
                "<line x1=\"\(c(tickX))\" y1=\"\(c(labelY + 3))\" x2=\"\(c(tickX))\" y2=\"\(c(top))\" stroke=\"\(ChartStyle.bandStroke)\" stroke-width=\"1\"/>"
            svg +=
                "<text class=\"campaign-label\" x=\"\(c(band.labelX + (band.anchorEnd ? -2 : 2)))\" y=\"\(c(labelY))\" "
            svg +=
                "font-size=\"\(c(Self.fontSize - 1))\" fill=\"#3d2c00\"\(band.anchorEnd ? " text-anchor=\"end\"" : "")>"
            svg += HTML.escape(band.label) + "</text></g>"
        }
        svg += "</g>"

        // Grid and y axis.
        svg += "<g class=\"axis\" fill=\"\(ChartStyle.axisText)\">"
        var tick = 0.0
        while tick <= yMax + 0.001 {
            svg +=
                "<line x1=\"\(c(Self.left))\" y1=\"\(c(y(tick)))\" x2=\"\(c(plotRight))\" y2=\"\(c(y(tick)))\" stroke=\"\(ChartStyle.grid)\" stroke-width=\"1\"/>"
            svg +=
                "<text x=\"\(c(Self.left - 6))\" y=\"\(c(y(tick) + 4))\" text-anchor=\"end\">\(DashboardFormat.whole(tick))</text>"
            tick += yStep
        }
        // x axis: every January on long ranges, else every k-th month.
        svg +=
            "<line x1=\"\(c(Self.left))\" y1=\"\(c(bottom))\" x2=\"\(c(plotRight))\" y2=\"\(c(bottom))\" stroke=\"\(ChartStyle.axisText)\" stroke-width=\"1\"/>"
        if months.count > 24 {
            for (i, month) in months.enumerated() where month.hasSuffix("-01") || i == 0 {
                let x = Self.left + Double(i) * step
                svg +=
                    "<line x1=\"\(c(x))\" y1=\"\(c(bottom))\" x2=\"\(c(x))\" y2=\"\(c(bottom + 5))\" stroke=\"\(ChartStyle.axisText)\"/>"
                if month.hasSuffix("-01") || months.count - i > 8 {
                    svg += "<text x=\"\(c(x + 3))\" y=\"\(c(bottom + 18))\">\(month.prefix(4))</text>"
                }
            }
        } else {
            let every = max(1, Int((Double(months.count) * 76 / (plotRight - Self.left)).rounded(.up)))
            for (i, month) in months.enumerated() where i % every == 0 {
                svg +=
                    "<text x=\"\(c(x(ofMonth: i)))\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\">\(MonthMath.label(month))</text>"
            }
        }
        svg +=
            "<text x=\"\(c(Self.left))\" y=\"\(c(bottom + 34))\" font-size=\"\(c(Self.fontSize - 1))\">Contacts per month</text>"
        svg += "</g>"

        // Expected baseline without campaigns.
        if !panel.baselines.isEmpty {
            svg += "<g class=\"baseline\">"
            for key in [nil] + panel.channels.map(Optional.some) {
                let points = panel.baselines.filter { $0.channel == key }
                let byMonth = Dictionary(points.map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a })
                for run in Self.runs(months.indices.filter { byMonth[months[$0]] != nil }) {
                    let rows = run.map { (x(ofMonth: $0), byMonth[months[$0]]!) }
                    if rows.allSatisfy({ $0.1.lower != nil && $0.1.upper != nil }) {
                        let upper = rows.map { "\(c($0.0)),\(c(y($0.1.upper!)))" }
                        let lower = rows.reversed().map { "\(c($0.0)),\(c(y($0.1.lower!)))" }
                        svg +=
                            "<polygon class=\"baseline-band\" points=\"\((upper + lower).joined(separator: " "))\" "
                        svg += "fill=\"\(ChartStyle.baselineColour)\" fill-opacity=\"0.15\"/>"
                    }
                    let path = rows.enumerated().map {
                        "\($0.offset == 0 ? "M" : "L")\(c($0.element.0)) \(c(y($0.element.1.expected)))"
                    }
                    svg +=
                        "<path class=\"baseline-line\" d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(ChartStyle.baselineColour)\" "
                    svg += "stroke-width=\"1.75\" stroke-dasharray=\"1 3\" stroke-linecap=\"round\"/>"
                }
            }
            svg += "</g>"
        }

        // Threshold reference line when something is below it.
        let anyPrimary = panel.seriesKeys.contains { key in
            months.contains { panel.cell(key, $0).hidden == .primary }
        }
        if anyPrimary {
            let ty = y(Double(suppression.threshold))
            svg +=
                "<g class=\"threshold\"><line x1=\"\(c(Self.left))\" y1=\"\(c(ty))\" x2=\"\(c(plotRight))\" y2=\"\(c(ty))\" "
            svg += "stroke=\"\(ChartStyle.axisText)\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>"
            // No text label here (it would collide with the 0 tick): the legend explains the dotted line and open circles.
            svg += "</g>"
        }

        // The series: lines broken at missing or hidden months, a point (with a tooltip) per shown month.
        var endLabels: [(y: Double, text: String, colour: String)] = []
        for (index, key) in panel.seriesKeys.enumerated() {
            let stroke = ChartStyle.stroke(forSeries: index, key: key)
            let label = HelplinePanel.label(ofChannel: key)
            svg += "<g class=\"series\" data-series=\"\(HTML.escape(key))\">"
            let shown = months.indices.filter {
                panel.cell(key, months[$0]).value != nil && panel.cell(key, months[$0]).hidden == nil
            }
            for run in Self.runs(shown) where run.count > 1 {
                let path = run.enumerated().map { offset, i in
                    "\(offset == 0 ? "M" : "L")\(c(x(ofMonth: i))) \(c(y(Double(panel.cell(key, months[i]).value!))))"
                }
                svg +=
                    "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" \(ChartStyle.attributes(stroke)) stroke-linejoin=\"round\"/>"
            }
            for (i, month) in months.enumerated() {
                let cell = panel.cell(key, month)
                guard let value = cell.value else { continue }
                let partial = panel.partialMonths.contains(month) ? " (month in progress)" : ""
                switch cell.hidden {
                case nil:
                    svg +=
                        "<circle cx=\"\(c(x(ofMonth: i)))\" cy=\"\(c(y(Double(value))))\" r=\"\(partial.isEmpty ? "2.5" : "3.5")\" "
                    svg +=
                        partial.isEmpty
                        ? "fill=\"\(stroke.colour)\">"
                        : "fill=\"#ffffff\" stroke=\"\(stroke.colour)\" stroke-width=\"1.5\">"
                    svg +=
                        "<title>\(HTML.escape("\(label), \(MonthMath.label(month)): \(DashboardFormat.int(value)) contacts\(partial)"))</title></circle>"
                case .primary:
                    svg +=
                        "<circle class=\"suppressed\" cx=\"\(c(x(ofMonth: i)))\" cy=\"\(c(y(Double(suppression.threshold))))\" r=\"3.5\" "
                    svg += "fill=\"#ffffff\" stroke=\"\(stroke.colour)\" stroke-width=\"1.5\">"
                    svg +=
                        "<title>\(HTML.escape("\(label), \(MonthMath.label(month)): \(panel.primaryLabel(month)) contacts (not shown)"))</title></circle>"
                case .secondary:
                    break
                }
            }
            svg += "</g>"
            if let last = shown.last {
                endLabels.append((y(Double(panel.cell(key, months[last]).value!)), label, stroke.colour))
            }
        }
        // Direct labels at the right, pushed apart so they do not overlap.
        endLabels.sort { $0.y < $1.y }
        var placed: [Double] = []
        for label in endLabels {
            var ly = max(label.y + 4, top + 8)
            if let previous = placed.last, ly < previous + Self.fontSize + 1 {
                ly = previous + Self.fontSize + 1
            }
            placed.append(ly)
        }
        if let lastPlaced = placed.last, lastPlaced > bottom + 4 {
            let shift = lastPlaced - (bottom + 4)
            placed = placed.map { $0 - shift }
        }
        svg += "<g class=\"direct-labels\">"
        for (label, ly) in zip(endLabels, placed) {
            svg +=
                "<text x=\"\(c(plotRight + 6))\" y=\"\(c(ly))\" fill=\"\(label.colour)\" font-weight=\"bold\">\(HTML.escape(HTML.truncated(label.text, to: 9)))</text>"
        }
        svg += "</g></svg>"
        return svg
    }

    /// Consecutive runs of indices: `[1, 2, 3, 5, 6]` → `[[1, 2, 3], [5, 6]]`.
    static func runs(_ indices: [Int]) -> [[Int]] {
        var out: [[Int]] = []
        for i in indices {
            if let last = out.last?.last, last + 1 == i {
                out[out.count - 1].append(i)
            } else {
                out.append([i])
            }
        }
        return out
    }

    /// `1 Mar 2023 – 31 May 2023`, or `from 1 Mar 2023 (running)`.
    /// With `nonBreaking`, each date keeps to one line (no-break spaces inside it).
    static func windowText(_ campaign: DashboardData.Campaign, nonBreaking: Bool = false) -> String {
        func day(_ date: String) -> String {
            let label = MonthMath.dayLabel(date)
            return nonBreaking ? label.replacingOccurrences(of: " ", with: "\u{A0}") : label
        }
        guard let start = campaign.windowStart else { return "not scheduled" }
        guard let end = campaign.windowEnd else { return "from \(day(start)) (running)" }
        return "\(day(start)) – \(day(end))"
    }

    /// The chart in words, for screen readers (the `<desc>`): range, channels, extremes and latest of the total,
    /// the campaign windows, and how small counts are shown.
    func description(bands: [Band]) -> String {
        let months = panel.months
        guard let first = months.first, let last = months.last, !panel.channels.isEmpty else {
            return "No contacts recorded for helpline \(panel.helpline) in this period."
        }
        let channelNames = panel.channels.map { HelplinePanel.label(ofChannel: $0).lowercased() }
        var text =
            "Line chart of monthly contacts to helpline \(panel.helpline) from \(MonthMath.label(first)) to \(MonthMath.label(last))"
        text +=
            panel.hasTotal
            ? ", by channel (\(channelNames.joined(separator: ", "))) and in total. "
            : " (\(channelNames[0])). "
        let key = panel.hasTotal ? Suppression.totalColumn : panel.channels[0]
        let shown = months.compactMap { m -> (String, Int)? in
            let cell = panel.cell(key, m)
            guard let v = cell.value, cell.hidden == nil else { return nil }
            return (m, v)
        }
        let what = panel.hasTotal ? "The total" : "It"
        if let low = shown.min(by: { $0.1 < $1.1 }), let high = shown.max(by: { $0.1 < $1.1 }) {
            text +=
                "\(what) ranged from \(DashboardFormat.int(low.1)) (\(MonthMath.label(low.0))) to \(DashboardFormat.int(high.1)) (\(MonthMath.label(high.0)))"
            if let latest = months.last(where: { panel.cell(key, $0).value != nil }) {
                let partial = panel.partialMonths.contains(latest) ? ", month in progress" : ""
                let latestText = panel.cell(key, latest).hidden == .secondary ? "withheld" : panel.text(key, latest)
                text += "; latest, \(MonthMath.label(latest))\(partial): \(latestText)"
            }
            text += ". "
        }
        if bands.isEmpty {
            text += "No campaign ran in this period."
        } else {
            text += "Shaded bands mark \(bands.count) campaign\(bands.count == 1 ? "" : "s"): "
            text +=
                bands.map {
                    "\($0.campaign.name) (\(MonthMath.label(months[$0.first])) to \(MonthMath.label(months[$0.last])))"
                }
                .joined(separator: "; ") + "."
        }
        if !panel.baselines.isEmpty {
            text +=
                " A dotted line in a grey band shows the contacts expected without campaigns, with its interval."
        }
        let hiddenCount = panel.seriesKeys.reduce(0) { sum, key in
            sum + months.filter { panel.cell(key, $0).hidden != nil }.count
        }
        if hiddenCount > 0 {
            text +=
                " \(hiddenCount) figure\(hiddenCount == 1 ? " is" : "s are") not shown to protect callers: "
            text +=
                "counts below \(panel.suppression.threshold) appear as \(panel.suppression.hiddenLabel) on a dotted line, "
            text += "and figures that would reveal them are left out."
        }
        text += " The table below lists every value."
        return text
    }
}
