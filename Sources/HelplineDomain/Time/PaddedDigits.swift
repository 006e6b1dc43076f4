/// Appends `value` (>= 0) zero-padded to `width` digits, without intermediate strings.
@inline(__always)
func appendPadded(_ value: Int, width: Int, to out: inout String) {
    guard value >= 0, value < 100_000_000 else {
        out += String(value)
        return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { buffer in
        var v = value
        var count = 0
        repeat {
            buffer[7 - count] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            count += 1
        } while v > 0
        while count < width && count < 8 {
            buffer[7 - count] = UInt8(ascii: "0")
            count += 1
        }
        out += String(decoding: UnsafeBufferPointer(rebasing: buffer[(8 - count)..<8]), as: UTF8.self)
    }
}
