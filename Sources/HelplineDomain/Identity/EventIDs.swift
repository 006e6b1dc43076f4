import Foundation

/// Deterministic event ids, so that importing the same data twice yields the same events.
///
/// An id is `UUIDv5(namespace, name)` where `namespace` is ``namespace`` and `name` is the
/// key's components joined by U+001F (the ASCII unit separator, which no identifier or
/// accepted text can contain). Contact events use `contact, helpline, contactId, type`;
/// campaign events use `campaign, campaignId, type` followed by the content that makes the event
/// unique within its campaign (see `docs/EVENTS.md`).
public enum EventIDs {
    /// The HelplineStats namespace for version-5 event ids. Fixed forever.
    public static let namespace = UUID(uuidString: "3f0c2a4e-8d1b-4c7a-9e55-6b2f1d9a7c30")!

    /// The id for a key made of `components`.
    public static func derive(_ components: [String]) -> UUID {
        var name: [UInt8] = []
        name.reserveCapacity(components.reduce(0) { $0 + $1.utf8.count + 1 })
        for (i, component) in components.enumerated() {
            if i > 0 { name.append(0x1F) }
            name.append(contentsOf: component.utf8)
        }
        return UUID.version5(namespace: namespace, nameBytes: name)
    }

    /// The id of a contact event of `type` for one contact (one event of each type per contact).
    public static func contactEvent(helpline: String, contactId: String, type: EventType) -> UUID {
        derive(["contact", helpline, contactId, type.rawValue])
    }

    /// The id of a baseline event of `type` for baseline event `id`, made unique by `content` (the whole recording).
    public static func baselineEvent(id: String, type: EventType, content: [String] = []) -> UUID {
        derive(["baseline", id, type.rawValue] + content)
    }

    /// The id of a campaign event of `type`, made unique by `content` (empty for events that
    /// happen once per campaign, like `CampaignPlanned`).
    public static func campaignEvent(campaignId: String, type: EventType, content: [String] = []) -> UUID {
        derive(["campaign", campaignId, type.rawValue] + content)
    }
}
