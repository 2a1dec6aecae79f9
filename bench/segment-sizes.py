#!/usr/bin/env python3
"""Compress every segment of a HANDOFF_SEGMENT_TAP file with several compressors (Python's bz2 and lzma: the same
libbz2 and liblzma the native bridge binds) and report, per segment and in total, what each would have sent.

Usage: bench/segment-sizes.py TAP [-o sizes.csv] [--jobs N] [--block 20]
A tap is written by a source daemon started with HANDOFF_SEGMENT_TAP=FILE (records: sequence, length, bytes).
The summary answers what a static choice, and what a perfect per-segment choice, would have sent, how a pair of
compressors' relation varies from one segment to the next (sd of the log ratio) and how long it persists
(autocorrelation), per --block segments.
"""
import argparse, bz2, csv, lzma, math, struct, sys
from multiprocessing import Pool


def _lzma(preset):
    return lambda b: len(lzma.compress(b, format=lzma.FORMAT_RAW, filters=[{'id': lzma.FILTER_LZMA2, 'preset': preset}]))


CODECS = {'bzip2-9': lambda b: len(bz2.compress(b, 9)), 'bzip2-3': lambda b: len(bz2.compress(b, 3)),
          'lzma-6': _lzma(6), 'lzma-2': _lzma(2)}


def segments(path):
    with open(path, 'rb') as f:
        while True:
            head = f.read(8)
            if len(head) < 8:
                return
            seq, n = struct.unpack('>ii', head)
            body = f.read(n)
            if len(body) < n:
                sys.exit(f"{path}: segment {seq} cut short ({len(body)} of {n} bytes)")
            yield seq, body


def sizes(item):
    seq, body = item
    return [seq, len(body)] + [min(len(body), f(body)) for f in CODECS.values()]  # a segment that grows goes raw


def relation(rows, a, b):
    logs = [math.log(r[a] / r[b]) for r in rows if r[a] > 0 and r[b] > 0]
    mean = sum(logs) / len(logs)
    var = sum((x - mean) ** 2 for x in logs) / len(logs)
    auto = lambda lag: sum((logs[i] - mean) * (logs[i + lag] - mean) for i in range(len(logs) - lag)) / (len(logs) * var) if var else 0
    return mean, math.sqrt(var), auto(1), auto(5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('tap')
    ap.add_argument('-o', '--out')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--block', type=int, default=20)
    args = ap.parse_args()
    with Pool(args.jobs) as pool:
        rows = pool.map(sizes, sorted(segments(args.tap)), chunksize=4)
    names = list(CODECS)
    if args.out:
        with open(args.out, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['seq', 'raw'] + names)
            w.writerows(rows)
    rows = [dict(zip(['seq', 'raw'] + names, r)) for r in rows]
    print(f"{len(rows)} segments, {sum(r['raw'] for r in rows) / 1e6:.1f} MB")
    for n in names:
        print(f"  {n:8s} {sum(r[n] for r in rows) / 1e6:8.2f} MB")
    print(f"  best of all per segment {sum(min(r[n] for n in names) for r in rows) / 1e6:.2f} MB")
    for a, b in (('lzma-6', 'bzip2-9'), ('bzip2-3', 'bzip2-9'), ('lzma-2', 'lzma-6')):
        mean, sd, ac1, ac5 = relation(rows, a, b)
        print(f"  {a}/{b}: whole stream {sum(r[a] for r in rows) / sum(r[b] for r in rows):.3f}, per segment "
              f"e^({mean:+.3f} ± {sd:.3f}), autocorrelation {ac1:.2f} at 1 segment, {ac5:.2f} at 5")
    blocks = [rows[i:i + args.block] for i in range(0, len(rows), args.block)]
    print(f"  lzma-6/bzip2-9 per {args.block} segments: " + ' '.join(
        f"{sum(r['lzma-6'] for r in blk) / max(1, sum(r['bzip2-9'] for r in blk)):.2f}" for blk in blocks))


if __name__ == '__main__':
    main()
