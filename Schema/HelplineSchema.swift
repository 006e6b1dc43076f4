import Foundation

/// The numbered SQL migrations shipped with HelplineStats (`Schema/migrations/NNNN_name.sql`).
public enum HelplineSchema {
    /// The folder holding the migration files, inside this module's resource bundle.
    public static var migrationsDirectory: URL? {
        Bundle.module.url(forResource: "migrations", withExtension: nil)
    }
}
