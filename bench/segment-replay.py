#!/usr/bin/env python3
"""Replay simple mode-choosing policies on the per-segment sizes bench/segment-sizes.py wrote (-o CSV): what each
would have sent, against every compressor held static.

Usage: bench/segment-replay.py SIZES.csv
Each decision comes every PERIOD segments and reads the last segment with the running compressor and PER_PROBE others
(least recently read first); figures are sums over the kept samples read beside the running compressor, each weighing
RECENCY of the next newer one's; the best-looking compressor is taken if it leads by THRESHOLD. 'own': each level on
its own readings; 'fam': each level through its family's anchor (the level read most beside the running one), as
RatioProbe.throughFamilies does. Averages over five seeds and both starting compressors (lzma-6, bzip2-9).
"""
import csv, random, sys

PERIOD = 14  # segments per 5 s decision at 5 Mbit/s on the Debian guest (469 segments in ~165 s)


def load(path):
    return [dict((k, int(v)) for k, v in r.items()) for r in csv.DictReader(open(path))]


def replay(rows, codecs, per_probe, recency, threshold, family, start, seed, kept=12):
    rnd = random.Random(seed)
    fam = lambda c: c.split('-')[0]
    cur, samples, total, changes, last, k = start, [], 0, 0, {c: -1 for c in codecs}, 0
    for i in range(0, len(rows), PERIOD):
        block = rows[i:i + PERIOD]
        total += sum(r[cur] for r in block)
        r = block[-1]
        k += 1
        others = sorted([c for c in codecs if c != cur], key=lambda c: (last[c], rnd.random()))[:per_probe]
        read = {c: r[c] for c in [cur] + others}
        for c in read:
            last[c] = k
        samples = (samples + [read])[-kept:]
        w = [recency ** (len(samples) - 1 - j) for j in range(len(samples))]

        def beside(c, base):
            a = sum(wj * s[c] for wj, s in zip(w, samples) if c in s and base in s)
            b = sum(wj * s[base] for wj, s in zip(w, samples) if c in s and base in s)
            return a / b if b else None

        est = {c: beside(c, cur) for c in codecs}
        est[cur] = 1.0
        if family:
            evidence = {c: sum(wj for wj, s in zip(w, samples) if c in s and cur in s) for c in codecs}
            for f in set(map(fam, codecs)):
                members = [c for c in codecs if fam(c) == f and est[c] is not None]
                if not members:
                    continue
                anchor = cur if fam(cur) == f else max(members, key=lambda c: evidence[c])
                for c in members:
                    a = sum(s[c] for s in samples if c in s and anchor in s)
                    b = sum(s[anchor] for s in samples if c in s and anchor in s)
                    if c != anchor and b:
                        est[c] = est[anchor] * a / b
        best = min((c for c in codecs if est[c] is not None), key=lambda c: est[c])
        if best != cur and est[best] < 1 - threshold:
            cur, changes = best, changes + 1
    return total / 1e6, changes


def main():
    rows = load(sys.argv[1])
    codecs = [k for k in rows[0] if k not in ('seq', 'raw')]
    print('static', {c: round(sum(r[c] for r in rows) / 1e6, 2) for c in codecs})
    for per_probe in (1, 2, 3):
        for recency in (0.5, 0.75, 1.0):
            for threshold in (0.0, 0.02, 0.05):
                out = []
                for family in (False, True):
                    runs = [replay(rows, codecs, per_probe, recency, threshold, family, start, seed)
                            for start in ('lzma-6', 'bzip2-9') for seed in range(5)]
                    out.append(f"{'fam' if family else 'own'} {sum(t for t, _ in runs) / len(runs):.2f} MB "
                               f"({sum(c for _, c in runs) / len(runs):.1f} changes)")
                print(f"read {per_probe} others, recency {recency}, lead {threshold}: " + '  '.join(out))


if __name__ == '__main__':
    main()
