import Testing

@testable import Postgres

@Suite("Connection URLs")
struct ConfigurationTests {
    @Test("a full URL gives every part, percent-decoded")
    func fullURL() throws {
        let c = try PostgresConfiguration(url: "postgres://app%40x:p%2Fss@db.example.org:6543/helpline?sslmode=require&connect_timeout=3")
        #expect(c.user == "app@x")
        #expect(c.password == "p/ss")
        #expect(c.host == "db.example.org")
        #expect(c.port == 6543)
        #expect(c.database == "helpline")
        #expect(c.sslMode == "require")
        #expect(c.connectTimeoutSeconds == 3)
    }

    @Test("a socket directory in the host parameter is a Unix socket")
    func socketURL() throws {
        let c = try PostgresConfiguration(url: "postgresql://postgres@/postgres?host=/tmp/x/socket&port=5433")
        #expect(c.isUnixSocket)
        #expect(c.host == "/tmp/x/socket")
        #expect(c.port == 5433)
        #expect(c.password == nil)
    }

    @Test("an IPv6 host in brackets")
    func ipv6() throws {
        let c = try PostgresConfiguration(url: "postgres://u@[::1]:5000/d")
        #expect(c.host == "::1")
        #expect(c.port == 5000)
    }

    @Test(
        "a bad URL is refused with a message saying what is wrong",
        arguments: [
            ("mysql://u@h/d", "scheme"),
            ("localhost:5432", "no scheme"),
            ("postgres://u@h:99999/d", "port"),
            ("postgres://u@h:abc/d", "port"),
            ("postgres://u@h/d?sslmode=sometimes", "sslmode"),
            ("postgres://u@h/d?colour=blue", "unknown parameter colour"),
        ])
    func badURL(url: String, mention: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConfiguration(url: url) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(mention) == true, "\(error?.message ?? "") should mention \(mention)")
    }

    @Test("the endpoint description never contains the password")
    func noPasswordInDescription() throws {
        let c = try PostgresConfiguration(url: "postgres://u:secret@h/d")
        #expect(!c.endpointDescription.contains("secret"))
    }
}
