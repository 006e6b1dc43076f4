/// How a contact reached the helpline.
public enum ContactChannel: String, DomainEnum {
    case phone, chat, email, sms, other
}
