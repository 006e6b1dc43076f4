/// SHA-1 (FIPS 180-4), used only to derive name-based UUIDs (version 5). Not for security.
public enum SHA1 {
    /// The 20-byte digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let message = Array(bytes)
        return message.withUnsafeBufferPointer { digest(of: $0) }
    }

    /// The 20-byte digest of the bytes in `message`.
    public static func digest(of message: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                let fullBlocks = message.count / 64
                for block in 0..<fullBlocks {
                    compress(&h, w, UnsafeBufferPointer(rebasing: message[(block * 64)..<(block * 64 + 64)]))
                }
                // Padding: the remaining bytes, 0x80, zeros, and the bit length in 8 bytes.
                let remaining = message.count - fullBlocks * 64
                let tailCount = remaining < 56 ? 64 : 128
                for i in 0..<remaining { tail[i] = message[fullBlocks * 64 + i] }
                tail[remaining] = 0x80
                for i in (remaining + 1)..<tailCount { tail[i] = 0 }
                let bitLength = UInt64(message.count) &* 8
                for i in 0..<8 { tail[tailCount - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i))) }
                let tailBuffer = UnsafeBufferPointer(tail)
                compress(&h, w, UnsafeBufferPointer(rebasing: tailBuffer[0..<64]))
                if tailCount == 128 { compress(&h, w, UnsafeBufferPointer(rebasing: tailBuffer[64..<128])) }
            }
        }
        var digest = [UInt8](repeating: 0, count: 20)
        let words = [h.0, h.1, h.2, h.3, h.4]
        for (i, word) in words.enumerated() {
            digest[4 * i] = UInt8(truncatingIfNeeded: word >> 24)
            digest[4 * i + 1] = UInt8(truncatingIfNeeded: word >> 16)
            digest[4 * i + 2] = UInt8(truncatingIfNeeded: word >> 8)
            digest[4 * i + 3] = UInt8(truncatingIfNeeded: word)
        }
        return digest
    }

    private static func compress(
        _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ w: UnsafeMutableBufferPointer<UInt32>, _ block: UnsafeBufferPointer<UInt8>
    ) {
        for t in 0..<16 {
            w[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16 | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
        }
        for t in 16..<80 {
            let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
            w[t] = x << 1 | x >> 31
        }
        var (a, b, c, d, e) = h
        for t in 0..<80 {
            let f: UInt32
            let k: UInt32
            if t < 20 {
                f = (b & c) | (~b & d)
                k = 0x5A82_7999
            } else if t < 40 {
                f = b ^ c ^ d
                k = 0x6ED9_EBA1
            } else if t < 60 {
                f = (b & c) | (b & d) | (c & d)
                k = 0x8F1B_BCDC
            } else {
                f = b ^ c ^ d
                k = 0xCA62_C1D6
            }
            let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
            e = d
            d = c
            c = b << 30 | b >> 2
            b = a
            a = temp
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
}
