#!/usr/bin/env bash
# One command: set up, build and pass all tests.
#   sudo deploy/test.sh
# Installs the Debian packages, builds into build-test/, runs every ctest test (2 at a time,
# slow ones included with their time bounds), then the fuzzers for a bounded time.
# TALLY_FUZZ_SECONDS (default 20 per fuzzer; 0 skips fuzzing) bounds the fuzzing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TALLY_TEST_BUILD_DIR:-$root/build-test}
# Each stage says when it starts: a run cut short shows how far it got.
stage() { echo "== $1 ($SECONDS s into the run)"; }
stage "installing the Debian packages"
"$root/deploy/install-deps.sh"
stage "building"
"$root/deploy/build.sh" "$build" -DTALLY_BUILD_TESTS=ON -DTALLY_BUILD_BENCH=ON
stage "running the tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 600 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  # What the machine looked like when the tests failed: a test killed from outside, or one
  # that ran out of memory or disk, shows here and nowhere else. Last, what matters most, as
  # a CI page may show only the end of the run.
  echo "the machine now:"
  free -m || true
  df -h "$build" /tmp || true
  ps -eo pid,ppid,rss,etime,args --sort=-rss | head -8 || true
  dmesg 2>/dev/null | grep -iE "out of memory|oom|killed process" | tail -5 || true
  # The tests ctest started and never reported: the one running when ctest itself was killed.
  awk '/ Start +[0-9]+: /{sub(/.* Start +/, ""); split($0, a, ": "); running[a[1]] = $0}
       /Test +#[0-9]+: /{sub(/.*Test +#/, ""); split($0, a, ": "); delete running[a[1]]}
       END{for (t in running) print "still running when ctest ended: " running[t]}' "$log" || true
  grep -E '\*\*\*|Failed' "$log" | tail -5 || true
  echo "ctest failed (exit $status; 137 is a SIGKILL, from the kernel's out-of-memory killer if no one else)"
  exit "$status"
fi
stage "fuzzing"
"$root/deploy/fuzz.sh" "${TALLY_FUZZ_SECONDS:-20}"
stage "done"
# One closing line for whoever reads the end of the run: ctest's counts (the fuzzers above
# fail the script by themselves).
sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$log" | tail -1 |
  while read -r failed total; do echo "tests: $((total - failed)) passed, $failed failed"; done
