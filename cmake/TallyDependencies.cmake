# Every third-party library, found once, as imported targets. All come from Debian bookworm
# packages installed by deploy/install-deps.sh.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(Protobuf 3.21 REQUIRED)
find_package(RocksDB REQUIRED)
find_package(CLI11 2 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
find_package(EXPAT REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json CONFIG)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka>=2.0)
