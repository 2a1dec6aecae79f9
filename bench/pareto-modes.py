"""Modes from a `handoff profile` CSV (rows with threads = 1) for the adaptation's evaluation.

  pareto-modes.py CSV [--max N]   the modes no other mode beats in both CPU per chunk and R (the Pareto front), cheapest
                                  first; only these can be the best static mode at some bandwidth and core count. With
                                  --max, at most N of them, spread evenly along the front (its ends kept).
  pareto-modes.py CSV --extremes  "FASTEST HIGHEST": the mode with the least CPU per chunk, the one with the least R.
"""
import csv
import sys


def rows(path):
    with open(path) as f:
        return [r for r in csv.DictReader(f) if r["threads"] == "1"]


def front(rs):
    pts = sorted(((float(r["cpu_us_per_chunk"]), float(r["ratio"]), r["mode"]) for r in rs))
    out, best_ratio = [], float("inf")
    for cpu, ratio, mode in pts:  # cheapest first: on the front iff smaller R than every cheaper mode
        if ratio < best_ratio:
            out.append(mode)
            best_ratio = ratio
    return out


def spread(modes, n):
    if n >= len(modes) or n < 2:
        return modes
    picks = sorted({round(i * (len(modes) - 1) / (n - 1)) for i in range(n)})
    return [modes[i] for i in picks]


def main(argv):
    rs = rows(argv[1])
    if not rs:
        sys.exit(f"{argv[1]}: no rows with threads = 1")
    if "--extremes" in argv:
        fastest = min(rs, key=lambda r: float(r["cpu_us_per_chunk"]))["mode"]
        highest = min(rs, key=lambda r: float(r["ratio"]))["mode"]
        print(fastest, highest)
        return
    n = int(argv[argv.index("--max") + 1]) if "--max" in argv else len(rs)
    print(" ".join(spread(front(rs), n)))


if __name__ == "__main__":
    main(sys.argv)
