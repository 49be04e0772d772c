#!/usr/bin/env python3
"""Writes a NACHA file of N autopay debits (PPD, 10,000 entries a batch) for timing
`tally ingest` as a user runs it. Independent of the project's C++ writer, so the figure it
gives does not rest on the code it measures.

Usage: bench/make_ach_file.py N OUT.ach [FIRST_TRACE]
"""
import random
import sys

ROUTINGS = ["091000019", "021000021", "011000015", "122105278"]
ODFI = "12104288"
BATCH = 10_000


def record(text):
    assert len(text) <= 94, (len(text), text)
    return text.ljust(94)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    trace = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(n + trace)
    lines = [record("101 121042882 1210428822611220830A094101FEDERAL RESERVE BANK   TALLY WATER            REF1")]
    batches = (n + BATCH - 1) // BATCH
    entries = hash_total = debits = 0
    for b in range(batches):
        count = min(BATCH, n - b * BATCH)
        lines.append(record("5200TALLY WATER                         1234567890PPDAUTOPAY   NOV 26261123   1"
                            + ODFI + "%07d" % (b + 1)))
        batch_hash = batch_debits = 0
        for _ in range(count):
            routing = rng.choice(ROUTINGS)
            account = str(300000 + rng.randrange(100000))
            amount = rng.randrange(100, 99999)
            lines.append(record("627" + routing + ("7" + account).ljust(17) + "%010d" % amount
                                + account.ljust(15) + ("PAYER " + account).ljust(22) + "  0" + ODFI
                                + "%07d" % trace))
            trace += 1
            batch_hash += int(routing[:8])
            batch_debits += amount
        lines.append(record("8200%06d%010d%012d%012d1234567890%s%s%07d"
                            % (count, batch_hash % 10**10, batch_debits, 0, " " * 25, ODFI, b + 1)))
        entries += count
        hash_total += batch_hash
        debits += batch_debits
    blocks = (len(lines) + 1 + 9) // 10
    lines.append(record("9%06d%06d%08d%010d%012d%012d"
                        % (batches, blocks, entries, hash_total % 10**10, debits, 0)))
    while len(lines) % 10:
        lines.append("9" * 94)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
