#!/usr/bin/env python3
"""Which static modes of a sweep are worth more runs: those whose median total time so far is within FACTOR of the
best static mode's at that (set, bandwidth). A mode far behind after one run cannot become the best static mode by
run-to-run noise (seen: ~6 % in wire bytes), and at 5 Mbit/s one run of the slowest front mode costs a quarter of an
hour. Modes not yet measured stay in (nothing is known about them).
Usage: contenders.py RESULTS SET BANDWIDTH FACTOR MODE...   prints the MODEs kept, in their order"""
import json
import statistics
import sys


def main(argv):
    results, set_name, bandwidth, factor, modes = argv[0], argv[1], argv[2], float(argv[3]), argv[4:]
    totals = {}
    for line in open(results):
        if not line.strip():
            continue
        r = json.loads(line)
        if (r.get("set"), r.get("bandwidth")) == (set_name, bandwidth) and r.get("verified") and r.get("total_s"):
            totals.setdefault(r.get("label"), []).append(r["total_s"])
    medians = {m: statistics.median(totals[m]) for m in modes if m in totals}
    if not medians:
        print(" ".join(modes))
        return
    best = min(medians.values())
    print(" ".join(m for m in modes if m not in medians or medians[m] <= factor * best))


if __name__ == "__main__":
    main(sys.argv[1:])
