#!/usr/bin/python3
"""Runs the browser tests (every test_*.py here): run.py TALLY_BINARY ARTIFACTS_DIR. Exits 77 (ctest's
skip) saying why when this machine has no Chromium, chromedriver or Selenium."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

TALLY = sys.argv[1] if len(sys.argv) > 1 else ""
ARTIFACTS = sys.argv[2] if len(sys.argv) > 2 else "artifacts"

if __name__ == "__main__":
    import world

    why = world.missing_tools()
    if why:
        print(f"skipped: {why}")
        sys.exit(77)
    os.makedirs(ARTIFACTS, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    names = sorted(f[:-3] for f in os.listdir(here) if f.startswith("test_") and f.endswith(".py"))
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    print(f"screenshots: {os.path.join(os.path.abspath(ARTIFACTS), 'screenshots')}")
    sys.exit(0 if result.wasSuccessful() else 1)
