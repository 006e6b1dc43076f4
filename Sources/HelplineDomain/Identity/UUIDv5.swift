import Foundation

extension UUID {
    /// The RFC 9562 namespace for DNS names, `6ba7b810-9dad-11d1-80b4-00c04fd430c8`.
    public static let namespaceDNS = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!

    /// A name-based UUID, version 5 (RFC 9562 §5.5): SHA-1 of the namespace's 16 bytes followed
    /// by the name's UTF-8 bytes, truncated to 16 bytes, with version 5 and the RFC 4122 variant.
    public static func version5(namespace: UUID, name: String) -> UUID {
        version5(namespace: namespace, nameBytes: name.utf8)
    }

    static func version5<Name: Collection>(namespace: UUID, nameBytes: Name) -> UUID where Name.Element == UInt8 {
        var message: [UInt8] = []
        message.reserveCapacity(16 + nameBytes.count)
        withUnsafeBytes(of: namespace.uuid) { message.append(contentsOf: $0) }
        message.append(contentsOf: nameBytes)
        let d = message.withUnsafeBufferPointer { SHA1.digest(of: $0) }
        return UUID(
            uuid: (
                d[0], d[1], d[2], d[3], d[4], d[5], d[6] & 0x0F | 0x50, d[7],
                d[8] & 0x3F | 0x80, d[9], d[10], d[11], d[12], d[13], d[14], d[15]
            ))
    }
}
