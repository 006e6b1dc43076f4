// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "HelplineStats",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "helpline-stats", targets: ["helpline-stats"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Attribution", targets: ["Attribution"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .target(name: "TimeArithmetic", swiftSettings: swiftSettings),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", "TimeArithmetic", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LocalPostgres",
            dependencies: ["Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EventStore",
            dependencies: ["Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HelplineSchema",
            path: "Schema",
            exclude: [],
            sources: ["HelplineSchema.swift"],
            resources: [.copy("migrations")],
            swiftSettings: swiftSettings
        ),
        .target(name: "HelplineDomain", dependencies: ["TimeArithmetic"], swiftSettings: swiftSettings),
        .target(name: "Attribution", dependencies: ["TimeArithmetic"], swiftSettings: swiftSettings),
        .target(name: "Disclosure", dependencies: ["TimeArithmetic"], swiftSettings: swiftSettings),
        .target(name: "Reports", dependencies: ["Postgres", "Attribution", "Disclosure"], swiftSettings: swiftSettings),
        .target(name: "SampleData", dependencies: ["HelplineDomain", "Attribution"], swiftSettings: swiftSettings),
        .target(
            name: "HTTPServer",
            dependencies: [
                "Postgres", "EventStore", "HelplineDomain", "Ingest", "Projections", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Projections",
            dependencies: [
                "Postgres", "EventStore", "HelplineDomain", "Attribution", "TimeArithmetic",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Ingest",
            dependencies: ["Postgres", "EventStore", "HelplineDomain", "TimeArithmetic", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "helpline-stats",
            dependencies: [
                "Postgres", "LocalPostgres", "EventStore", "HelplineDomain", "HelplineSchema", "Ingest", "Projections", "Reports", "HTTPServer",
                "SampleData", "TimeArithmetic", "Disclosure",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "attribution-recovery", dependencies: ["Attribution", "TimeArithmetic"], swiftSettings: swiftSettings),
        .executableTarget(name: "attribution-calibrate", dependencies: ["Attribution"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "helpline-stats-bench",
            dependencies: [
                "Postgres", "LocalPostgres", "EventStore", "HelplineDomain", "HelplineSchema", "Ingest", "Projections", "Reports", "HTTPServer",
                "Attribution", "TimeArithmetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Postgres", "HelplineSchema", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "CLibPQ", "LocalPostgres", "PostgresTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LocalPostgresTests",
            dependencies: ["LocalPostgres", "Postgres", "PostgresTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HelplineDomainTests", dependencies: ["HelplineDomain"], swiftSettings: swiftSettings),
        .testTarget(name: "DisclosureTests", dependencies: ["Disclosure"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AttributionTests",
            dependencies: ["Attribution"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "Ingest", "EventStore", "HelplineDomain", "Postgres", "PostgresTestSupport", "HelplineSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "HelplineDomain"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Projections", "Ingest", "EventStore", "HelplineDomain", "Postgres", "PostgresTestSupport", "HelplineSchema",
                "Attribution", "Disclosure",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: [
                "HTTPServer", "Ingest", "EventStore", "HelplineDomain", "Projections", "Postgres", "PostgresTestSupport", "HelplineSchema",
                "LocalPostgres", "Reports",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "helpline-stats", "Postgres", "PostgresTestSupport", "HelplineSchema",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "EventStore", "HelplineDomain", "Postgres", "PostgresTestSupport", "HelplineSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "Postgres", "PostgresTestSupport", "HelplineSchema"],
            swiftSettings: swiftSettings
        ),
    ]
)
