#!/usr/bin/env bash
# Autopay origination and suspense, through the CLI: a generated day is ingested; the two
# customers whose autopay debits came back (R01, R02) are not debited again; the next cycle's
# bills are debited, once per effective date, but not the closed account's; the check with no
# coupon sits in suspense until applied.
# Usage: autopay_suspense_test.sh TALLY_BINARY
set -euo pipefail
tally=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t() { "$tally" --data-dir "$work/data" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
fail() { echo "FAIL: $*"; exit 1; }

"$tally" demo --out "$work/files" --date 2026-11-20 >/dev/null
enrolled=$(($(cat "$work"/files/02-autopay-enrollments-*.csv | wc -l) - 1))
t ingest --json "$work"/files/* >"$work/ingest.json" || fail "ingest: $(cat "$work/ingest.json")"
[ "$(json 'd["accepted"]' <"$work/ingest.json")" = 7 ] || fail "not all 7 demo files accepted"

# Right after the returns autopay takes nothing: the R01 customer owes only the returned debit
# and its fee (never debited again in a regular entry), the R02 customer's account is closed.
t autopay generate --json >"$work/none.json" || fail "generate: $(cat "$work/none.json")"
[ "$(json 'd["entries"]' <"$work/none.json")" = 0 ] || fail "debited after the returns: $(cat "$work/none.json")"

# The next cycle's bills: every enrolled customer but the R02 one is debited, for the new bill.
"$tally" demo --out "$work/next" --date 2026-12-20 >/dev/null
t ingest --json "$work"/next/01-billing-*.csv >/dev/null || fail "ingest of the next bills"
owing_before=$(t ledger accounts --json --limit 1000 | json 'sum(a["balance_minor"] for a in d["accounts"] if a["account"].startswith("customer:") and a["balance_minor"] > 0)')
t autopay generate --json >"$work/gen.json" || fail "generate: $(cat "$work/gen.json")"
entries=$(json 'd["entries"]' <"$work/gen.json")
total=$(json 'd["total_minor"]' <"$work/gen.json")
[ "$entries" = $((enrolled - 1)) ] || fail "expected $((enrolled - 1)) debits (all but the closed account), got $entries"
file=$(json 'd["file"]' <"$work/gen.json")
effective=$(json 'd["effective_date"]' <"$work/gen.json")
# The debits are scheduled: nothing posts before their effective date; on it, what customers
# owe falls by exactly the file's total.
owing() { t ledger accounts --json --limit 1000 | json 'sum(a["balance_minor"] for a in d["accounts"] if a["account"].startswith("customer:") and a["balance_minor"] > 0)'; }
[ "$(owing)" = "$owing_before" ] || fail "the debits posted before their effective date"
TALLY_TODAY="$effective" t autopay settle >/dev/null || fail "settle on $effective"
owing_after=$(owing)
[ $((owing_before - owing_after)) = "$total" ] || fail "owed fell by $((owing_before - owing_after)), not $total"
t parse --json "$file" | json 'd["accepted"] and d["summary"]["debit_total_minor"]' | grep -qx "$total" \
  || fail "the generated file does not parse back to its total"
if t autopay generate --effective "$effective" >/dev/null 2>&1; then fail "a second run for the same date was allowed"; fi

t suspense list --json >"$work/suspense.json"
[ "$(json 'len(d["payments"])' <"$work/suspense.json")" = 1 ] || fail "expected one payment in suspense"
id=$(json 'd["payments"][0]["event_id"]' <"$work/suspense.json")
amount=$(json 'd["payments"][0]["amount_minor"]' <"$work/suspense.json")
before=$(t ledger balance 100117 --json | json 'd["balance_minor"]')
t suspense apply "$id" 100117 --user maria >/dev/null || fail "apply"
after=$(t ledger balance 100117 --json | json 'd["balance_minor"]')
[ $((before - after)) = "$amount" ] || fail "applying moved $((before - after)), not $amount"
[ "$(t suspense list --json | json 'len(d["payments"])')" = 0 ] || fail "suspense not empty after apply"
if t suspense apply "$id" 100117 --user maria >/dev/null 2>&1; then fail "applied twice"; fi
t ledger verify --json | json 'd["ok"]' | grep -qx True || fail "ledger verify"
echo "PASS: autopay debited $entries accounts ($total minor), suspense applied $amount minor"
