#!/usr/bin/env bash
# tests/support/bounded_output.sh: passes a test's output and exit status through, and stops
# a test that writes past the limit with a failure that says so.
# Usage: bounded_output_test.sh LAUNCHER
set -uo pipefail
launcher=$1
fail() { echo "FAIL: $*"; exit 1; }

out=$("$launcher" sh -c 'echo to-stdout; echo to-stderr >&2; exit 3')
status=$?
[ "$status" = 3 ] || fail "exit status $status, not the test's 3"
[ "$out" = $'to-stdout\nto-stderr' ] || fail "output not passed through: $out"

out=$(TALLY_TEST_OUTPUT_LIMIT=1000 "$launcher" sh -c 'yes spew; exit 0')
status=$?
[ "$status" = 1 ] || fail "a test past the limit ended with $status, not 1"
[ "$(printf '%s' "$out" | grep -c '^spew$')" -le 200 ] || fail "more than the limit came through"
printf '%s\n' "$out" | tail -1 | grep -q 'wrote more than 1000 bytes' || fail "no word of the cut: $(printf '%s\n' "$out" | tail -1)"

out=$(TALLY_TEST_OUTPUT_LIMIT=1000 "$launcher" sh -c 'head -c 900 /dev/zero | tr "\0" x; exit 0')
[ $? = 0 ] || fail "a test under the limit failed"
[ "${#out}" = 900 ] || fail "a test under the limit lost output: ${#out} bytes"
# A test that would print forever ends: it is stopped at its first write after the cut.
timeout 20 "$launcher" yes spew >/dev/null
status=$?
[ "$status" = 1 ] || fail "an endless printer ended with $status, not 1 (124 is the 20 s timeout)"

# Should memory run out, the kernel is to pick a test before ctest.
[ "$("$launcher" cat /proc/self/oom_score_adj)" = 500 ] || fail "the test's out-of-memory score was not raised"
echo "PASS: output and status pass through; a test past the limit is stopped and named"
