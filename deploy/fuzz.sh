#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 20) on a corpus
# seeded from each reader's own fixtures (formats/<format>/fuzz/seeds) and ../shared/corpus
# when present. Any crash, leak or hang fails the run.
#   deploy/fuzz.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
if [ "$seconds" = "0" ]; then echo "fuzz: skipped (0 seconds requested)"; exit 0; fi
build=$root/build-fuzz
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTALLY_BUILD_FUZZ=ON -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCH=OFF >/dev/null
# Fuzzer executables: targets named *_fuzz (not ninja's internal cmake_object_order_* ones).
fuzzers=$(ninja -C "$build" -t targets all | sed -n 's/^\([a-z0-9_]*_fuzz\): .*/\1/p' | grep -v '^cmake_' | sort -u)
if [ -z "$fuzzers" ]; then echo "fuzz: no fuzz targets yet"; exit 0; fi
# shellcheck disable=SC2086
ninja -C "$build" $fuzzers >/dev/null
declare -A seeds=([nacha_fuzz]=ach [bai2_fuzz]=bai2 [lockbox_fuzz]=lockbox [camt_fuzz]=camt [x9_fuzz]=x9)
failed=0
for f in $fuzzers; do
  work=$(mktemp -d)
  src="$root/../shared/corpus/${seeds[$f]:-none}"
  [ -d "$src" ] && find "$src" -type f ! -name '*.gz' -exec cp {} "$work/" \;
  own="$root/formats/${f%_fuzz}/fuzz/seeds"
  [ -d "$own" ] && find "$own" -type f ! -name '*.gz' -exec cp {} "$work/" \;
  bin=$(find "$build" -type f -name "$f" -perm -u+x | head -1)
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      "$work" >"$work.log" 2>&1; then
    echo "fuzz: $f ran ${seconds}s, no crash ($(grep -o 'Done [0-9]* runs' "$work.log" | tail -1 | sed 's/Done //'), $(grep -o 'cov: [0-9]*' "$work.log" | tail -1))"
  else
    echo "fuzz: $f FAILED"; tail -40 "$work.log"; failed=1
  fi
  rm -rf "$work" "$work.log"
done
exit $failed
