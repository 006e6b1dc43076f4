import Foundation
import HelplineDomain
import Testing

private func hex(_ digest: [UInt8]) -> String { digest.map { String(format: "%02x", $0) }.joined() }

@Suite("SHA-1 and UUIDv5")
struct SHA1AndUUIDTests {
    @Test("SHA-1 matches the FIPS 180 test vectors")
    func sha1Vectors() {
        #expect(hex(SHA1.hash(bytes("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash(bytes(""))) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(
            hex(SHA1.hash(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("SHA-1 pads correctly around the 55/56/64-byte block edges", arguments: [55, 56, 63, 64, 65, 119, 120, 128])
    func sha1Padding(length: Int) {
        let expected: [Int: String] = [
            55: "c1c8bbdc22796e28c0e15163d20899b65621d65a", 56: "c2db330f6083854c99d4b5bfb6e8f29f201be699",
            63: "03f09f5b158a7a8cdad920bddc29b81c18a551f5", 64: "0098ba824b5c16427bd7a1122a5a442a25ec644d",
            65: "11655326c708d70319be2610e8a57d9a5b959d3b", 119: "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56",
            120: "f34c1488385346a55709ba056ddd08280dd4c6d6", 128: "ad5b3fdbcb526778c2839d2f151ea753995e26a0",
        ]
        #expect(hex(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: length))) == expected[length])
    }

    @Test("UUIDv5 reproduces the RFC 9562 (appendix A.4) example uuid5(NAMESPACE_DNS, www.example.com)")
    func uuid5Example() {
        let id = UUID.version5(namespace: .namespaceDNS, name: "www.example.com")
        #expect(id.uuidString.lowercased() == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test("UUIDv5 also matches Python's uuid5(NAMESPACE_DNS, 'python.org')")
    func uuid5Python() {
        #expect(UUID.version5(namespace: .namespaceDNS, name: "python.org").uuidString.lowercased() == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test("Event ids are deterministic, version 5, and differ per helpline, contact and kind")
    func eventIds() {
        let a = EventIDs.contactEvent(helpline: "1712", contactId: "c-42", type: .contactReceived)
        #expect(a == EventIDs.contactEvent(helpline: "1712", contactId: "c-42", type: .contactReceived))
        #expect(a.uuidString.lowercased().dropFirst(14).first == "5")
        #expect(a != EventIDs.contactEvent(helpline: "1712", contactId: "c-43", type: .contactReceived))
        #expect(a != EventIDs.contactEvent(helpline: "1713", contactId: "c-42", type: .contactReceived))
        #expect(a != EventIDs.contactEvent(helpline: "1712", contactId: "c-42", type: .contactAnswered))
        #expect(a == UUID.version5(namespace: EventIDs.namespace, name: "contact\u{1F}1712\u{1F}c-42\u{1F}ContactReceived"))
    }

    @Test("The HelplineStats namespace never changes (changing it would duplicate every re-imported event)")
    func namespaceIsFixed() {
        #expect(EventIDs.namespace.uuidString.lowercased() == "3f0c2a4e-8d1b-4c7a-9e55-6b2f1d9a7c30")
    }
}

@Suite("Documented event id examples")
struct DocumentedIdTests {
    @Test("The id examples in docs/EVENTS.md match (computed independently with Python's uuid5)")
    func documentedIds() {
        #expect(
            EventIDs.contactEvent(helpline: "1712", contactId: "2023-03-0001", type: .contactReceived).uuidString.lowercased()
                == "9733ab80-ac9f-5784-bacd-4eaf16e9cf19")
        #expect(
            EventIDs.campaignEvent(
                campaignId: "lijn-1712-veilige-thuis", type: .campaignCostRecorded, content: ["media buying", "2500000", "EUR"]
            ).uuidString.lowercased() == "8d37ed1c-ca38-5cec-b337-38c0a6987496")
    }
}
