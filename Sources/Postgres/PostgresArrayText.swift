/// The text form of one-dimensional PostgreSQL arrays: `{1,2,NULL,"a b"}`.
enum PostgresArrayText {
    /// Every element is quoted, which is always valid input.
    static func encode(_ elements: [String?]) -> String {
        var out = "{"
        for (i, element) in elements.enumerated() {
            if i > 0 { out += "," }
            guard let element else {
                out += "NULL"
                continue
            }
            out += "\""
            for ch in element.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
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
