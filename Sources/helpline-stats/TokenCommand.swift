import ArgumentParser
import Foundation
import HTTPServer

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens (bearer tokens with scopes ingest, read, public, admin).",
        discussion: """
            Only a SHA-256 hash of each token is stored; the token is shown once, when created.
            Scopes: ingest (append events, record campaigns), read (reports, campaigns, dashboard, metrics),
            admin (everything).

            Examples:
              helpline-stats token create --name telephony --scope ingest
              helpline-stats token create --name evaluators --scope read
              helpline-stats token create --name website --scope public   # the public reports and dashboard only
              helpline-stats token list
              helpline-stats token revoke telephony
            """,
        subcommands: [CreateToken.self, ListTokens.self, RevokeToken.self])
}

extension TokenScope: ExpressibleByArgument {}

struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print it (once).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "What or who the token is for.") var name: String
    @Option(help: "ingest, read, public (the public reports and dashboard only, docs/DISCLOSURE.md) or admin (repeatable).") var scope: [TokenScope]

    func validate() throws {
        guard !scope.isEmpty else { throw ValidationError("give at least one --scope (ingest, read, public, admin)") }
        guard (1...100).contains(name.count) else { throw ValidationError("--name must be 1–100 characters") }
    }

    func run() async throws {
        let (token, id) = try await database.withPool { pool in try await TokenStore(pool: pool).create(name: name, scopes: scope) }
        print(token)
        FileHandle.standardError.write(
            Data(
                "token \(id.uuidString.lowercased()) \"\(name)\" created with scope(s) \(Set(scope).map(\.rawValue).sorted().joined(separator: ", ")); it is not shown again\n"
                    .utf8))
    }
}

struct ListTokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the tokens themselves).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let tokens = try await database.withPool { pool in try await TokenStore(pool: pool).list() }
        for t in tokens {
            let state = t.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
            print(
                "\(t.tokenID.uuidString.lowercased())  \(t.name)  \(t.scopes.map(\.rawValue).joined(separator: ","))  created \(t.createdAt.formatted(.iso8601))  \(state)"
            )
        }
        if tokens.isEmpty { print("no tokens; create one with `helpline-stats token create --name NAME --scope read`") }
    }
}

struct RevokeToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by id or name.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The token's id or name.") var token: String

    func run() async throws {
        let count = try await database.withPool { pool in try await TokenStore(pool: pool).revoke(token) }
        guard count > 0 else { throw CLIError("no active token with id or name \(token)") }
        print("revoked \(count) token(s)")
    }
}
