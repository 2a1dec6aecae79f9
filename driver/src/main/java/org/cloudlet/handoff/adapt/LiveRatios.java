package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.DeltaSample;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.SegmentSample;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this VM's data says of the compressors and delta algorithms, for the chooser: at each decision a
 * {@link RatioProbe} of recent segments and delta samples, within a few per cent of one core ({@link #BUDGET}; more
 * while the link or QEMU, not the CPU, is the bottleneck), so the probes never take the CPU the pipeline needs. The
 * readings are taken on a {@link ProbeThread}, not the decision's.
 */
final class LiveRatios implements AutoCloseable {
    /** Compressors tried on live data at each decision, besides the current one. */
    private static final int PROBES = 12;
    /** Share of one core the probes may use while the pipeline needs its CPU. */
    static final double BUDGET = 0.03;
    /**
     * Share while the CPU is not what limits the pipeline (the link or QEMU does): the cores idle then, and the
     * compressor the probes find is the handoff's time (seen: one or two probes per decision at 3-5 %, bzip2-9 first
     * measured after 69 s of a 90 s handoff).
     */
    static final double SPARE_CPU_BUDGET = 0.08;
    /**
     * Share while the link limits the pipeline: its compressor waits on the link, the cores idle, and what the
     * probes read is what a slow link's handoff turns on (seen at 5 Mbit/s on 2 cores, 1.6 cores idle: at 8 %, one
     * expensive level per decision, the rest read on segments 20-35 s old).
     */
    static final double LINK_BOUND_BUDGET = 0.2;
    /**
     * CPU the probes may take once more, at the first decision with CPU to spare: the cheap initial mode leaves the
     * cores idle then, and the compressor chosen first runs through QEMU's first pass, most of a handoff's bytes
     * (seen: lzma-3 chosen at 2 s, bzip2-9, 18 % smaller on the guest's pages, first probed at 17 s; and at 25 Mbit/s,
     * where QEMU and not the link held xor+zstd-1 back in the first 5 s, no bzip2 level probed before 15 s, zstd-9 and
     * lzma-2 chosen and 16 % more bytes sent than static bzip2-5). About every family's best-ranked and strongest level
     * on one 1 MiB sample: with 1 s, lzma-9 and zstd-19 (10-13 times zstd-10's cost) left bzip2-9 unread, lzma-9 was
     * chosen at 4.5 s and kept for 130 s at 5 Mbit/s, 7 % more bytes than static bzip2-9.
     */
    static final long OPENING_NANOS = 2_000_000_000L;
    /** Recent segments each probe compresses. */
    private static final int SEGMENTS = 1;
    /**
     * Recent segments the opening probe compresses, every kept one: the opening picks the compressor that runs through
     * QEMU's first pass, and one 1 MiB segment moves the relation between bzip2 and lzma by 10-20 % (seen: runs whose
     * opening read bzip2 first ended near the best static mode, those that read lzma first 10-20 % behind it, on
     * the same link). Fewer compressors fit its budget, each on four times the data.
     */
    private static final int OPENING_SEGMENTS = 4;
    /**
     * CPU a decision on a rise of the link may spend reading the family anchors on the latest segment: it must not
     * hold the pipeline long while the sender ramps up, but the mode it picks runs through the faster link, most of
     * a handoff's bytes, and the readings it would pick on were taken on the slow link's segments (seen on the
     * 5 -> 35 Mbit/s change: lzma-1 chosen on readings that put bzip2-9 at 1.13 of it where the segments of the fast
     * phase put it at 0.94; bzip2-5 alone sent R 0.22 there where lzma-1 sent 0.25). About three cheap anchors.
     */
    static final long RISE_NANOS = 300_000_000L;
    /**
     * The pipeline's measured output / input at this multiple of what it was at the opening: the data is no longer
     * what the opening's readings were taken on, and they are dropped and the opening's reading taken again. The
     * first pass starts zero-rich and text-like, where lzma and zstd pack as well as bzip2 or better, and the dense
     * pages after it reverse that; relations read there held for tens of seconds after (seen at 1 core 10 Mbit/s:
     * lzma-1 chosen at 4 s at R 0.12 on readings that had bzip2-9 at 1.15 of zstd-10, R 0.20-0.25 from 9 s on,
     * bzip2 chosen at 49 s, 20 % more time than static bzip2-9; at 1 core 25 Mbit/s, bzip2-9 read at 1.10 of the
     * running xor+zstd-10 from 12 s to 27 s while the stream's R had gone from 0.09 to 0.28, then 0.88-0.94).
     */
    static final double DATA_CHANGED = 1.5;
    /** Openings taken again at most: the first pass changes character once or twice. */
    static final int REOPENINGS = 2;
    /**
     * Recent segments an opening taken again reads, each family's best-ranked level on them and nothing more, whatever
     * the budget: the decision it serves is which family runs on the changed data, and the readings must come in
     * while it matters. Taken as the first opening is (four segments, every anchor, {@link #OPENING_NANOS}), they took
     * 7-9 s to come in on one core or two the pipeline shared (seen at 1 core 10 Mbit/s: read again at 8.1 s, in at
     * 17.2 s, xor+lzma-1 run till then on pages where bzip2 packed 13 % tighter, 3 MB more by QEMU's 150 MB than
     * a one-mode bzip2-9 run).
     */
    static final int REOPENING_SEGMENTS = 2;

    /** What held the pipeline back over a decision's interval. */
    enum Bottleneck { CPU, OTHER, LINK }

    private final RatioProbe probe;
    private final ProbeThread jobs;
    /** CPU the probes may have used so far. */
    private long earned;
    /** CPU spent beyond what was earned, written off: readings taken whatever the budget leave no debt. */
    private long forgiven;
    private boolean opened;
    /** The pipeline's output / input over the interval before the last opening (0: not known). */
    private double openedAt;
    /** Openings taken again so far: none before the first opening's, which is waited for. */
    private int reopenings;
    /** Whether an opening taken again has put its readings in place of the old ones since {@link #takeAfresh}. */
    private final java.util.concurrent.atomic.AtomicBoolean afresh = new java.util.concurrent.atomic.AtomicBoolean();

    /** Probing in the caller: each update's readings are in when it returns. */
    LiveRatios(Profile profile) {
        this(profile, ProbeThread.inline());
    }

    /** Probing on {@code jobs}' thread. */
    LiveRatios(Profile profile, ProbeThread jobs) {
        this.probe = new RatioProbe(codec -> profiledNanosPerByte(profile, codec), codec -> profiledRatio(profile, codec));
        this.jobs = jobs;
    }

    /**
     * Probes the best-looking compressors and the delta algorithms on what {@code mode} sampled, within what the
     * probes have earned: {@link #BUDGET} of the {@code intervalNanos} since the last call, or
     * {@link #SPARE_CPU_BUDGET} when the CPU did not limit it ({@code held}), {@link #LINK_BOUND_BUDGET} when the link
     * did. Over budget it still measures a
     * compressor never measured (just switched to): without a reading of it, every live ratio is unusable and the
     * profile's reference workload decides alone. The first call with CPU to spare adds {@link #OPENING_NANOS}.
     * What readings taken whatever the budget spent beyond it is written off, not paid back out of later intervals:
     * a debt of seconds (a heavy running compressor read on the slow link, second readings) starved the probes just
     * when the data or the link changed (seen on the 5 -> 35 Mbit/s change: not one reading in the 10 s after the
     * rise, the running lzma-1 compared with bzip2-9 on the slow phase's segments alone). Where the interval's
     * output / input, {@code ratio} (0: unknown), reached {@link #DATA_CHANGED} times the opening's, the opening is
     * taken again (while the CPU limits as well): each family's best-ranked level read on the latest
     * {@link #REOPENING_SEGMENTS}, whatever the budget, in place of the readings so far. Returns whether it was. The
     * readings are taken on the {@link ProbeThread}: the first opening is waited for (the first decision
     * picks QEMU's first pass's mode on it); a later one is {@link #takeArrived submitted}; regular readings skip a
     * turn while earlier ones are still being taken.
     */
    boolean update(Mode current, List<Prediction> ranked, ModeSwitch mode, long intervalNanos, Bottleneck held, double ratio) {
        double share = switch (held) {
            case CPU -> BUDGET;
            case OTHER -> SPARE_CPU_BUDGET;
            case LINK -> LINK_BOUND_BUDGET;
        };
        long earnedNow = (long) (share * intervalNanos);
        if (!jobs.idle()) {
            earned += earnedNow; // the readings asked for before are still being taken: what they spend is this interval's
            return false;
        }
        // Taken again while the CPU limits too: a mode chosen on the first pass's cheap pages is the one that turns
        // CPU-bound on the denser ones, where the old readings keep it (seen at 1 core 10 Mbit/s: xor+lzma-3 chosen at
        // 4 s on readings that put bzip2-9 at 0.97 of its cost; from 10 s it cost 690 µs a chunk at twice the opening's
        // R, the link a third idle, and the opening was taken again only at 19 s, once the CPU had room: lzma-3 read at
        // 2.2-3.1 times bzip2's cost and a fifth looser). The first opening's extra budget waits for CPU to spare.
        boolean reopening = opened && reopenings < REOPENINGS && openedAt > 0 && ratio >= DATA_CHANGED * openedAt;
        if (reopening) {
            reopenings++;
            opened = false;
        }
        forgiven += Math.max(0, probe.cpuNanos() - forgiven - earned);
        earned += earnedNow;
        boolean opening = !opened && (reopening || held != Bottleneck.CPU);
        if (opening) {
            opened = true;
            openedAt = ratio;
            if (!reopening) {
                earned += OPENING_NANOS;
            }
        }
        long allowance = earned + forgiven - probe.cpuNanos();
        List<SegmentSample.Copy> segments = latest(mode, reopening ? REOPENING_SEGMENTS : opening ? OPENING_SEGMENTS : SEGMENTS);
        if (!opening && probe.knows(current) && allowance < probe.readingNanos(current, segments)) {
            // saved up: every probe reads the running compressor, whatever the budget, and a reading each decision
            // took 6-12 % of a core where the budget was 3 % (seen on the 5 -> 35 Mbit/s change, CPU-bound: 0.3-0.6 s
            // of probing per 5 s, with the delta algorithms' probe)
            return reopening;
        }
        Candidates c = candidates(current, ranked);
        List<DeltaSample.Pair> pairs = mode.deltaSample().snapshot();
        long limit = earned + forgiven;
        Runnable job = job(() -> {
            if (reopening) {
                readFamiliesAfresh(current, ranked, segments);
                return; // the delta algorithms at the regular readings: the family is the question now
            }
            probe.probeCopies(current, null, c.anchors(), c.others(), segments, Math.max(0, allowance), earnedNow);
            if (opening || limit - probe.cpuNanos() >= Math.max(1, probe.deltaNanos())) { // as much as they took last time left
                probe.probeDeltas(current, pairs, c.anchors());
            } else if (!probe.readDeltasUnder(current.codec())) {
                probe.probeDeltas(current, pairs); // whether the running delta is worth it under the compressor switched to
            }
        });
        if (opening && reopenings == 0) {
            jobs.await(job); // the first decision picks the mode of QEMU's first pass: on the opening's readings
        } else if (opening) {
            jobs.submit(job); // the decision after it acts on them
        } else {
            jobs.offer(job);
        }
        return reopening;
    }

    /** Each family's best-ranked level read on {@code segments} whatever the budget, in place of the readings so far. */
    private void readFamiliesAfresh(Mode current, List<Prediction> ranked, List<SegmentSample.Copy> segments) {
        long mark = probe.readAfresh();
        probe.probeCopies(current, null, familyBest(current, ranked), List.of(), segments, Long.MAX_VALUE, 0);
        if (!probe.halted()) {
            probe.dropReadingsBefore(mark);
            afresh.set(true);
        }
    }

    /**
     * At a fall of the link: the opening taken again on the latest {@link #REOPENING_SEGMENTS}, whatever the budget,
     * submitted. The readings so far were taken on the faster link, within a CPU-bound pipeline's budget, and the
     * slower link's choice rests on the pages' ratios, which its spare CPU can read (seen on the change set's fall to 5
     * Mbit/s: no reading of bzip2 left, xor+zstd-11 kept 13 s at R 0.28 until one came in and put bzip2-8 at 0.21).
     */
    void readAfreshOnFall(Mode current, List<Prediction> ranked, ModeSwitch mode) {
        List<SegmentSample.Copy> segments = latest(mode, REOPENING_SEGMENTS);
        jobs.submit(job(() -> readFamiliesAfresh(current, ranked, segments)));
    }

    /**
     * At a decision on a rise of the link, which must not wait long on probes: the family anchors on the latest
     * segment, the cheapest first, within {@link #RISE_NANOS}; the current compressor whatever that (every live ratio
     * is relative to it).
     */
    void updateOnRise(Mode current, List<Prediction> ranked, ModeSwitch mode) {
        Set<Mode> anchors = candidates(current, ranked).anchors();
        List<SegmentSample.Copy> segments = latest(mode, SEGMENTS);
        jobs.submit(job(() -> probe.probeCopies(current, null, anchors, List.of(), segments, RISE_NANOS, 0)));
    }

    /**
     * The mode was switched to {@code next}: its compressor is read on the latest segment, whatever the budget, before
     * the next decision reads anything relative to it (without a reading of it every live ratio is unusable, and the
     * decision after a switch went on the profile alone: seen on the 5 -> 35 Mbit/s change, xor+zstd-6 kept 15 s
     * where the stream's pages favoured bzip2-9 by a fifth).
     */
    void switched(Mode next, ModeSwitch mode) {
        List<SegmentSample.Copy> segments = latest(mode, SEGMENTS);
        jobs.queue(job(() -> probe.probeCopies(next, null, List.of(), List.of(), segments, 0, 0)));
    }

    /**
     * Ends the readings in progress after the compressor they are running (a rise of the link: the pipeline ramps up to
     * it on every core; seen: an opening taken again at 19.4 s read four segments through the rise at 20 s, and the
     * pipeline took in 54 % of its forecast). The next readings run as usual.
     */
    void halt() {
        probe.halt();
    }

    /** {@code body} as a job of the thread that probes: the readings go on unless {@link #halt halted} while it runs. */
    private Runnable job(Runnable body) {
        return () -> {
            probe.resume();
            body.run();
        };
    }

    /** The {@code count} most recent sampled segments: what a decision's probes read. */
    private static List<SegmentSample.Copy> latest(ModeSwitch mode, int count) {
        List<SegmentSample.Copy> samples = mode.sample().copies();
        return samples.subList(Math.max(0, samples.size() - count), samples.size());
    }

    /**
     * Readings of {@code candidate}'s compressor (and the current one's) on the sampled segments before the one
     * {@link #update} probed, as many as it lacks of {@link LiveReadings#CONFIRMING_SAMPLES} (at least one), whatever
     * the budget: one compressor on a MiB or two. False when no such segment is kept.
     */
    boolean secondReading(Mode current, Mode candidate, ModeSwitch mode) {
        List<SegmentSample.Copy> samples = mode.sample().copies();
        int end = samples.size() - SEGMENTS;
        if (end < 1) {
            return false;
        }
        Mode codec = candidate.withDelta(DeltaAlgorithm.NONE);
        int lacking = Math.max(1, LiveReadings.CONFIRMING_SAMPLES - probe.sharedCounts(current).getOrDefault(codec, 0));
        List<SegmentSample.Copy> earlier = List.copyOf(samples.subList(Math.max(0, end - lacking), end));
        jobs.submit(job(() -> {
            for (int i = earlier.size() - 1; i >= 0; i--) {
                probe.probeCopies(current, candidate.withDelta(current.delta()), List.of(), earlier.subList(i, i + 1), 0);
            }
        }));
        return true;
    }

    /**
     * Whether readings a decision asked to act on ({@link #secondReading}, a rise's, an opening after the first) have
     * come in since the last call: the decision that asked went on without them.
     */
    boolean takeArrived() {
        return jobs.takeArrived();
    }

    /**
     * Whether the readings were taken afresh since the last call: an opening taken again, on data unlike the one the
     * running mode was chosen on ({@link #DATA_CHANGED}), has replaced them ({@link ModeChooser#readAfresh}).
     */
    boolean takeAfresh() {
        return afresh.getAndSet(false);
    }

    /** Compressors' output relative to {@code current}'s (see {@link RatioProbe#relative(Mode)}). */
    Map<Mode, Double> relative(Mode current) {
        return probe.relative(current);
    }

    /** Everything the probes know, relative to {@code current}. */
    LiveReadings readings(Mode current) {
        return new LiveReadings(probe.relative(current), probe.deltas(), probe.relativeCosts(current), probe.sharedCounts(current),
                probe.deltaCosts());
    }

    /** Delta algorithms' output per compressor (see {@link RatioProbe#deltas()}). */
    DeltaRelations deltas() {
        return probe.deltas();
    }

    /** CPU the probes may have used so far (what they have earned). */
    long earnedNanos() {
        return earned;
    }

    /** CPU the last reading of the delta algorithms took (0: none yet). */
    long deltaNanos() {
        return probe.deltaNanos();
    }

    /** CPU spent probing so far. */
    long cpuNanos() {
        return probe.cpuNanos();
    }

    /**
     * What a decision's probes try, on the current delta: first the anchors, each family's best-ranked level (so every
     * family gets measured on this VM's data, not only the one the reference workload favoured) and its strongest
     * level (how far its levels reach on this data is what the profile knows least; the levels between take their
     * figures from the nearest read ones); then the next best-ranked modes.
     */
    record Candidates(Set<Mode> anchors, Set<Mode> others) {
    }

    /** Each compressor family's best-ranked level in {@code ranked}, on the current delta, but the current one's. */
    static Set<Mode> familyBest(Mode current, List<Prediction> ranked) {
        Set<Mode> best = new LinkedHashSet<>();
        Set<Object> families = new HashSet<>();
        families.add(current.codec());
        for (Prediction p : ranked) {
            if (families.add(p.mode().codec())) {
                best.add(p.mode().withDelta(current.delta()));
            }
        }
        return best;
    }

    /**
     * The {@link Candidates}: the probes read the anchors again, least recently read first, before any other level is
     * read at all. Levels never read, taken first, kept a family's strongest from being read again (seen: bzip2-9 read
     * once at 9.5 s on the stream's zero-rich start at 1.17 of the running lzma-1, then zstd-12, -13, -15, lzma-5 and
     * lzma-9 each read for the first time at one decision after another, and bzip2-9's stale figure kept lzma for 50 s;
     * read on the dense pages after it, bzip2-9 was 0.87 of lzma).
     */
    static Candidates candidates(Mode current, List<Prediction> ranked) {
        Set<Mode> anchors = familyBest(current, ranked);
        Map<Object, Integer> strongest = new java.util.HashMap<>();
        for (Prediction p : ranked) {
            strongest.merge(p.mode().codec(), p.mode().level(), Math::max);
        }
        for (Prediction p : ranked) {
            if (strongest.get(p.mode().codec()) == p.mode().level() && !p.mode().sameCompressor(current)) {
                anchors.add(p.mode().withDelta(current.delta()));
            }
        }
        Set<Mode> others = new LinkedHashSet<>();
        for (Prediction p : ranked) {
            if (anchors.size() + others.size() >= PROBES) {
                break;
            }
            Mode m = p.mode().withDelta(current.delta());
            if (!p.mode().sameCompressor(current) && !anchors.contains(m)) {
                others.add(m);
            }
        }
        return new Candidates(anchors, others);
    }

    /** The profile's compression CPU per input byte of a compressor without delta (0: not profiled). */
    static double profiledNanosPerByte(Profile profile, Mode codec) {
        Profile.Entry e = profile.entry(codec);
        return e == null ? 0 : e.micros("compress") * 1000 / 4096;
    }

    /** {@code codec}'s output / input on the profile's workload; NaN where the profile has it not. */
    static double profiledRatio(Profile profile, Mode codec) {
        Profile.Entry e = profile.entry(codec);
        return e == null ? Double.NaN : e.ratio();
    }

    @Override
    public void close() {
        jobs.close(probe::close); // on the thread that probes, after its running job: the codecs are its
    }
}
