"""finance_chart_bench: the finance page's 30-day chart load over HTTP, as one range request
(GET /api/v1/reconcile/reports/deposits?from=&to=) beside the 30 daily deposit reports it
replaces, fetched as the page used to fetch them (in parallel, six at a time: a browser's
connections to one host; each connection kept alive).

A fresh office (tests/browser/world.py: a finance user, demo days ingested and reconciled,
`tally serve`). Each way is timed N times (15, 5 with --quick), alternately, from the same
process on loopback; printed as medians:
  finance_chart_range_ms   the one range request; baseline: the 30 daily requests
Also checked each round: the range's figures equal the daily reports' (a wrong answer is not
a fast one). No browser needed."""

import concurrent.futures
import datetime
import http.client
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "browser"))

import world  # noqa: E402

BUSINESS_DAYS = 30
PARALLEL = 6  # a browser's connections per host over HTTP/1.1
DEMO_DAYS = 5  # days with deposits in the chart (each ingested and reconciled)
REPORTS = "/api/v1/reconcile/reports/deposits"
# The server limits each token to 100 requests a second (burst 200): a round of 31 requests
# is let through at once, and the pause between rounds (not timed) lets the bucket refill.
PAUSE_SECONDS = 0.5


def business_days(end, n):
    """The last n Monday-to-Friday days up to end, oldest first (as finance.js counts them)."""
    out, day = [], end
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day -= datetime.timedelta(days=1)
    return out[::-1]


class Client:
    """One kept-alive connection per thread, like a browser's."""

    def __init__(self, port, token):
        self.port, self.token, self.local = port, token, threading.local()

    def get(self, path):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Authorization": "Bearer " + self.token})
        res = conn.getresponse()
        body = res.read()
        if res.status != 200:
            raise AssertionError(f"{path}: {res.status} {body[:200]!r}")
        return json.loads(body)


def ingest_demo_day(office, date):
    """world.Office.ingest_demo_day, in a folder of the day's own (it reuses one folder)."""
    folder = os.path.join(office.root, "demo-" + date)
    office.tally("demo", "--out", folder, "--date", date)
    office.tally("ingest", "--user", "setup", *sorted(os.path.join(folder, f) for f in os.listdir(folder)))


def by_channel_of_daily(report):
    """{channel: (declared, matched)} from a daily report's By channel table."""
    table = report["tables"][0]
    col = {c: i for i, c in enumerate(table["columns"])}
    return {r[col["channel"]]: (r[col["declared"]], r[col["matched"]]) for r in table["rows"] if r[0] != "total"}


def main():
    tally = sys.argv[1]
    rounds = 5 if "--quick" in sys.argv else 15
    office = world.Office(tally, "/tmp")
    try:
        office.add_user("fin", "finance")
        today = datetime.datetime.now(datetime.timezone.utc).date()
        days = business_days(today, BUSINESS_DAYS)
        for d in days[-DEMO_DAYS:]:
            ingest_demo_day(office, d.isoformat())
        office.start()
        for d in days[-DEMO_DAYS:]:
            status, body = office.api("fin", "POST", "/api/v1/reconcile/run", {"date": d.isoformat()})
            assert status == 200, body
        client = Client(office.port, office.tokens["fin"])
        first, last = days[0].isoformat(), days[-1].isoformat()
        range_path = f"{REPORTS}?from={first}&to={last}&format=json"
        daily_paths = [f"{REPORTS}?date={d.isoformat()}&format=json" for d in days]
        pool = concurrent.futures.ThreadPoolExecutor(PARALLEL)

        def daily():
            return list(pool.map(client.get, daily_paths))

        range_ms, daily_ms = [], []
        for _ in range(rounds):
            time.sleep(PAUSE_SECONDS)
            start = time.perf_counter()
            reports = daily()
            daily_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            answer = client.get(range_path)
            range_ms.append((time.perf_counter() - start) * 1000)
            got = {day["date"]: {c["channel"]: (c["declared"], c["matched"]) for c in day["channels"]}
                   for day in answer["days"]}
            for d, report in zip(days, reports):
                assert got[d.isoformat()] == by_channel_of_daily(report), d
        pool.shutdown()
        value, baseline = statistics.median(range_ms), statistics.median(daily_ms)
        print(f"finance_chart_range_ms value={value:.2f} unit=ms baseline={baseline:.2f} ratio={value / baseline:.3f}")
        print(f"finance_chart_bench: {BUSINESS_DAYS} business days, {DEMO_DAYS} with demo deposits, {rounds} rounds: "
              f"one range request {value:.2f} ms, {BUSINESS_DAYS} daily requests ({PARALLEL} at a time) {baseline:.2f} ms",
              file=sys.stderr)
        return 0
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main())
