/// An ISO 4217 currency code from a fixed list of accepted currencies.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Three uppercase letters, e.g. `EUR`.
    public let code: String

    /// The accepted codes: the currencies of Europe, the Americas, Oceania and the largest
    /// economies of Africa and Asia.
    public static let accepted: Set<String> = [
        "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "RSD", "BAM", "MKD", "ALL",
        "MDL", "UAH", "GEL", "TRY", "CAD", "AUD", "NZD", "JPY", "CNY", "HKD", "SGD", "KRW", "INR", "PKR", "BDT", "LKR", "IDR",
        "MYR", "PHP", "THB", "VND", "ZAR", "KES", "NGN", "GHS", "UGX", "TZS", "ZMW", "ZWG", "MAD", "EGP", "TND", "ILS", "AED",
        "SAR", "QAR", "JOD", "LBP", "BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU", "JMD", "TTD",
    ]

    /// A currency if `code` is three uppercase letters on the accepted list.
    public init?(_ code: String) {
        guard Currency.accepted.contains(code) else { return nil }
        self.code = code
    }

    public static let eur = Currency("EUR")!

    public var description: String { code }

    static func problem(_ code: String) -> String? {
        let isShapeOK = code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        if !isShapeOK { return "must be an ISO 4217 code of 3 uppercase letters, got \(ValidationRules.quoted(code))" }
        if !accepted.contains(code) { return "unsupported currency \(ValidationRules.quoted(code))" }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let currency = Currency(code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Currency.problem(code) ?? "invalid currency")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
