"""web_bench: every web page's weight and load time in headless Chromium on loopback.

A fresh office (tests/browser/world.py: users, a demo day ingested, `tally serve`); each person
signs in and loads each of their pages 1 + N times (N = 15, 5 with --quick), the first with the
browser's cache emptied. Per page:
  web_<page>_kb       the page and every script and style it loads (decoded bytes, cold load),
                      baseline 150
                      (the budget, DESIGN.md: no same-run baseline for a size)
  web_<page>_load_ms  median navigation time (navigationStart to loadEventEnd) of the warm
                      loads, baseline: the median of the same server's /healthz loaded the same
                      way in the same run (what a navigation to this server costs at all)
Budget: each page <= 150 KB and <= 200 ms (printed on stderr beside the figures)."""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "browser"))

import world  # noqa: E402

PAGES = {"ana": ("signin", "home", "counter"), "sam": ("supervisor",),
         "bea": ("accounts/100001", "suspense", "files", "adjustments"), "fin": ("finance",)}
NAVIGATION = """
  const n = performance.getEntriesByType('navigation')[0];
  const bytes = n.decodedBodySize + performance.getEntriesByType('resource')
      .reduce((sum, r) => sum + r.decodedBodySize, 0);
  return [n.loadEventEnd - n.startTime, bytes];"""


def measure(browser, path, loads):
    """Median warm load time, and the weight of a cold load (the browser's cache emptied first:
    a cached script is in no resource entry)."""
    times, size = [], 0
    browser.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    for i in range(1 + loads):
        browser.go(path)
        browser.wait(lambda d: d.execute_script("return document.readyState") == "complete", path)
        browser.wait(lambda d: d.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd > 0"),
                     path + " loaded")
        ms, bytes_loaded = browser.driver.execute_script(NAVIGATION)
        if i == 0:
            size = bytes_loaded
        else:
            times.append(ms)
    return statistics.median(times), size


def main():
    tally = sys.argv[1]
    loads = 5 if "--quick" in sys.argv else 15
    why = world.missing_tools()
    if why:
        print(f"web_bench: skipped: {why}", file=sys.stderr)
        return 0
    office = world.Office(tally, "/tmp")
    try:
        for name, role in (("ana", "cashier"), ("sam", "supervisor"), ("bea", "billing"), ("fin", "finance")):
            office.add_user(name, role)
        import datetime
        office.ingest_demo_day(datetime.datetime.now(datetime.timezone.utc).date().isoformat())
        office.start()
        results = {}
        bare_ms = None
        for user, pages in PAGES.items():
            b = world.Browser(office)
            if bare_ms is None:
                bare_ms, _ = measure(b, "/healthz", loads)
            if "signin" in pages:
                results["signin"] = measure(b, "/web/signin", loads)
            b.sign_in(user)
            for page in pages:
                if page == "signin":
                    continue
                results[page] = measure(b, "/web/" + ("" if page == "home" else page), loads)
            b.quit()
        for page, (ms, size) in results.items():
            name = page.split("/")[0]
            kb = size / 1024
            print(f"web_{name}_kb value={kb:.1f} unit=KB baseline=150.0 ratio={kb / 150:.3f}")
            print(f"web_{name}_load_ms value={ms:.1f} unit=ms baseline={bare_ms:.1f} ratio={ms / bare_ms if bare_ms else 0:.3f}")
            print(f"web_bench: {page}: {kb:.1f} KB (budget 150), {ms:.1f} ms (budget 200)", file=sys.stderr)
        sys.stdout.flush()
        over = [p for p, (ms, size) in results.items() if size > 150 * 1024 or ms > 200]
        return 1 if over else 0
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main())
