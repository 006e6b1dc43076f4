import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("Periodic report jobs, as a scheduler runs them")
struct ReportCommandTests {
    @Test("report monthly --format html --output writes a well-formed page with one chart per helpline; a bad run exits non-zero and writes nothing")
    func htmlReport() async throws {
        try await withCLIDatabase { cli, _ in
            var csv = String(decoding: contactCSV(40, prefix: "a"), as: UTF8.self)
            csv += "y1,nupraatikerover,chat,2023-03-04T20:00:00+01:00,answered,5,600,counselling\n"
            csv += "y2,nupraatikerover,chat,2023-04-04T20:00:00+02:00,answered,5,600,counselling\n"
            #expect(try await cli.run(["import", "contacts", "-"], stdin: Data(csv.utf8)).status == 0)
            #expect(try await cli.run(["project", "run", "--until-caught-up"]).status == 0)
            let file = URL(fileURLWithPath: "/tmp/report-\(UUID().uuidString.prefix(8)).html")
            defer { try? FileManager.default.removeItem(at: file) }
            let run = try await cli.run(["report", "monthly", "--from", "2023-01", "--to", "2023-12", "--format", "html", "--output", file.path])
            #expect(run.status == 0, "\(run.stderr)")
            let html = try String(contentsOf: file, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.components(separatedBy: "class=\"chart\" id=\"chart-").count - 1 == 2, "one chart per helpline (1712, nupraatikerover)")
            #expect(html.contains("1712") && html.contains("nupraatikerover"))
            #expect(Self.isWellFormed(html), "tags balance")

            let missing = URL(fileURLWithPath: "/nonexistent-folder/report.md")
            let failed = try await cli.run(["report", "monthly", "--month", "last", "--format", "markdown", "--output", missing.path])
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("cannot write"))
            let usage = try await cli.run(["report", "monthly", "--month", "2023-13"])
            #expect(usage.status == 64)
        }
    }

    /// Every element opened is closed in order (void elements aside); enough to catch broken markup.
    static func isWellFormed(_ html: String) -> Bool {
        let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"]
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            let selfClosing = tag.hasSuffix("/")
            let name = tag.drop(while: { $0 == "/" }).prefix(while: { !$0.isWhitespace && $0 != "/" }).lowercased()
            if tag.hasPrefix("/") {
                guard stack.popLast() == name else { return false }
            } else if !selfClosing && !voidElements.contains(name) {
                stack.append(name)
            }
        }
        return stack.isEmpty
    }
}
