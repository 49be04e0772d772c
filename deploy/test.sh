#!/usr/bin/env bash
# One command: set up, build and pass all tests.
#   sudo deploy/test.sh
# Installs the Debian packages, builds into build-test/, runs every ctest test (2 at a time,
# slow ones included with their time bounds), then the fuzzers for a bounded time.
# TALLY_FUZZ_SECONDS (default 20 per fuzzer; 0 skips fuzzing) bounds the fuzzing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TALLY_TEST_BUILD_DIR:-$root/build-test}
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh" "$build" -DTALLY_BUILD_TESTS=ON -DTALLY_BUILD_BENCH=ON
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 600 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  # What the machine looked like when the tests failed: a test killed from outside, or one
  # that ran out of memory or disk, shows here and nowhere else.
  echo "ctest failed (exit $status); the machine now:"
  free -m || true
  df -h "$build" /tmp || true
  ps -eo pid,ppid,rss,etime,args --sort=-rss | head -15 || true
  dmesg 2>/dev/null | tail -20 || true
  exit "$status"
fi
"$root/deploy/fuzz.sh" "${TALLY_FUZZ_SECONDS:-20}"
# One closing line for whoever reads the end of the run: ctest's counts (the fuzzers above
# fail the script by themselves).
sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$log" | tail -1 |
  while read -r failed total; do echo "tests: $((total - failed)) passed, $failed failed"; done
