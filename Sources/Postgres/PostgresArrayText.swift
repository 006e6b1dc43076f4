/// The text form of one-dimensional PostgreSQL arrays: `{1,2,NULL,"a b"}`.
enum PostgresArrayText {
    /// Every element is quoted, which is always valid input. Works on UTF-8 bytes: this runs for every array
    /// parameter (e.g. each event append binds its JSON documents as one array).
    static func encode(_ elements: [String?]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(2 + elements.reduce(0) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            guard let element else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    enum ParseError: Error { case malformed(String) }

    /// Parses a one-dimensional array literal into its elements (nil for NULL).
    static func decode(_ text: String) throws -> [String?] {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        // Arrays with custom lower bounds print as "[0:1]={…}".
        if scalars.first == "[", let eq = scalars.firstIndex(of: "=") { i = eq + 1 }
        guard i < scalars.count, scalars[i] == "{", scalars.last == "}" else { throw ParseError.malformed("not an array literal") }
        i += 1
        var elements: [String?] = []
        if i == scalars.count - 1 { return elements }
        while i < scalars.count - 1 {
            if scalars[i] == "{" { throw ParseError.malformed("multi-dimensional arrays are not supported") }
            var value = String.UnicodeScalarView()
            if scalars[i] == "\"" {
                i += 1
                while i < scalars.count - 1, scalars[i] != "\"" {
                    if scalars[i] == "\\" { i += 1 }
                    value.append(scalars[i])
                    i += 1
                }
                guard i < scalars.count - 1 else { throw ParseError.malformed("unterminated quoted element") }
                i += 1
                elements.append(String(value))
            } else {
                while i < scalars.count - 1, scalars[i] != "," {
                    value.append(scalars[i])
                    i += 1
                }
                let raw = String(value)
                elements.append(raw.uppercased() == "NULL" ? nil : raw)
            }
            if i < scalars.count - 1 {
                guard scalars[i] == "," else { throw ParseError.malformed("expected a comma") }
                i += 1
            }
        }
        return elements
    }
}
