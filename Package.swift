// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "CitizenKiosk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiosk", targets: ["kiosk"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        .target(
            name: "QRCode",
            dependencies: ["CQRencode"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskCore",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskOCOP",
            dependencies: ["KioskCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskContent",
            dependencies: ["KioskCore", "TOMLKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskStore",
            dependencies: [
                "KioskCore", "KioskOCOP",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskPrint",
            dependencies: ["KioskCore", "KioskContent", "KioskOCOP", "QRCode", "CPangoCairo"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskHTTP",
            dependencies: [
                "KioskCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskHubClient",
            dependencies: [
                "KioskCore", "KioskStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskServer",
            dependencies: [
                "KioskCore", "KioskOCOP", "KioskContent", "KioskHTTP", "KioskStore", "QRCode", "KioskPrint", "KioskHubClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskHub",
            dependencies: [
                "KioskCore", "KioskHTTP",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KioskTerminal",
            dependencies: [
                "KioskCore", "KioskContent", "KioskStore", "QRCode",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kiosk",
            dependencies: [
                "KioskServer", "KioskTerminal", "KioskContent", "KioskStore", "KioskCore", "KioskOCOP", "QRCode", "KioskPrint", "KioskHub",
                "KioskHTTP",
                "KioskHubClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport", dependencies: ["KioskCore", "KioskStore"], path: "Tests/TestSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KioskPrintTests", dependencies: ["KioskPrint", "QRCode", "KioskCore", "KioskOCOP", "KioskContent", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "KioskCoreTests", dependencies: ["KioskCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "KioskOCOPTests", dependencies: ["KioskOCOP", "KioskCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "KioskContentTests", dependencies: ["KioskContent", "KioskCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KioskStoreTests",
            dependencies: ["KioskStore", "KioskCore", "KioskOCOP", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KioskServerTests",
            dependencies: [
                "KioskServer", "KioskStore", "KioskContent", "KioskCore", "KioskOCOP", "KioskPrint", "TestSupport", "QRCode", "KioskTerminal",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KioskTerminalTests",
            dependencies: [
                "KioskTerminal", "KioskCore", "KioskContent", "KioskStore", "QRCode",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KioskHubTests",
            dependencies: [
                "KioskHub", "KioskHTTP", "KioskHubClient", "KioskServer", "KioskStore", "KioskContent", "KioskCore", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "KioskCLITests", dependencies: ["KioskStore", "KioskCore", "TestSupport", "QRCode"], swiftSettings: swiftSettings),
    ]
)
