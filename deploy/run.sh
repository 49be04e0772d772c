#!/usr/bin/env bash
# One command: set up and run Tally's main job on the embedded default.
#   sudo deploy/run.sh [tally serve options...]
# Installs the Debian packages, builds, then runs `tally serve --demo` with its data in
# $TALLY_DATA_DIR (default /var/lib/tally) until Ctrl-C. The demo writes a generated day of
# files into the inbox (deterministic per day: running again ingests nothing twice).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/deploy/install-deps.sh"
echo "tally: building (the first build takes several minutes)..."
"$root/deploy/build.sh" "$root/build-run" -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCH=OFF >/dev/null
data_dir=${TALLY_DATA_DIR:-/var/lib/tally}
echo "tally: data in $data_dir; HTTP on http://127.0.0.1:8080 (try /healthz); Ctrl-C stops it"
exec "$root/build-run/app/tally" --data-dir "$data_dir" serve --demo "$@"
