/// The events of one valid CSV row: one contact's stream, in order.
public struct ImportedContact: Sendable, Hashable {
    /// The physical line on which the row starts.
    public var line: Int
    public var helpline: String
    public var contactId: String
    /// `ContactReceived`, then `ContactAnswered` or `ContactAbandoned`, then `ContactEnded`,
    /// then `ContactClassified`, as the columns allow. Event ids are deterministic.
    public var events: [HelplineEvent]

    /// `contact-{helpline}-{contactId}`.
    public var streamId: String { HelplineEvent.contactStreamId(helpline: helpline, contactId: contactId) }

    /// The events as store records for bulk loading (COPY): stream position `i + 1` for the
    /// `i`-th event, so a contact imported once occupies positions 1…n of its stream.
    public var storageRows: [(streamPosition: Int, record: EventRecord)] {
        guard let first = events.first else { return [] }
        let metadata = first.storageMetadata
        let streamId = self.streamId
        return events.enumerated().map { ($0.offset + 1, $0.element.storageRecord(metadata: metadata, streamId: streamId)) }
    }
}
