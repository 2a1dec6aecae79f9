"""The adaptation section of docs/BENCHMARKS.md from bench/results/adaptation.jsonl (testbed/run-adaptation-benchmarks.sh).

Medians over the runs of each configuration (set, bandwidth, label). With --splice FILE, replaces FILE's section from
its '## Adaptation on the testbed' heading to the next '## ' heading; otherwise prints the section.
Usage: write-adaptation-report.py RESULTS [--traces DIR] [--modes CSV] [--splice FILE]
"""
import json
import os
import statistics
import sys

from link_rate import bytes_per_second

HEADING = "## Adaptation on the testbed"
TOLERANCE = 1.05  # adaptive within 5 % of the best static mode
LINK_SHARE = 0.90  # acknowledged throughput while network-bound, of the link's rate
SAME_ROUNDS = 3  # rounds that ran adaptive and the best static mode both, for a verdict on them


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def groups(rows, set_name):
    out = {}
    for r in rows:
        if r.get("set") == set_name:
            out.setdefault((r["bandwidth"], r.get("label", r["method"])), []).append(r)
    return out


def med(rs, key):
    vals = [r[key] for r in rs if r.get("total_s") is not None and r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, digits=1):
    return "–" if v is None else f"{v:.{digits}f}"


def runs(rs):
    done = [r for r in rs if r.get("total_s") is not None]
    return f"{sum(1 for r in done if r.get('verified'))}/{len(done)}/{len(rs)}"


def row(label, rs):
    wire = med(rs, "wire_bytes")
    return f"| {label} | {runs(rs)} | {fmt(med(rs, 'total_s'))} | {fmt(med(rs, 'downtime_s'), 2)} | {fmt(wire and wire / 1e6)} |"


def ranking(g, bw, title, strict):
    """A sweep: every label at one bandwidth, fastest first, with the adaptive controller's rank and verdict."""
    entries = [(med(rs, "total_s"), label, rs) for (b, label), rs in g.items() if b == bw]
    entries = [e for e in entries if e[0] is not None]
    if not entries:
        return [], None
    entries.sort(key=lambda e: e[0])
    out = [title, "", "| rank | mode | runs verified/completed/all | total s | downtime s | wire MB |", "|---:|---|---:|---:|---:|---:|"]
    for i, (_, label, rs) in enumerate(entries, 1):
        out.append(f"| {i} " + row(("**adaptive**" if label == "adaptive" else label), rs))
    adaptive = next((e for e in entries if e[1] == "adaptive"), None)
    statics = [e for e in entries if e[1] != "adaptive"]
    verdict = None
    if adaptive and statics:
        best = statics[0]
        rank = entries.index(adaptive) + 1
        share, basis = judged(g, bw, best[1], adaptive[0] / best[0])
        ok = share < 1 if strict else share <= TOLERANCE
        goal = "strictly better than every static mode" if strict else "within 5 %"
        verdict = (f"adaptive ranks {rank} of {len(entries)}: {adaptive[0]:.1f} s against the best static mode "
                   f"{best[1]} at {best[0]:.1f} s over all its runs ({adaptive[0] / best[0]:.3f}×); {basis} — "
                   f"{goal}: **{'met' if ok else 'not met'}**")
        out += ["", verdict]
    return out + [""], verdict


def setup_s(r):
    """Seconds from `migrate` to QEMU's source going active: QEMU's own setup, before a page leaves (0 if not timed)."""
    at = {e["event"]: e["t_s"] for e in r.get("timeline") or []}
    return max(0.0, at["source active"] - at.get("source setup", 0.0)) if "source active" in at else 0.0


def total(r):
    return r["total_s"]


def past_setup(r):
    """The run's total less QEMU's setup: under TCG, QEMU 7.2 sometimes holds the big lock for 2-13 s there, whatever
    the method (the per-page TLB scan of its exact dirty-bitmap sync, see the testbed section), with the guest stopped."""
    return r["total_s"] - setup_s(r)


STALL_S = 2.0  # a setup longer than this is QEMU's stall (most take 0.4-1.3 s)


def per_round(g, bw, label, key=past_setup):
    """Median of `key` over `label`'s runs at `bw` in each round (rows with the same `round`)."""
    by = {}
    for r in g.get((bw, label), []):
        if r.get("total_s") is not None and r.get("round"):
            by.setdefault(r["round"], []).append(key(r))
    return {k: statistics.median(v) for k, v in by.items()}


def round_ratios(g, bw, label, key=past_setup):
    """Adaptive / `label` in every round that ran both: the round's median of each."""
    a, s = per_round(g, bw, "adaptive", key), per_round(g, bw, label, key)
    return [(a[k], s[k]) for k in sorted(a) if k in s]


def stalls(g, bw, label):
    """Runs of `label` at `bw` in rounds whose QEMU setup stalled, and all its runs in rounds."""
    rs = [r for r in g.get((bw, label), []) if r.get("total_s") is not None and r.get("round")]
    return sum(1 for r in rs if setup_s(r) > STALL_S), len(rs)


def median_ratio(pairs):
    """Median of the rounds' adaptive / static (None: no round ran both)."""
    return statistics.median(a / s for a, s in pairs) if pairs else None


def judged(g, bw, best, overall):
    """The figure a verdict rests on: adaptive against the best static mode run for run in the same rounds where at
    least SAME_ROUNDS rounds ran both (a round shares the testbed's drift, the runs of other days do not), else the
    medians over all runs; with a phrase saying which."""
    pairs = round_ratios(g, bw, best)
    share, n = median_ratio(pairs), len(pairs)
    if n >= SAME_ROUNDS:
        whole = median_ratio(round_ratios(g, bw, best, total))
        return share, (f"in the {n} rounds that ran both, {share:.3f}× (median of the rounds' ratios, each run timed "
                       f"from QEMU's source going active; {whole:.3f}× on the totals)")
    return overall, f"{n} round{'s' if n != 1 else ''} ran both (fewer than {SAME_ROUNDS}): judged on the medians"


def paired(g, bw):
    """Adaptive against each static mode run for run, within rounds (rows with the same `round`: every mode once, back
    to back): the testbed's speed drifts over hours (the guest's TCG shares the cores), and a round shares the drift."""
    out = []
    for (b, label), rs in sorted(g.items(), key=lambda kv: kv[0][1]):
        if b != bw or label == "adaptive":
            continue
        pairs = round_ratios(g, bw, label)
        if not pairs:
            continue
        wins = sum(1 for a, s in pairs if a < s)
        ratios = ", ".join(f"{a / s:.2f}" for a, s in pairs)
        whole = median_ratio(round_ratios(g, bw, label, total))
        stalled, n = stalls(g, bw, label)
        out.append(f"| {label} | {len(pairs)} | {wins} | {median_ratio(pairs):.3f}× | {whole:.3f}× | {stalled}/{n} | {ratios} |")
    if not out:
        return []
    stalled, n = stalls(g, bw, "adaptive")
    return ["Run for run, adaptive against each static mode measured in the same rounds (a round runs each of these "
            "modes back to back; the rows' `round`; where a round ran a mode more than once, its median), each run timed "
            "from QEMU's source going active to the destination's resume, and on the totals; *setup stalls*: runs whose "
            f"QEMU setup took over {STALL_S:.0f} s (the adaptive runs': {stalled}/{n}):", "",
            "| static mode | rounds | adaptive faster | median adaptive / static | on the totals | setup stalls | per round |",
            "|---|---:|---:|---:|---:|---:|---|"] + out + [""]


def link_share(trace_dir, rows):
    """Acknowledged bytes per second over the link's configured rate, in the samples that were network-bound: more
    than a second of the link's rate had been encoded and not yet acknowledged (output integrated over the samples
    less acknowledgements), so encoded bytes waited for the link. The sender's waits on the window (link_wait) miss
    most of that: with a backlog queued for the link its writer blocks in the socket's send buffer, not on the
    window (seen: 15 MB waiting at 25 Mbit/s with link_wait at 0), and waits on the window also come from bursts of a
    pipeline slower than the link. Over every adaptive run with a trace; samples within 1 s of a rate change left out."""
    num = den = 0.0
    n = 0
    for r in rows:
        if r.get("label") != "adaptive" or r.get("total_s") is None:
            continue
        name = f"{r['set']}-{r['bandwidth']}-adaptive-{r['run']}.json"
        path = os.path.join(trace_dir, name)
        if not os.path.exists(path):
            continue
        changes = sorted((c["t_s"], bytes_per_second(c["rate"])) for c in r.get("rate_changes") or [])
        t = json.load(open(path))
        encoded = acked = 0.0
        previous = 0.0
        for s in t.get("samples", []):
            dt = max(0.0, s["t_s"] - previous)
            previous = s["t_s"]
            encoded += s.get("output_Bps", 0) * dt
            acked += s.get("acked_Bps", 0) * dt
            rate = bytes_per_second(r["bandwidth"])
            for at, later in changes:
                # a second either side of a change, the link ran at both rates within the sample's window
                if abs(s["t_s"] - at) < 1.0:
                    rate = None
                    break
                if s["t_s"] >= at:
                    rate = later
            if rate and encoded - acked > rate:
                num += s["acked_Bps"]
                den += rate
                n += 1
    return (num / den, n) if den else (None, 0)


def section(rows, trace_dir, modes_csv, extremes):
    out = [HEADING, ""]
    out.append("Measured by `testbed/run-adaptation-benchmarks.sh` on the testbed of the next section: the Debian guest "
               "(1 GiB, `debian-mixed.sh`), 50 ms RTT, handoffs with the adaptive controller (`--mode adaptive`, the "
               "shipped profile) against static modes. Total, downtime and wire as there; medians of the runs "
               "(*runs* = verified/completed/all). The static modes of the sweeps are the Pareto front of every "
               "mode's CPU per chunk and R measured offline on this guest's own memory under the same workload "
               f"(`handoff profile build`{', `bench/results/' + os.path.basename(modes_csv) + '`' if modes_csv else ''}): a mode "
               "beaten in both cannot be the best static mode at any bandwidth or core count. Runs went to the modes that "
               "could be the best static one (`bench/contenders.py`): a static mode ran again only while its median "
               "total was within 1.25× of the best there, and one not yet measured at a bandwidth was left out when "
               "the link alone needed more than that for the bytes it sent at another bandwidth (FASTEST and HIGHEST "
               "ran once wherever the tables show them, again only while in contention); fewer runs, or none, mean "
               "it was that far behind.")
    out.append("")
    g = groups(rows, "sweep-2core")
    bws = sorted({b for b, _ in g}, key=lambda b: bytes_per_second(b) or 0)
    if bws:
        fastest, highest = (extremes.split() + [None, None])[:2] if extremes else (None, None)
        out += ["### Summary: adaptive against the best static mode, FASTEST and HIGHEST (2 cores)", "",
                f"FASTEST: the mode with the least CPU per chunk in the shipped profile ({fastest}); HIGHEST: the one "
                f"with the least R ({highest}). Best static: the fastest of the sweep at that bandwidth over all its runs "
                f"(tables below). *Same rounds*: the median over the rounds that ran adaptive and that mode back to "
                f"back of the round's adaptive / static (rounds in brackets), each run timed from QEMU's source going "
                f"active (its total less QEMU's setup, which under TCG stalls for 2-15 s in about one run of ten, "
                f"whatever the method: see the testbed section); the testbed's speed drifts by 10-40 % "
                f"between hours and days, which a round shares, so the verdict rests on it where {SAME_ROUNDS} rounds "
                f"or more ran both, else on the medians over all runs.", "",
                "| link | adaptive s | best static | best static s | adaptive / best | same rounds: adaptive / best | FASTEST s | HIGHEST s | within 5 % |",
                "|---|---:|---|---:|---:|---:|---:|---:|---|"]
        for bw in bws:
            a = med(g.get((bw, "adaptive"), []), "total_s")
            statics = sorted((med(rs, "total_s"), l) for (b, l), rs in g.items()
                             if b == bw and l != "adaptive" and med(rs, "total_s") is not None)
            f = med(g.get((bw, fastest), []), "total_s")
            h = med(g.get((bw, highest), []), "total_s")
            if a is None or not statics:
                continue
            pairs = round_ratios(g, bw, statics[0][1])
            same = f"{median_ratio(pairs):.3f}× ({len(pairs)})" if pairs else "–"
            share, _ = judged(g, bw, statics[0][1], a / statics[0][0])
            out.append(f"| {bw} | {fmt(a)} | {statics[0][1]} | {fmt(statics[0][0])} | {a / statics[0][0]:.3f}× | {same} | "
                       f"{fmt(f)} | {fmt(h)} | **{'met' if share <= TOLERANCE else 'not met'}** |")
        out.append("")
    for cores in (2, 1):
        g = groups(rows, f"sweep-{cores}core")
        for bw in sorted({b for b, _ in g}, key=lambda b: bytes_per_second(b) or 0):
            lines, _ = ranking(g, bw, f"### Sweep of static modes at {bw}, source daemon on {cores} core{'s' if cores > 1 else ''}", False)
            out += lines + paired(g, bw)
    g = groups(rows, "change")
    for bw in sorted({b for b, _ in g}):
        lines, _ = ranking(g, bw, "### Link 5 → 35 Mbit/s at 20 s, back to 5 Mbit/s at 40 s", True)
        out += lines + paired(g, bw)
    if trace_dir:
        share, n = link_share(trace_dir, rows)
        if share is not None:
            out += ["### Output while network-bound", "",
                    f"Acknowledged throughput over the link's configured rate, averaged over the {n} trace samples of the "
                    "adaptive runs that were network-bound: more than a second of the link's rate encoded and not yet "
                    "acknowledged, i.e. output waiting for the link (samples within 1 s of a rate change left out; the "
                    f"TCP start of each handoff counts): **{share:.1%}** — target ≥ {LINK_SHARE:.0%}: "
                    f"**{'met' if share >= LINK_SHARE else 'not met'}** (TCP/IP and Ethernet headers take ~4.5 % of a "
                    "full-size frame).", ""]
    adaptive = sorted({r.get("commit") for r in rows if r.get("commit") and r.get("label") == "adaptive"})
    static = sorted({r.get("commit") for r in rows if r.get("commit") and r.get("label") != "adaptive"})
    out.append(f"Commits measured: adaptive {', '.join(adaptive) or '–'}; static modes {', '.join(static) or '–'} (a static "
               "handoff runs no controller, so its rows stand across changes to the adaptation alone, `driver`'s "
               "package `adapt`; each row keeps its commit in the results file). The send window changed in fbd7ecf "
               "(it had held the link to 86-90 % at 15-25 Mbit/s): from 10 Mbit/s up, the statics within 1.10x of the "
               "best and the change set's contenders were measured again on it, the rows they replace are in "
               "`bench/results/adaptation-transport-ef09c53.jsonl`; the rows of the 5 Mbit/s configurations (their "
               "link already 94 % used, of ~95.5 % the headers leave) and of modes further behind are older. The "
               "daemons' kept pages moved off the heap in af7efad (collection pauses of 150-400 ms every 2-3 s had "
               "stopped the link): adaptive, bzip2-5 and bzip2-9 were measured again everywhere after it, the rows "
               "they replace are in `bench/results/adaptation-pages-on-heap.jsonl`; every other static mode's rows "
               "(1.06x the best or further behind) are from before it. The ride-out backlog's bound by the link's "
               "recent slow end (32b5b7a, `adapt/IterationPolicy`, which static handoffs use too) binds only where the "
               "link ran at under half its current rate lately: every mode of the change set was measured again after "
               "it (the rows it replaces are in `bench/results/adaptation-change-before-floor.jsonl`), the sweeps' "
               "steady links stand. 3840429 tightened it to 5 s of that slow end (it was 10 s): every mode of the "
               "change set but `none` (886 s, minutes behind) was measured again after it (the rows it replaces are in "
               "`bench/results/adaptation-change-statics-before-3840429.jsonl`); on a steady link the bound moves only "
               "by the spread of the link's own readings (5 s of their 10th percentile instead of 5 s of the rate), "
               "and the sweeps' rows stand. Every adaptive row was measured again after 4000001 (the probes take the "
               "compress stage's own packing of a sample for the running compressor, so their budget reads the "
               "others; e72a263 keeps their CPU figures the probe's own) and eb76cd4 (the switchover's measurement): the adaptive rows they replace are in "
               "`bench/results/adaptation-adaptive-before-4000001.jsonl` and, for the change set, the per-commit "
               "`adaptation-adaptive-*-change.jsonl` files. Every adaptive row was measured again after 5e3642d and "
               "49009bc (a ratio lead at two decisions in a row counts for any compressor, not only the first-ranked; "
               "the rows carry the bench commit 0ec3886, whose code is 49009bc's), those of e72a263 are in "
               "`adaptation-adaptive-e72a263-*.jsonl`. With them, in rounds (the rows' `round`), the best static mode of "
               "each sweep configuration but 5 Mbit/s ran once more, and the change set's four contenders "
               "(bzip2-5, bzip2-9, xor+bzip2-5, xor+bzip2-9) were measured again, their earlier rows moved to "
               "`adaptation-change-contenders-before-5e3642d.jsonl`: the testbed's speed drifts between evenings "
               "(bzip2-5 on the change set: 43.0-45.6 s on 4 December, 62.0-68.8 s in two dev runs early on 5 December). "
               "From 6 December on, rounds run the adaptive controller and each configuration's best static mode back "
               "to back, and the verdicts rest on those rounds where three or more ran both; from 7 December on, each run "
               "timed past QEMU's setup (its stalls under TCG: the testbed section). The adaptive rows are 7f58f19's code, "
               "on a slower machine than before (the static bzip2-5 took 48.0-87.6 s on the change set there, against "
               "41.0-48.6 s on the last one): the change set's in rounds s37j-s37l, s37n-s37p and s38a-s38c (as the "
               "bench commits 8c01072 and b6c8ca3 for the latter two), the sweeps' in s37g, s37m, s37q and s38a-s38c "
               "(as 4b63618, 2741891, cc6d1a4 and b6c8ca3; dec784f, in s37g, differs from it only at a fall of the "
               "link, which no sweep trace holds), three rounds or more at every configuration; pooled with them, rounds "
               "s38d-s38e of b4b6758 (1 core at 5 and 10 Mbit/s, 2 cores at 10 Mbit/s, the change set; as the bench "
               "commits b4b6758 and 6bff6cf), which takes the opening again on changed data while the CPU limits too "
               "and acted in none of their runs. 3545e02 (the running family's best other level read afresh too) ran "
               "four change-set rounds, 1.314, 1.249, 1.645 and 1.406, and was reverted: its rows are in "
               "`adaptation-adaptive-3545e02-change.jsonl`. The sweeps' adaptive "
               "rows of 4aaa3da and earlier (rounds s35a-s36h) are in `adaptation-adaptive-4aaa3da-and-before-sweep.jsonl`, "
               "the change set's of the same in `adaptation-adaptive-4aaa3da-change.jsonl`, and the adaptive "
               "rows of earlier code in the per-commit `adaptation-adaptive-<commit>.jsonl` files.")
    return "\n".join(out) + "\n"


def splice(path, text):
    doc = open(path).read()
    start = doc.find(HEADING)
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + text
    else:
        nxt = doc.find("\n## ", start + len(HEADING))
        doc = doc[:start] + text + ("\n" + doc[nxt + 1:] if nxt >= 0 else "")
    open(path, "w").write(doc)


def main(argv):
    rows = load(argv[1])
    opt = lambda name: argv[argv.index(name) + 1] if name in argv else None
    text = section(rows, opt("--traces"), opt("--modes"), opt("--extremes"))
    if opt("--splice"):
        splice(opt("--splice"), text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
