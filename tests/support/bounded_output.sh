#!/usr/bin/env bash
# Runs one test with its output (stdout and stderr together) cut at TALLY_TEST_OUTPUT_LIMIT
# bytes, 4 MiB unless set. ctest holds every byte a test writes in memory, about three times
# over, so a test stuck in a loop that prints (a failing CHECK, a log line) could otherwise
# grow ctest until the kernel kills it, and the whole run with it, with no word of which
# test it was. Cut off, the test fails with its first 4 MiB and a line that says so; it is
# stopped by SIGPIPE at its next write.
#   bounded_output.sh COMMAND [ARG...]
limit=${TALLY_TEST_OUTPUT_LIMIT:-4194304}
# Should memory run out, the kernel is to kill a test, which ctest then reports by name,
# rather than ctest, which would end the run with no word of which test. Raising one's own
# out-of-memory score needs no privilege.
echo 500 >/proc/self/oom_score_adj 2>/dev/null || true
"$@" 2>&1 | {
  head -c "$limit"  # GNU head reads no byte past the limit
  if IFS= read -r -d '' -n 1 _; then
    echo
    echo "bounded_output: the test wrote more than $limit bytes; cut there and stopped: $*"
    exit 1
  fi
}
statuses=("${PIPESTATUS[@]}")
if [ "${statuses[1]}" -ne 0 ]; then exit "${statuses[1]}"; fi
exit "${statuses[0]}"
