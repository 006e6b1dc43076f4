import Attribution
import HelplineDomain

/// A campaign's synthetic effect on one line: a steady-state relative uplift with geometric carry-over
/// (normalised adstock, as in docs/STATISTICS.md) over a window of days.
struct SampleEffect: Sendable {
    let campaignId: String
    /// Index into ``SampleLine/all``.
    let line: Int
    /// Steady-state relative uplift (0.16 = +16%).
    let uplift: Double
    /// Carry-over per day (0 = none; the half-life is ln 0.5 / ln λ days).
    let lambda: Double
    let first: LocalDay
    let last: LocalDay
    /// What contacts brought in by the campaign answer to "how did you hear of us?".
    let heardVia: [HeardVia]
}

/// The campaigns of the seed documents (Flemish Parliament, written question no. 7 of 28 September 2023, with
/// the coordinated answer) with their dates, media channels, target groups and, where the documents give them,
/// costs and reach. What the documents do not say is left out, never invented — except the exact days of the two
/// chat marathons and of "summer 2023", which the documents give only as months or a season (see
/// docs/SAMPLE_DATA.md).
enum SampleCampaigns {
    static let source = "Vlaams Parlement, schriftelijke vraag nr. 7 van 28 september 2023 (gecoördineerd antwoord)"

    static func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDay { LocalDay(year: y, month: m, day: d)! }

    static func date(_ day: LocalDay) -> CalendarDate {
        let (y, m, d) = day.components
        return CalendarDate(year: y, month: m, day: d)!
    }

    /// A campaign that ran from the start of `first` to the end of `last` (nil: still running), local time.
    static func campaign(
        _ id: String, _ name: String, owner: String, helpline: String, targets: [TargetGroup], channels: [CampaignChannelAdded],
        from first: LocalDay?, to last: LocalDay?, costs: [CampaignCostRecorded] = [], reach: [CampaignReachRecorded] = [],
        notes: [CampaignNoteRecorded] = []
    ) -> CampaignDefinition {
        CampaignDefinition(
            id: id, name: name, owner: owner, helplines: [helpline], targetGroups: targets, channels: channels,
            plannedStart: first.map(date), plannedEnd: last.map(date),
            startedAt: first.map { BrusselsTime.timestamp($0, secondOfDay: 0) },
            stoppedAt: last.map { BrusselsTime.timestamp($0, secondOfDay: 86_399) }, costs: costs, reach: reach, notes: notes)
    }

    static func eur(_ item: String, _ euros: Int64) -> CampaignCostRecorded {
        CampaignCostRecorded(item: item, amountCents: euros * 100, currency: .eur)
    }

    static func evaluation(_ text: String) -> CampaignNoteRecorded { CampaignNoteRecorded(kind: .evaluation, text: text + " (\(source))") }

    /// The campaigns, in the order they started.
    static let definitions: [CampaignDefinition] = [
        campaign(
            "nupraatikerover-chatmarathon-2021", "Message on a bottle: chatmarathon 'Steek je noodkreet niet in een fles'",
            owner: "nupraatikerover", helpline: "nupraatikerover", targets: [.children, .youngPeople, .victims],
            channels: [.init(channel: .influencer, region: "Instagram"), .init(channel: .other, region: "chatmarathon en giveaway")],
            from: day(2021, 2, 1), to: day(2021, 3, 31),
            costs: [eur("chatmarathon, influencercampagne (5 influencers) en giveaway", 4_229)],
            reach: [.init(metric: .reach, value: 58_000, source: "posts van influencers op Instagram")],
            notes: [
                evaluation(
                    "Rond de Europese dag van het Slachtoffer, chatbox 11 opeenvolgende dagen open. Extra volgers op Instagram en een verdubbeling van het aantal hits op de chatknop."
                )
            ]),
        campaign(
            "1712-plegers-familiaal-geweld-2021", "Campagne gericht op plegers van familiaal geweld", owner: "1712", helpline: "1712",
            targets: [.perpetrators, .parents],
            channels: [.init(channel: .radio, region: "Vlaanderen"), .init(channel: .socialVideo, region: "Vlaanderen")],
            from: day(2021, 6, 1), to: day(2021, 8, 31),
            notes: [
                evaluation(
                    "Eerste grootschalige campagne van de Vlaamse overheid gericht op volwassenen die familiaal geweld plegen uit onmacht of in een stresssituatie: radiospots en filmpjes op sociale media."
                )
            ]),
        campaign(
            "1712-geweld-stopt-niet-vanzelf", "Geweld stopt niet vanzelf", owner: "1712", helpline: "1712", targets: [.bystanders],
            channels: [
                .init(channel: .tv, region: "Brussel"), .init(channel: .socialVideo, region: "Brussel"), .init(channel: .poster, region: "Brussel"),
                .init(channel: .socialVideo, region: "Vlaanderen"),
            ],
            from: day(2021, 10, 1), to: day(2021, 11, 30),
            notes: [
                evaluation("Eerste grote campagne van 1712 in Brussel: vier weken een spot op sociale media en televisie, posters in heel Brussel.")
            ]),
        campaign(
            "1712-praat-over-geweld", "Praat over geweld", owner: "1712", helpline: "1712", targets: [.generalPublic, .victims],
            channels: [.init(channel: .socialVideo, region: "Vlaanderen")], from: day(2022, 7, 1), to: day(2022, 7, 31),
            notes: [evaluation("Campagnevideo waarin BV's iedereen oproepen om over geweld te praten en 1712 te contacteren.")]),
        campaign(
            "nupraatikerover-t-day-2022", "Nupraatikerover op T-Day (jongerenfestival)", owner: "nupraatikerover",
            helpline: "nupraatikerover", targets: [.youngPeople], channels: [.init(channel: .other, region: "stand op T-Day")], from: nil,
            to: nil,
            notes: [evaluation("Informatieve en sensibiliserende stand en verspreiding van gadgets (2022; de documenten geven geen datum).")]),
        campaign(
            "nupraatikerover-wat-draag-jij-mee", "Wat draag jij met je mee? (emotionele mishandeling)", owner: "nupraatikerover",
            helpline: "nupraatikerover", targets: [.youngPeople, .children],
            channels: [.init(channel: .influencer, region: "Vlaanderen"), .init(channel: .socialVideo, region: "Vlaanderen")],
            from: day(2022, 12, 1), to: day(2022, 12, 31),
            costs: [eur("influencercampagne en betalende advertenties voor het promofilmpje van de chatbox", 9_982)],
            reach: [
                .init(metric: .reach, value: 300_000, source: "advertenties op Instagram en Facebook"),
                .init(metric: .reach, value: 106_000, source: "posts van influencers op Instagram"),
            ],
            notes: [
                evaluation("Kostprijs 9.982 euro; bereik 300.000 via advertenties op Instagram en Facebook en 106.000 via posts van influencers.")
            ]),
        campaign(
            "lijn-1712-veilige-thuis", "Lijn 1712, bestemming Veilige thuis", owner: "1712", helpline: "1712", targets: [.generalPublic],
            channels: [.init(channel: .busTram, region: "Vlaanderen"), .init(channel: .billboard, region: "Antwerpse premetro")],
            from: day(2023, 3, 1), to: day(2023, 5, 31),
            notes: [
                evaluation(
                    "Op 100 bussen en trams van De Lijn en digitale borden in de Antwerpse premetro. In maart 2023 kreeg 1712 903 oproepen, een stijging met 31% tegenover de vorige maand."
                )
            ]),
        campaign(
            "1712-kindermishandeling-neemt-geen-vakantie", "Kindermishandeling neemt geen vakantie", owner: "1712", helpline: "1712",
            targets: [.bystanders, .parents, .perpetrators],
            channels: [
                .init(channel: .other, region: "schoolbanken op het Astridplein, Antwerpen"), .init(channel: .radio, region: "Vlaanderen"),
                .init(channel: .socialVideo, region: "Vlaanderen"), .init(channel: .poster, region: "Kind en Gezin, huisartsen, CAW"),
                .init(channel: .press, region: "De Morgen"),
            ],
            from: day(2023, 6, 30), to: nil,
            notes: [
                evaluation("1712 kreeg in de maand juli 2023 710 oproepen, een stijging van 13% in vergelijking met het jaar voordien."),
                CampaignNoteRecorded(kind: .nextStep, text: "Advertentie in De Morgen op 1 september 2023."),
            ]),
        campaign(
            "nupraatikerover-muurschildering-2023", "Muurschildering over vormen van mishandeling", owner: "nupraatikerover",
            helpline: "nupraatikerover", targets: [.youngPeople, .children, .generalPublic],
            channels: [
                .init(channel: .other, region: "muurschildering in Brussel"), .init(channel: .socialVideo, region: "Vlaanderen"),
                .init(channel: .press, region: "Vlaanderen"),
            ],
            from: day(2023, 7, 1), to: day(2023, 8, 31), costs: [eur("muurschildering met artiesten en jongeren", 63_000)],
            notes: [
                evaluation("Kostprijs 63.000 euro; heel wat media-aandacht voor de chatbox nupraatikerover.be."),
                CampaignNoteRecorded(kind: .nextStep, text: "Met dit beeld wordt een vervolgcampagne gepland."),
            ]),
        campaign(
            "nupraatikerover-chatmarathon-open-geest-2023", "Tweede chatmarathon (Open Geestdagen)", owner: "nupraatikerover",
            helpline: "nupraatikerover", targets: [.children, .youngPeople], channels: [.init(channel: .other, region: "chatmarathon")],
            from: day(2023, 10, 5), to: day(2023, 10, 14),
            notes: [evaluation("Chatbox 10 opeenvolgende dagen open in het kader van de Open Geestdagen.")]),
    ]

    /// Lines: 0 = 1712 phone, 1 = 1712 chat, 2 = Nupraatikerover chat.
    static let effects: [SampleEffect] = [
        // Chat marathon 2021: a lift over February–March and the 11 marathon days (chat open every day) on top.
        SampleEffect(
            campaignId: "nupraatikerover-chatmarathon-2021", line: 2, uplift: 0.22, lambda: 0.5, first: day(2021, 2, 1), last: day(2021, 3, 31),
            heardVia: [.influencer, .socialMedia]),
        SampleEffect(
            campaignId: "nupraatikerover-chatmarathon-2021", line: 2, uplift: 0.70, lambda: 0, first: day(2021, 2, 17), last: day(2021, 2, 27),
            heardVia: [.influencer, .socialMedia]),
        SampleEffect(
            campaignId: "1712-plegers-familiaal-geweld-2021", line: 0, uplift: 0.08, lambda: 0.5, first: day(2021, 6, 1), last: day(2021, 8, 31),
            heardVia: [.radio, .socialMedia]),
        SampleEffect(
            campaignId: "1712-plegers-familiaal-geweld-2021", line: 1, uplift: 0.05, lambda: 0.5, first: day(2021, 6, 1), last: day(2021, 8, 31),
            heardVia: [.radio, .socialMedia]),
        SampleEffect(
            campaignId: "1712-geweld-stopt-niet-vanzelf", line: 0, uplift: 0.10, lambda: 0.6, first: day(2021, 10, 1), last: day(2021, 11, 30),
            heardVia: [.tv, .socialMedia, .poster]),
        SampleEffect(
            campaignId: "1712-geweld-stopt-niet-vanzelf", line: 1, uplift: 0.06, lambda: 0.6, first: day(2021, 10, 1), last: day(2021, 11, 30),
            heardVia: [.tv, .socialMedia, .poster]),
        SampleEffect(
            campaignId: "1712-praat-over-geweld", line: 0, uplift: 0.05, lambda: 0.3, first: day(2022, 7, 1), last: day(2022, 7, 31),
            heardVia: [.socialMedia]),
        SampleEffect(
            campaignId: "1712-praat-over-geweld", line: 1, uplift: 0.12, lambda: 0.3, first: day(2022, 7, 1), last: day(2022, 7, 31),
            heardVia: [.socialMedia]),
        SampleEffect(
            campaignId: "nupraatikerover-wat-draag-jij-mee", line: 2, uplift: 0.30, lambda: 0.6, first: day(2022, 12, 1), last: day(2022, 12, 31),
            heardVia: [.influencer, .socialMedia]),
        SampleEffect(
            campaignId: "lijn-1712-veilige-thuis", line: 0, uplift: 0.17, lambda: 0.6, first: day(2023, 3, 1), last: day(2023, 5, 31),
            heardVia: [.busTram, .busTram, .billboard]),
        SampleEffect(
            campaignId: "lijn-1712-veilige-thuis", line: 1, uplift: 0.06, lambda: 0.6, first: day(2023, 3, 1), last: day(2023, 5, 31),
            heardVia: [.busTram, .billboard]),
        SampleEffect(
            campaignId: "1712-kindermishandeling-neemt-geen-vakantie", line: 0, uplift: 0.13, lambda: 0.5, first: day(2023, 6, 30),
            last: SampleDataSet.lastDay, heardVia: [.radio, .socialMedia, .poster, .press, .other]),
        SampleEffect(
            campaignId: "1712-kindermishandeling-neemt-geen-vakantie", line: 1, uplift: 0.06, lambda: 0.5, first: day(2023, 6, 30),
            last: SampleDataSet.lastDay, heardVia: [.radio, .socialMedia, .poster, .press, .other]),
        SampleEffect(
            campaignId: "nupraatikerover-muurschildering-2023", line: 2, uplift: 0.10, lambda: 0.5, first: day(2023, 7, 1), last: day(2023, 8, 31),
            heardVia: [.socialMedia, .press, .other]),
        SampleEffect(
            campaignId: "nupraatikerover-chatmarathon-open-geest-2023", line: 2, uplift: 0.85, lambda: 0.3, first: day(2023, 10, 5),
            last: day(2023, 10, 14), heardVia: [.socialMedia, .other]),
    ]

    /// Days on which a line keeps extended hours every day of the week (the chat marathons): 12:00–23:00.
    static let marathons: [(line: Int, first: LocalDay, last: LocalDay)] = [
        (2, day(2021, 2, 17), day(2021, 2, 27)), (2, day(2023, 10, 5), day(2023, 10, 14)),
    ]
}
