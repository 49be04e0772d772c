#!/usr/bin/env bash
# Installs exactly the Debian bookworm packages that Tally needs to build, run and test.
# Idempotent: when every package is already installed it only checks, and returns in ~1 s.
# Run as root (or with sudo) on Debian bookworm.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # libraries Tally links against (see README, "Dependencies")
  librocksdb-dev librdkafka-dev libssl-dev libfmt-dev libspdlog-dev
  libboost1.81-dev libboost-json1.81-dev
  libprotobuf-dev protobuf-compiler
  libcli11-dev libtomlplusplus-dev libexpat1-dev
  zlib1g-dev
  # tests: Catch2 for unit tests, clang for the libFuzzer targets
  catch2 clang libclang-rt-14-dev
  # scripts: curl for the run command's health check
  curl
  # browser tests of the web pages: Debian's Chromium, its matching driver (same Debian
  # version, so pinned together) and Selenium to drive it
  chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
