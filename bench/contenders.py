#!/usr/bin/env python3
"""Whether a static mode of the adaptation sweep is worth a run in a configuration (set, bandwidth), so that the
sweep's hours go to the modes that can be the best static one:
- a mode already measured there runs again only while its median total is within FACTOR of the best median total
  there (any label, adaptive included): the ranking at the top is what needs more runs; a mode far behind after one
  run cannot become the best by run-to-run noise (seen: ~6 % in wire bytes);
- with --bound, a mode not yet measured there is skipped when the link alone needs more than FACTOR × that best to
  carry its bytes: 0.9 × the fewest wire bytes it sent in any sweep, at any bandwidth (a static mode's bytes hardly
  depend on the link: see the tables), over this bandwidth. Not for the rate-change set, whose link is faster
  for part of the run;
- --keep modes run until measured there once (FASTEST and HIGHEST, which the evaluation reports at every
  bandwidth); after that, like any other mode.
Prints the modes that run, in their order.
Usage: contenders.py RESULTS SET BANDWIDTH FACTOR [--bound] [--keep "M ..."] MODE..."""
import json
import statistics
import sys

from link_rate import bytes_per_second


def main(argv):
    results, set_name, bandwidth, factor = argv[0], argv[1], argv[2], float(argv[3])
    rest = argv[4:]
    bound = "--bound" in rest
    keep = set()
    if "--keep" in rest:
        keep = set(rest[rest.index("--keep") + 1].split())
    modes = [m for i, m in enumerate(rest) if m != "--bound" and m != "--keep" and (i == 0 or rest[i - 1] != "--keep")]
    totals, wire = {}, {}
    for line in open(results):
        if not line.strip():
            continue
        r = json.loads(line)
        if not (r.get("verified") and r.get("total_s")):
            continue
        label = r.get("label")
        if (r.get("set"), r.get("bandwidth")) == (set_name, bandwidth):
            totals.setdefault(label, []).append(r["total_s"])
        if str(r.get("set", "")).startswith("sweep") and r.get("wire_bytes"):
            wire[label] = min(wire.get(label, r["wire_bytes"]), r["wire_bytes"])
    medians = {label: statistics.median(v) for label, v in totals.items()}
    best = min(medians.values()) if medians else None
    rate = bytes_per_second(bandwidth)
    run = []
    for m in modes:
        if best is None or (m in keep and m not in medians):
            run.append(m)
        elif m in medians:
            if medians[m] <= factor * best:
                run.append(m)
        elif not (bound and rate and m in wire and 0.9 * wire[m] / rate > factor * best):
            run.append(m)
    print(" ".join(run))


if __name__ == "__main__":
    main(sys.argv[1:])
