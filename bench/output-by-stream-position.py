#!/usr/bin/env python3
"""Encoded bytes against QEMU's stream position, per handoff: where in the stream one mode sends more than another.

Reads the CSVs a source daemon writes with HANDOFF_TRACE=DIR (net/SessionTrace: qemu_bytes, sent_bytes per 100 ms)
and prints, at every 100 MB of QEMU's stream, the bytes encoded so far and the second it was reached.
Usage: bench/output-by-stream-position.py RUN.csv ...   (one CSV per handoff; name them after the mode)
"""
import csv
import os
import sys

MARKS = [m * 1e6 for m in (100, 200, 300, 400, 450, 500, 550, 600, 650, 700, 750, 800)]

if len(sys.argv) < 2:
    sys.exit(__doc__)
for path in sys.argv[1:]:
    rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(open(path))]
    out, i = [], 0
    for r in rows:
        while i < len(MARKS) and r['qemu_bytes'] >= MARKS[i]:
            out.append(f"{MARKS[i] / 1e6:.0f}:{r['sent_bytes'] / 1e6:.1f}@{r['t_s']:.0f}s")
            i += 1
    last = rows[-1]
    name = os.path.splitext(os.path.basename(path))[0]
    print(f"{name:24} {' '.join(out)}  end: QEMU {last['qemu_bytes'] / 1e6:.0f} MB, sent {last['sent_bytes'] / 1e6:.1f} MB at {last['t_s']:.1f}s")
