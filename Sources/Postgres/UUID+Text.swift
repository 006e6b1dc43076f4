import Foundation

extension UUID {
    /// The lowercase `8-4-4-4-12` form, as PostgreSQL prints a `uuid`. Written byte by byte: Foundation's
    /// `uuidString` goes through `sprintf` and `lowercased()`, which showed up in profiles of batch appends.
    public var lowercasedText: String {
        withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var j = 0
                for (i, byte) in raw.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[j] = UInt8(ascii: "-")
                        j += 1
                    }
                    out[j] = UUIDText.hexDigits[Int(byte >> 4)]
                    out[j + 1] = UUIDText.hexDigits[Int(byte & 0x0F)]
                    j += 2
                }
                return j
            }
        }
    }

    /// Parses the `8-4-4-4-12` form (hex digits in either case); nil for anything else.
    public init?(text: String) {
        var bytes = uuid_t(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var utf8 = text.utf8.makeIterator()
            var count = 0
            var byte = 0
            var high: UInt8?
            while let c = utf8.next() {
                count += 1
                if count == 9 || count == 14 || count == 19 || count == 24 {
                    guard c == UInt8(ascii: "-") else { return false }
                    continue
                }
                guard let nibble = UUIDText.nibble(c), byte < 16 else { return false }
                if let h = high {
                    out[byte] = h << 4 | nibble
                    byte += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
            return count == 36 && byte == 16
        }
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }
}

enum UUIDText {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
