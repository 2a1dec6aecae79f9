#!/usr/bin/env python3
"""How the live probes relate bzip2-9 to the lzma levels, by which family was running, over adaptive traces, against
what every segment of a tapped stream says offline (bench/segment-sizes.py -o CSV).

Usage: bench/probe-bias.py [--sizes SIZES.csv ...] TRACE.json ...
For each decision from 12 s on (past the first pass's zero-rich start) whose running compressor is lzma-L, the
probes' figure for bzip2-9 (same delta) is bzip2-9/lzma-L as read; where bzip2-7 to -9 runs, 1 / the figure for
lzma-L. A reading that favours whichever compressor runs shows as the two groups' medians falling either side of
the offline relation.
"""
import argparse, csv, json, re, statistics


def readings(paths):
    out = {}
    for path in paths:
        try:
            trace = json.load(open(path))
        except (OSError, ValueError):
            continue
        for d in trace.get("decisions", []):
            ratios = d.get("probed_ratios") or {}
            if d["t_s"] < 12 or not ratios:
                continue
            mode = d["mode"]
            codec = mode.split("+")[-1]
            delta = mode[: -len(codec)]
            m = re.match(r"(bzip2|lzma)-(\d)$", codec)
            if not m:
                continue
            family, level = m.group(1), int(m.group(2))
            if family == "lzma" and ratios.get(delta + "bzip2-9"):
                out.setdefault(("lzma-L running", level), []).append(ratios[delta + "bzip2-9"])
            elif family == "bzip2" and level >= 7:
                for lz in range(1, 10):
                    v = ratios.get(delta + "lzma-%d" % lz)
                    if v:
                        out.setdefault(("bzip2-7..9 running", lz), []).append(1 / v)
    return out


def offline(paths):
    out = {}
    for path in paths:
        rows = list(csv.DictReader(open(path)))
        for col in rows[0]:
            m = re.match(r"lzma-(\d)$", col)
            if m and "bzip2-9" in rows[0]:
                bz = sum(int(r["bzip2-9"]) for r in rows)
                out.setdefault(int(m.group(1)), []).append(bz / sum(int(r[col]) for r in rows))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", action="append", default=[])
    ap.add_argument("traces", nargs="+")
    a = ap.parse_args()
    truth = offline(a.sizes)
    got = readings(a.traces)
    print("| lzma level | offline bzip2-9/lzma-L | read with lzma-L running (median, n) | read with bzip2-7..9 running (median, n) |")
    print("|---:|---:|---:|---:|")
    for lz in range(1, 10):
        t = truth.get(lz)
        cells = []
        for key in (("lzma-L running", lz), ("bzip2-7..9 running", lz)):
            v = got.get(key, [])
            cells.append("%.3f (%d)" % (statistics.median(v), len(v)) if v else "-")
        print("| %d | %s | %s | %s |" % (lz, "%.3f" % statistics.mean(t) if t else "-", *cells))


if __name__ == "__main__":
    main()
