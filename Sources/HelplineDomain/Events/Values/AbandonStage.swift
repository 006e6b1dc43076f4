/// Where in the flow an unanswered contact was lost.
public enum AbandonStage: String, DomainEnum {
    /// In the voice menu.
    case ivr
    /// Waiting in the queue.
    case queue
    /// Ringing at a counsellor who did not pick up.
    case ringing
    /// Refused by the system (closed, no capacity, blocked): the contactor could not get through.
    case rejected
    /// Not known (for example in imported logs that only say "abandoned").
    case unknown
}
