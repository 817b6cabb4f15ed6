// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SynthForge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synthforge", targets: ["synthforge"]),
        .library(name: "SynthRuntime", targets: ["SynthRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Bottom layer: records, specs, plans, seeded randomness, pipeline protocols.
        .target(name: "SynthCore", swiftSettings: upcoming),

        // Capabilities, side by side, each importing only SynthCore.
        .target(
            name: "SynthGenerators",
            dependencies: ["SynthCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming,
            plugins: ["EmbedPacks"]
        ),
        .target(name: "SynthQuality", dependencies: ["SynthCore"], swiftSettings: upcoming),
        .target(
            name: "SynthExport",
            dependencies: ["SynthCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: upcoming
        ),

        // Language models: requests, prompt templates, structured output, rate control, budgets, the response cache.
        .target(
            name: "SynthLLM",
            dependencies: [
                "SynthCore", .product(name: "Yams", package: "Yams"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming,
            plugins: ["EmbedPacks"]
        ),

        // The wire to model APIs (OpenAI-compatible, Anthropic); the only target that builds the HTTP client.
        .target(
            name: "SynthProviders",
            dependencies: ["SynthLLM", "SynthCore", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: upcoming
        ),

        // Where datasets live: records, versions, refs, runs, templates, ledger and audit log,
        // behind one SQL interface with an SQLite and a PostgreSQL backend.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "SynthStore", dependencies: ["SynthCore", "SynthExport", "CSQLite", "CLibPQ"], swiftSettings: upcoming),

        // Wires a spec into a running pipeline; the library's public face.
        .target(
            name: "SynthRuntime",
            dependencies: [
                "SynthCore", "SynthGenerators", "SynthQuality", "SynthExport", "SynthStore", "SynthLLM",
                "SynthProviders", "LoopbackLLM", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),

        // `synthforge serve`: the REST API, auth and roles, the job runner and the web UI, over the runtime and the store.
        .target(
            name: "SynthServer",
            dependencies: [
                "SynthRuntime", "SynthCore", "SynthStore", "SynthExport", "SynthLLM", "SynthQuality",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: upcoming
        ),

        // Argument parsing only.
        .executableTarget(
            name: "synthforge",
            dependencies: ["SynthRuntime", "SynthServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: upcoming
        ),

        // Fixtures for tests: a scripted source and provider, an in-memory sink, running built binaries and the local LLM server.
        .target(name: "SynthTesting", dependencies: ["SynthCore", "SynthLLM"], swiftSettings: upcoming),

        // A fake model server on loopback for tests and benchmarks: OpenAI and Anthropic wire formats, scripted failures.
        .target(
            name: "LoopbackLLM",
            dependencies: [
                "SynthCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // Build-time tool: embeds the YAML domain packs (packs/) and prompt templates (templates/) into the binary.
        .executableTarget(name: "PackEmbedder", swiftSettings: upcoming),
        .plugin(name: "EmbedPacks", capability: .buildTool(), dependencies: ["PackEmbedder"]),

        .testTarget(
            name: "SynthCoreTests",
            dependencies: ["SynthCore", "SynthTesting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SynthGeneratorsTests",
            dependencies: [
                "SynthGenerators", "SynthCore", "SynthTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "SynthQualityTests", dependencies: ["SynthQuality", "SynthCore", "SynthTesting"], swiftSettings: upcoming),
        .testTarget(
            name: "SynthExportTests",
            dependencies: ["SynthExport", "SynthCore", "SynthTesting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SynthLLMTests",
            dependencies: ["SynthLLM", "SynthCore", "SynthTesting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SynthProvidersTests",
            dependencies: ["SynthProviders", "SynthLLM", "SynthCore", "SynthTesting", "LoopbackLLM"],
            swiftSettings: upcoming
        ),
        .testTarget(name: "SynthStoreTests", dependencies: ["SynthStore", "SynthCore", "SynthTesting"], swiftSettings: upcoming),
        .testTarget(
            name: "SynthRuntimeTests",
            dependencies: [
                "SynthRuntime", "SynthCore", "SynthLLM", "SynthTesting", "LoopbackLLM",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SynthServerTests",
            dependencies: [
                "SynthServer", "SynthRuntime", "SynthStore", "SynthCore", "SynthTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "CLITests", dependencies: ["synthforge", "SynthTesting", "SynthCore", "LoopbackLLM"], swiftSettings: upcoming),
    ]
)
