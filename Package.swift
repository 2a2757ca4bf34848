// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-sentinel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swift-sentinel", targets: ["swift-sentinel"]),
        .library(name: "SentinelCore", targets: ["SentinelCore"]),
        .library(name: "SentinelRuntime", targets: ["SentinelRuntime"]),
        .executable(name: "sentinel-simulate", targets: ["sentinel-simulate"]),
        .executable(name: "sentinel-fuzz", targets: ["sentinel-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0")
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]
        ),
        .target(name: "SentinelCore", swiftSettings: strict),
        .target(
            name: "SentinelRuntime",
            dependencies: [
                "CHiredis",
                "SentinelCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),  // QueryDecoderFuzzing
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "swift-sentinel",
            dependencies: ["SentinelCore", "SentinelRuntime"],
            swiftSettings: strict
        ),
        // The deterministic simulation: sentinels as SentinelCore values, simulated Redis nodes and
        // a faulty network on a virtual clock. Depends on the core only, so a release build is quick.
        .target(name: "SentinelSimulation", dependencies: ["SentinelCore"], swiftSettings: strict),
        .executableTarget(name: "sentinel-simulate", dependencies: ["SentinelSimulation"], swiftSettings: strict),
        // The fuzz targets (one function per parser) and their driver: `sentinel-fuzz` replays the
        // seed corpus and seeded mutations (`make test`); built with `-sanitize=fuzzer` and
        // `-DSENTINEL_LIBFUZZER` it is a libFuzzer binary instead (`make fuzz`).
        .target(
            name: "SentinelFuzz", dependencies: ["SentinelCore", "SentinelRuntime", "SentinelSimulation"],
            swiftSettings: strict),
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "sentinel-fuzz", dependencies: ["SentinelFuzz", "CLibFuzzer"], swiftSettings: strict),
        .testTarget(
            name: "SentinelCoreTests", dependencies: ["SentinelCore", "SentinelSimulation"], swiftSettings: strict),
        .testTarget(
            name: "SentinelRuntimeTests",
            dependencies: [
                "SentinelRuntime",
                "SentinelCore",
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["SentinelCore", "CHiredis"], swiftSettings: strict),
    ]
)
