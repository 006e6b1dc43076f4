import Foundation

/// The hex text form of `bytea` (`\x0aff…`).
enum PostgresBytea {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ data: Data) -> String {
        var out = [UInt8]()
        out.reserveCapacity(2 + data.count * 2)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "x"))
        for byte in data {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `\x…` hex text. Returns nil if malformed.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Data? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0 else {
            return nil
        }
        var data = Data(count: (bytes.count - 2) / 2)
        let ok = data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Bool in
            var i = 2
            var j = 0
            while i < bytes.count {
                guard let hi = nibble(bytes[i]), let lo = nibble(bytes[i + 1]) else { return false }
                out[j] = hi << 4 | lo
                i += 2
                j += 1
            }
            return true
        }
        return ok ? data : nil
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
