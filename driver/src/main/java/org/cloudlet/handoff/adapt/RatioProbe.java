package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.Codec;
import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.compress.Codecs;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.delta.DeltaCodec;
import org.cloudlet.handoff.delta.DeltaStage;
import org.cloudlet.handoff.delta.Deltas;
import org.cloudlet.handoff.pipeline.DeltaSample;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.SegmentSample;
import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Tries compressors on copies of recent segments (this VM's data, after the current delta) and reports each one's
 * output size relative to the current compressor's on the same bytes. The profile's ratios come from a reference
 * workload; how much better bzip2 or lzma does than zstd differs a lot between data sets, and that difference is
 * what decides the mode at low bandwidth. Readings of the last few samples are kept, per compressor and level
 * whatever the delta algorithm whose output they were taken on: how bzip2 compares with lzma hardly changes between
 * xor's output and the raw pages (here both differ by ~1 %), while the profile's reference workload can say the
 * opposite (seen: a switch from xor+lzma-1 to bzip2-4 dropped the readings, the profile then had lzma-3 15 %
 * smaller and the controller switched straight back).
 */
public final class RatioProbe implements AutoCloseable {
    private static final double SMOOTHING = 0.5;
    /**
     * Measured on every sample besides the current compressor and the candidates: each reading is kept as a size
     * relative to it on the same bytes. Readings relative to whichever compressor was current chained one sample's
     * figures onto another's (seen: one segment put lzma-4 at 0.58 of bzip2-6 and every other compressor then read
     * twice its size). Cheap: a few ms per MiB.
     */
    static final Mode REFERENCE = new Mode(DeltaAlgorithm.NONE, CodecId.ZSTD, 1);
    /**
     * Samples whose readings are kept: the last minute or so of the VM's data. One segment's readings move a relation
     * by 10-20 % (seen at 5 Mbit/s: bzip2-9 read 1.12 of the running lzma-5 over six samples, 0.92 at the next
     * decision); six samples let such swings switch the mode back and forth (nine changes in 180 s, 10 % more bytes
     * than static bzip2-9).
     */
    static final int KEPT_SAMPLES = 12;
    /**
     * A kept sample's weight in every figure, against the next newer one's: the compressors are compared on what the
     * stream brings now. Each sample alike, a segment of the stream's zero-rich start where bzip2 did no better than
     * zstd-10 held bzip2-9's figure at 1.10-1.31 of the running lzma for 30 s (and above bzip2-8's, read only since,
     * at 0.95), where the pages after it favoured bzip2 (seen at 0.87 of lzma in other handoffs of the same guest).
     * At this weight, a sample three newer ones have followed counts a fifth as much as those three together.
     */
    static final double RECENCY = 0.75;
    /** Samples the stage packed that are compressed here again to relate its CPU to this thread's. */
    static final int CALIBRATIONS = 3;
    /**
     * A sample this quick says little of the relation: a compressor's first runs on a segment carry a few ms of
     * set-up beyond its warm-up ({@link #warmed}), several times its cost on a zero-rich MiB.
     */
    static final long MIN_CALIBRATION_NANOS = 20_000_000L;
    /** Samples read beside the current compressor on which a relation to it stands on its own ({@link #relative}). */
    static final int STANDS_ALONE = 3;

    private final Map<Long, Codec> codecs = new HashMap<>();
    /**
     * Per recent sample, what each compressor measured on it; the reference always. This and {@link #deltas} are what
     * the controller's thread reads while a {@link ProbeThread} probes: locked on themselves; the rest is the prober's.
     */
    private final java.util.ArrayDeque<Reading> readings = new java.util.ArrayDeque<>();
    /** Per compressor, each delta algorithm's compressed output relative to the chunks' own (no delta). */
    private final Map<CodecId, Map<DeltaAlgorithm, Double>> deltas = new EnumMap<>(CodecId.class);
    /** Guarded by {@link #deltas}: per compressor, its CPU on each delta algorithm's output relative to on the chunks'. */
    private final Map<CodecId, Map<DeltaAlgorithm, Double>> deltaCosts = new EnumMap<>(CodecId.class);
    private final Map<DeltaAlgorithm, DeltaCodec> deltaCodecs = new EnumMap<>(DeltaAlgorithm.class);
    /** The probe (count) at which each compressor and level was last measured. */
    private final Map<Mode, Long> probedAt = new HashMap<>();
    private long probes;
    /**
     * CPU per input byte each compressor and level took on the sample last probed. The running compressor's is the
     * compress stage's own on that sample ({@link #probeNanos}): a cost per byte swings with the data far more than
     * one compressor's relation to another does (seen: lzma-3's cost read at 0.13, 0.20 and 0.51 of lzma-5's, each
     * compressor's from another segment, the running one's from its first; on the Debian guest's memory bzip2-9's cost
     * per MiB runs from 0.3 to 11 times lzma-1's), so two costs compare on one sample.
     */
    private final Map<Mode, Double> nanosPerByte = new java.util.concurrent.ConcurrentHashMap<>(); // read by readingNanos
    /**
     * CPU this thread and the compress workers took on the same samples with the same compressor: a worker beside the
     * others takes 15-25 % more per byte than this thread, so the stage's cost is put in this thread's terms by their
     * ratio, pooled over {@link #CALIBRATIONS} samples.
     */
    private long probeNanos;
    private long workerNanos;
    private volatile int calibrations;
    /** CPU per byte expected of a compressor and level never probed yet (0: unknown, try it). */
    private final ToDoubleFunction<Mode> guess;
    private final ToDoubleFunction<Mode> profiledRatio;
    /** Written by the thread that probes, read by the controller's ({@link ProbeThread}). */
    private volatile long cpuNanos;
    /** Readings added so far: each one's sequence number. */
    private long added;
    private volatile boolean halted;
    private volatile long deltaNanos;

    /**
     * One sample's figures per (compressor, level), as a mode without delta: its compressed size and its CPU per
     * input byte; {@code segments}: how many sampled segments it was read on together (an opening's four).
     */
    private record Reading(long seq, Map<Mode, Double> sizes, Map<Mode, Double> costs, int segments) {
    }

    public RatioProbe() {
        this(m -> 0, null);
    }

    /**
     * With {@code guess}: expected CPU nanoseconds per byte of a compressor (a mode without delta) not yet probed; and
     * {@code profiledRatio} (may be null): its output / input on the profile's workload, which relates a level never
     * read beside its family's anchor to it ({@link #throughFamilies}).
     */
    public RatioProbe(ToDoubleFunction<Mode> guess, ToDoubleFunction<Mode> profiledRatio) {
        this.guess = guess;
        this.profiledRatio = profiledRatio;
    }

    /**
     * Compresses {@code samples} with the current mode's compressor and with each candidate's, on the current
     * delta, and folds the relative sizes into {@link #relative(Mode)}.
     */
    public void probe(Mode current, Collection<Mode> candidates, List<byte[]> samples) {
        probe(current, null, candidates, samples, Long.MAX_VALUE);
    }

    /** As {@link #probe(Mode, Mode, Collection, List, long)} with no compressor to measure first. */
    public void probe(Mode current, Collection<Mode> candidates, List<byte[]> samples, long budgetNanos) {
        probe(current, null, candidates, samples, budgetNanos);
    }

    /**
     * As {@link #probe(Mode, Collection, List)} within about {@code budgetNanos} of CPU: the current compressor is
     * always measured (without it no reading is usable); a candidate only while the budget lasts and, once its cost
     * per byte is known (or guessed), only if it fits what is left (seen: six candidates up to lzma-9 on 2 MiB took
     * 3.3 s of CPU in one decision, on two cores the pipeline needed). One never read whose guess does not fit is
     * passed over, so a cheaper one further down still gets its turn; one read before that does not fit ends the
     * probe, so the budget saves up for it (seen: lzma-9 passed over at every decision for 35 s while cheaper levels
     * behind it were read, its figure kept from a segment 35 s old). {@code first} (may be null) is measured before
     * the others and whatever the budget: a switch waits on this reading of it
     * ({@link ModeChooser#awaitingConfirmation()}).
     */
    public void probe(Mode current, Mode first, Collection<Mode> candidates, List<byte[]> samples, long budgetNanos) {
        probeCopies(current, first, candidates, samples.stream().map(SegmentSample.Copy::unmeasured).toList(), budgetNanos);
    }

    /**
     * As {@link #probe(Mode, Mode, Collection, List, long)} on sampled segments: a compressor that the compress stage
     * packed a sample with is not run on it again once its cost is known ({@link #size}): the stage's size stands.
     */
    public void probeCopies(Mode current, Mode first, Collection<Mode> candidates, List<SegmentSample.Copy> samples, long budgetNanos) {
        probeCopies(current, first, candidates, List.of(), samples, budgetNanos, Long.MAX_VALUE);
    }

    /**
     * As {@link #probeCopies(Mode, Mode, Collection, List, long)}, with every one of {@code anchors} ahead of
     * {@code others} in the order they are tried ({@link #leastRecentFirst} within each), and a compressor read
     * before that does not fit the budget waited for (the probe ends) only if it would cost no more than
     * {@code waitNanos}, what the caller earns between probes: one that costs more is never read while the budget is
     * that small, and waiting for it stopped every reading (seen on 1 core, CPU-bound at 3 %: no probe for 20 s).
     */
    public void probeCopies(Mode current, Mode first, Collection<Mode> anchors, Collection<Mode> others, List<SegmentSample.Copy> samples,
                            long budgetNanos, long waitNanos) {
        if (samples.isEmpty()) {
            return;
        }
        long start = StageCounters.threadCpuNanos();
        long bytes = samples.stream().mapToLong(s -> s.raw().length).sum();
        double base = size(codecOf(current), samples);
        if (base <= 0) {
            cpuNanos += StageCounters.threadCpuNanos() - start;
            return;
        }
        probes++;
        Map<Mode, Double> reading = new HashMap<>();
        Map<Mode, Double> cost = new HashMap<>();
        reading.put(codecOf(current), base);
        cost.put(codecOf(current), nanosPerByte.getOrDefault(codecOf(current), 0.0));
        reading.computeIfAbsent(REFERENCE, k -> size(k, samples));
        cost.put(REFERENCE, nanosPerByte.getOrDefault(REFERENCE, 0.0));
        probedAt.put(codecOf(current), probes);
        List<Mode> order = order(anchors, others, probedAt, this::expectedNanosPerByte);
        if (first != null) {
            order.remove(codecOf(first));
            order.add(0, codecOf(first));
        }
        for (Mode key : order) {
            if (halted) {
                break;
            }
            long left = budgetNanos - (StageCounters.threadCpuNanos() - start);
            double perByte = expectedNanosPerByte(key);
            boolean due = first != null && key.equals(codecOf(first));
            if (!due && (left <= 0 || perByte * bytes > left)) {
                if (nanosPerByte.containsKey(key) && perByte * bytes <= waitNanos) {
                    break; // read before and due again: the budget saves up for it, else the cheaper ones behind it take it every time
                }
                continue;
            }
            if (!reading.containsKey(key)) {
                reading.put(key, size(key, samples));
                cost.put(key, nanosPerByte.getOrDefault(key, 0.0));
            }
            probedAt.put(key, probes);
        }
        if (reading.get(REFERENCE) > 0) {
            synchronized (readings) {
                readings.addLast(new Reading(added++, reading, cost, samples.size()));
                while (readings.size() > KEPT_SAMPLES) {
                    readings.removeFirst();
                }
            }
        }
        cpuNanos += StageCounters.threadCpuNanos() - start;
    }

    /**
     * The candidates' compressors, never probed first, then the longest unprobed; among those read at the same probe
     * (or never), the cheapest per byte ({@code nanosPerByte}) first, else in the caller's order: with a budget for one
     * or two a decision, the same favourites would be measured again and again while the rest kept the profile's
     * relation between levels, taken on another workload (seen: bzip2-9 and lzma-6 never probed, the profile putting
     * them within 1-3 % of lzma-1, where on the guest's own stream they sent 11 % and 9 % less). Cheapest first: a
     * budget then reads more families (seen: the opening's 2 s went to lzma-9, 14 times zstd-10's cost, and bzip2-9,
     * a sixth of that, was left unread; lzma chosen, bzip2-9 read at 0.87 of it 15 s later).
     */
    static List<Mode> leastRecentFirst(Collection<Mode> candidates, Map<Mode, Long> probedAt, ToDoubleFunction<Mode> nanosPerByte) {
        List<Mode> keys = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(candidates.stream().map(RatioProbe::codecOf).toList()));
        keys.sort(java.util.Comparator.<Mode>comparingLong(k -> probedAt.getOrDefault(k, -1L))
                .thenComparingDouble(nanosPerByte)); // stable
        return keys;
    }

    /** The order a probe tries compressors in: {@code anchors}, then {@code others}, each {@link #leastRecentFirst}. */
    static List<Mode> order(Collection<Mode> anchors, Collection<Mode> others, Map<Mode, Long> probedAt, ToDoubleFunction<Mode> nanosPerByte) {
        List<Mode> order = leastRecentFirst(anchors, probedAt, nanosPerByte);
        leastRecentFirst(others, probedAt, nanosPerByte).stream().filter(m -> !order.contains(m)).forEach(order::add);
        return order;
    }

    /** CPU per byte {@code codec}'s compressor took when last probed, else the guess of it. */
    private double expectedNanosPerByte(Mode codec) {
        return nanosPerByte.containsKey(codec) ? nanosPerByte.get(codec) : guess.applyAsDouble(codec);
    }

    /** The probe (1, 2, …) that last measured {@code codec}'s compressor and level; 0: never. */
    long lastProbe(Mode codec) {
        return probedAt.getOrDefault(codecOf(codec), 0L);
    }

    /**
     * Per compressor and level (a mode without delta) that a kept sample measured, on how many segments it was
     * measured together with {@code current}'s (0: only apart from it): the readings that compare the two directly. A
     * reading of several segments at once counts each (seen at 1 core 25 Mbit/s: bzip2-9 read at 0.84 of the running
     * zstd-10 on an opening's four, counted once, and zstd-10 kept 15 s for want of a second reading). A relation
     * taken through the reference, each compressor on its own segment, carries both segments' oddities (seen: bzip2-6
     * read at 0.77 of bzip2-1 and bzip2-9 at 1.11 of it, bzip2-1 read at 0.90 of bzip2-9; three switches among bzip2
     * levels in 15 s on them).
     */
    public Map<Mode, Integer> sharedCounts(Mode current) {
        Mode self = codecOf(current);
        Map<Mode, Integer> out = new HashMap<>();
        for (Reading r : kept()) {
            int shared = r.sizes().containsKey(self) ? r.segments() : 0;
            r.sizes().keySet().forEach(k -> out.merge(k, shared, Integer::sum)); // 0: read, but never beside it
        }
        return out;
    }

    /**
     * Starts reading afresh: forgets when each compressor was last read, so the next probes order them as if never
     * read, and returns the mark before which the kept readings are to go once new ones stand in for them
     * ({@link #dropReadingsBefore}): they were taken on data unlike the stream's now. Kept until then, they are what
     * the decisions read meanwhile (seen: every relation unknown for 8 s around a rise of the link, while an opening
     * read four segments). What was learnt of each compressor's cost per byte and of the workers' CPU against this
     * thread's stays, as first guesses.
     */
    public long readAfresh() {
        probedAt.clear();
        return added;
    }

    /** Drops the readings taken before {@code mark} ({@link #readAfresh}): the ones taken since stand in for them. */
    public void dropReadingsBefore(long mark) {
        synchronized (readings) {
            readings.removeIf(r -> r.seq() < mark);
        }
    }

    /**
     * Ends the probe in progress after the compressor it is running (what it read so far is kept), and any other
     * until {@link #resume()}: the pipeline needs the cores now.
     */
    public void halt() {
        halted = true;
    }

    /** Whether {@link #halt()} cut the probes short since the last {@link #resume()}. */
    public boolean halted() {
        return halted;
    }

    /** Lets probes run again after {@link #halt()}. */
    public void resume() {
        halted = false;
    }

    /** Whether a probe has measured {@code current}'s compressor (else every reading is unusable until one has). */
    public boolean knows(Mode current) {
        Mode key = codecOf(current);
        return kept().stream().anyMatch(r -> r.sizes().containsKey(key));
    }

    /**
     * Compressed size of {@code samples} with {@code codec}'s compressor and level; learns its CPU per byte. Where the
     * compress stage packed a sample with it, the stage's size is taken instead of compressing the sample again, and its
     * CPU scaled to this thread's ({@link #probeNanos}): a compress worker beside the others took 15-25 % more per
     * byte than this thread, and every other compressor, measured here, then read that much cheaper against it (seen:
     * zstd-10 at 0.45 of the running xor+bzip2-9's cost where this thread's own readings had put it at 0.57). So a
     * compressor is run here once for its cost, on the first sample, before the stage's figures stand for it.
     */
    private double size(Mode codec, List<SegmentSample.Copy> samples) {
        if (codec.codec() == CodecId.NONE) {
            nanosPerByte.put(codec, 0.0);
            return samples.stream().mapToLong(s -> s.raw().length).sum();
        }
        long total = 0;
        long in = 0;
        double nanos = 0;
        for (SegmentSample.Copy s : samples) {
            byte[] raw = s.raw();
            boolean calibrating = calibrations < CALIBRATIONS && s.packedNanos() > 0;
            // compressed here once for its cost, and while the stage's CPU cannot be put in this thread's terms yet
            if (s.packedWith(codec) && nanosPerByte.containsKey(codec) && !calibrating) {
                total += Math.min(raw.length, s.packed());
                if (workerNanos > 0 && s.packedNanos() > 0) { // its cost on these bytes, as this thread would have taken it
                    nanos += s.packedNanos() * probeNanos / workerNanos;
                    in += raw.length;
                }
                continue;
            }
            Codec c = codecs.computeIfAbsent((long) codec.codec().wireId() << 8 | codec.level(), k -> warmed(codec, raw.length));
            long start = StageCounters.threadCpuNanos(); // after opening: a compressor's set-up is not its cost per byte
            total += Math.min(raw.length, c.compress(raw, 0, raw.length).length); // a segment that grows goes out raw
            long took = StageCounters.threadCpuNanos() - start;
            if (s.packedWith(codec) && s.packedNanos() > 0 && took >= MIN_CALIBRATION_NANOS) {
                probeNanos += took;
                workerNanos += s.packedNanos();
                calibrations++;
            }
            nanos += took;
            in += raw.length;
        }
        if (in > 0) {
            nanosPerByte.put(codec, nanos / in);
        }
        return total;
    }

    /**
     * A new compressor, run once on {@code length} zero bytes: its first run on a segment also allocates and touches its
     * buffers and match tables (lzma-3 on a MiB: 25-45 ms over its 5-250 ms), which would count as its cost per byte;
     * on zeros the set-up costs what it does and the compression next to nothing.
     */
    private static Codec warmed(Mode codec, int length) {
        Codec c = Codecs.open(codec.codec(), codec.level());
        c.compress(new byte[length], 0, length);
        return c;
    }

    /** As {@link #probeDeltas(Mode, List, Collection)} under the current compressor alone. */
    public void probeDeltas(Mode current, List<DeltaSample.Pair> pairs) {
        probeDeltas(current, pairs, List.of());
    }

    /**
     * Encodes the sampled chunks with every delta algorithm (keeping a delta only where the pipeline would: below
     * {@link DeltaStage#worthIt}) and compresses each result with the current compressor, and the chunks themselves,
     * their xor and the current algorithm's output with each of {@code others}' compressors (xor is the one delta
     * cheap enough to run beside a fast link); folds the sizes and the compressors' CPU on them, relative to the
     * chunks' own under the same compressor, into {@link #deltas()} and {@link #deltaCosts()}.
     */
    public void probeDeltas(Mode current, List<DeltaSample.Pair> pairs, Collection<Mode> others) {
        if (pairs.isEmpty() || halted) {
            return;
        }
        long start = StageCounters.threadCpuNanos();
        Map<DeltaAlgorithm, byte[]> encoded = new EnumMap<>(DeltaAlgorithm.class);
        for (DeltaAlgorithm d : DeltaAlgorithm.values()) {
            encoded.put(d, encoded(d, pairs));
        }
        read(codecOf(current), encoded);
        java.util.Set<DeltaAlgorithm> few = java.util.EnumSet.of(DeltaAlgorithm.NONE, DeltaAlgorithm.XOR, current.delta());
        Map<DeltaAlgorithm, byte[]> some = new EnumMap<>(DeltaAlgorithm.class);
        few.forEach(d -> some.put(d, encoded.get(d)));
        java.util.Set<CodecId> done = java.util.EnumSet.of(current.codec());
        for (Mode other : others) {
            if (halted) {
                break;
            }
            if (done.add(other.codec())) {
                read(codecOf(other), some);
            }
        }
        long took = StageCounters.threadCpuNanos() - start;
        cpuNanos += took;
        deltaNanos = took;
    }

    /** The pairs' chunks as {@code d} turns them into items, one after another. */
    private byte[] encoded(DeltaAlgorithm d, List<DeltaSample.Pair> pairs) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (DeltaSample.Pair p : pairs) {
            byte[] delta = null;
            if (d != DeltaAlgorithm.NONE) {
                int limit = DeltaStage.limit(p.target().length);
                try {
                    delta = deltaCodecs.computeIfAbsent(d, Deltas::open).encode(p.base(), p.base().length, p.target(), p.target().length, limit);
                } catch (Exception e) {
                    delta = null; // as the stage does with a delta it cannot make: the chunk goes raw
                }
                if (delta != null && !DeltaStage.worthIt(delta.length, p.target(), p.target().length)) {
                    delta = null;
                }
            }
            byte[] item = delta != null ? delta : p.target();
            out.write(item, 0, item.length);
        }
        return out.toByteArray();
    }

    /** Compresses each algorithm's items with {@code codec} and folds size and CPU relative to no delta's. */
    private void read(Mode codec, Map<DeltaAlgorithm, byte[]> encoded) {
        Map<DeltaAlgorithm, Double> size = new EnumMap<>(DeltaAlgorithm.class);
        Map<DeltaAlgorithm, Double> cost = new EnumMap<>(DeltaAlgorithm.class);
        encoded.forEach((d, all) -> {
            if (codec.codec() == CodecId.NONE) {
                size.put(d, (double) all.length);
                cost.put(d, (double) all.length);
                return;
            }
            Codec c = codecs.computeIfAbsent((long) codec.codec().wireId() << 8 | codec.level(), k -> warmed(codec, all.length));
            long begin = StageCounters.threadCpuNanos();
            size.put(d, (double) Math.min(all.length, c.compress(all, 0, all.length).length));
            cost.put(d, (double) Math.max(1, StageCounters.threadCpuNanos() - begin));
        });
        synchronized (deltas) {
            fold(deltas.computeIfAbsent(codec.codec(), k -> new EnumMap<>(DeltaAlgorithm.class)), size);
            fold(deltaCosts.computeIfAbsent(codec.codec(), k -> new EnumMap<>(DeltaAlgorithm.class)), cost);
        }
    }

    /** {@code now} (a figure per delta algorithm) relative to no delta's, smoothed into {@code into}. */
    private static void fold(Map<DeltaAlgorithm, Double> into, Map<DeltaAlgorithm, Double> now) {
        double base = now.getOrDefault(DeltaAlgorithm.NONE, 0.0);
        if (base <= 0) {
            return;
        }
        now.forEach((d, v) -> into.merge(d, v / base, (old, x) -> old * (1 - SMOOTHING) + x * SMOOTHING));
    }

    /**
     * Live CPU each compressor read took on each delta algorithm's output, per chunk of input, relative to on the
     * chunks themselves: a delta changes what the compressor sees, and the profile's reference workload says how only
     * for itself (it has bzip2 20-40 % cheaper after xor; on the Debian guest's stream static xor+bzip2-5 took 60 s on
     * the 5 -> 35 Mbit/s change where bzip2-5 took 53, CPU-bound while the link was fast).
     */
    public DeltaRelations deltaCosts() {
        synchronized (deltas) {
            return DeltaRelations.of(deltaCosts);
        }
    }

    /** CPU the last {@link #probeDeltas} took (0: none yet): what the next one is expected to. */
    public long deltaNanos() {
        return deltaNanos;
    }

    /**
     * CPU a probe of {@code samples} is expected to take at least: the current compressor's reading, which every probe
     * takes, nothing where the compress stage packed a sample with it and its cost is known ({@link #size}).
     */
    public long readingNanos(Mode current, List<SegmentSample.Copy> samples) {
        Mode codec = codecOf(current);
        double perByte = expectedNanosPerByte(codec);
        long bytes = samples.stream().filter(s -> !(s.packedWith(codec) && nanosPerByte.containsKey(codec) && calibrations >= CALIBRATIONS))
                .mapToLong(s -> s.raw().length).sum();
        return (long) (perByte * bytes);
    }

    /** Whether the delta algorithms have been read under {@code compressor}. */
    public boolean readDeltasUnder(CodecId compressor) {
        synchronized (deltas) {
            return deltas.containsKey(compressor);
        }
    }

    /** Live sizes of each delta algorithm's output, per compressor it was read under, relative to the chunks' own. */
    public DeltaRelations deltas() {
        synchronized (deltas) {
            return DeltaRelations.of(deltas);
        }
    }

    /** The kept readings as they stand: a {@link ProbeThread} may be adding one. */
    private List<Reading> kept() {
        synchronized (readings) {
            return List.copyOf(readings);
        }
    }

    /**
     * Live sizes relative to {@code current}'s compressor, keyed by mode with the current delta; empty when no kept
     * sample measured that compressor. A compressor is compared on the samples both were measured on (sums of sizes,
     * so large samples count more, and recent ones: {@link #RECENCY}), and through the reference compressor on all
     * the samples each was measured on; where both exist, their geometric mean stands. Readings chained through whichever compressor was current carried
     * one sample's oddity to every compressor (seen: one segment put lzma-4 at 0.58 of bzip2-6, everything else then
     * read twice its size, and the controller switched on it). And one segment's data can favour one family by 20-25 %
     * where the next favours the other: two compressors read together only on such segments look far apart (seen at
     * 10 Mbit/s on 1 core: lzma-2 at 0.80 of the running bzip2-9 on the two segments read beside it, lzma-1 and lzma-3
     * at 1.17 and 1.12 on others; then bzip2-9 at 1.26 of lzma-2 — six switches between the two in 60 s). The figure
     * through the reference pools every sample of each; a relation both figures bear out is one to act on. Until the
     * two were read together on {@link #STANDS_ALONE} samples: the pooled figure carries samples of other data. Not
     * the larger of the two: it favours the running compressor by the two figures' noise (seen over every kept
     * trace: bzip2-9 read at a median 1.04-1.12 of a running lzma level, lzma-6 at 1.07 of a running bzip2-9, where
     * every segment of two handoffs' streams, compressed offline, gives bzip2-9 at 0.90 of lzma-2 and 0.97 of lzma-6;
     * the opening's choice held for 60 s at 5 Mbit/s, bzip2-9 read at 1.02-1.09 of the running lzma-5 at every
     * decision, while in a handoff of the same guest that opened on bzip2-9, lzma-5 read at 1.07-1.11 of it). Not sooner:
     * on the shared samples alone, zstd-17 read at 0.75 of the running xor+bzip2-9 on two segments, was switched to,
     * and seven changes followed in 60 s at 10 Mbit/s.
     */
    public Map<Mode, Double> relative(Mode current) {
        List<Map<Mode, Double>> sizes = kept().stream().map(Reading::sizes).toList();
        return throughFamilies(current, relativeTo(current, sizes, true), sizes, profiledRatio);
    }

    /**
     * {@code own} (each level's figure relative to {@code current}'s compressor) with every level of a compressor
     * that was read beside its family's anchor taken as the anchor's figure times the two's relation on the samples
     * they share. The anchor is the level read beside the current compressor most (recent samples counting more);
     * for the current compressor's family, the current compressor itself; the reference only where no other level of
     * its family was read: read on every sample, it would anchor its family every time, and its small window misses
     * the long-range repeats within a segment that the strong levels find, so its relation to them swings with them
     * (seen: zstd-1's figure fell from 1.58 to 1.32 of the running bzip2-9 on one segment, zstd-19 carried with it to
     * 0.90, switched to, and read 1.16 of bzip2-9 five seconds later). How two compressor families compare
     * swings from one segment to the next (on the Debian guest's stream lzma-6 / bzip2-9 varies by a factor e^±0.20
     * per segment), how two levels of one compressor compare hardly does (bzip2-3 / bzip2-9 e^±0.06, lzma-2 / lzma-6
     * e^±0.06). Each level's own figure, read on its own few segments, carried its segments' swing: among a dozen
     * levels, the one read on the segments that favoured its family looked best and was switched to (seen at 5 Mbit/s:
     * bzip2-3 at 0.97 of the running xor+lzma-5 and chosen, bzip2-9 at 0.98; on the whole stream bzip2-3 packs 7 %
     * worse than bzip2-9). Through the anchor every level of a family moves with the family's reading on the most
     * samples, and keeps its measured distance to its siblings.
     */
    static Map<Mode, Double> throughFamilies(Mode current, Map<Mode, Double> own, List<Map<Mode, Double>> figures,
                                             ToDoubleFunction<Mode> profiledRatio) {
        Mode self = codecOf(current);
        Map<Mode, Double> out = new HashMap<>(own);
        Map<Mode, Double> besideSelf = new HashMap<>();
        for (int i = 0; i < figures.size(); i++) {
            Map<Mode, Double> r = figures.get(i);
            if (r.containsKey(self)) {
                double w = weight(i, figures.size());
                r.keySet().forEach(k -> besideSelf.merge(k, w, Double::sum));
            }
        }
        java.util.Comparator<Mode> evidence = java.util.Comparator.<Mode>comparingDouble(k -> besideSelf.getOrDefault(k, 0.0))
                .thenComparingInt(Mode::level);
        Map<CodecId, Mode> anchors = own.keySet().stream().map(RatioProbe::codecOf).filter(k -> !k.equals(REFERENCE))
                .collect(java.util.stream.Collectors.toMap(Mode::codec, k -> k, java.util.function.BinaryOperator.maxBy(evidence), HashMap::new));
        anchors.put(self.codec(), self);
        anchors.putIfAbsent(REFERENCE.codec(), REFERENCE);
        for (Mode m : own.keySet()) {
            Mode k = codecOf(m);
            Mode anchor = anchors.get(k.codec());
            Double anchorFigure = anchor.equals(self) ? Double.valueOf(1.0) : own.get(anchor.withDelta(current.delta()));
            if (k.equals(anchor) || k.equals(REFERENCE) || anchorFigure == null) { // the reference's own rests on every sample
                continue;
            }
            double level = 0;
            double ofAnchor = 0;
            for (Map<Mode, Double> r : figures) {
                if (r.containsKey(k) && r.containsKey(anchor)) {
                    level += r.get(k);
                    ofAnchor += r.get(anchor);
                }
            }
            if (level > 0 && ofAnchor > 0) {
                out.put(m, anchorFigure * level / ofAnchor);
            } else if (profiledRatio != null) { // never read with its anchor: each figure as much as the samples behind it
                double carried = anchorFigure * profiledRatio.applyAsDouble(m) / profiledRatio.applyAsDouble(anchor);
                double mine = besideSelf.getOrDefault(k, 0.0);
                double theAnchors = besideSelf.getOrDefault(anchor, 0.0);
                if (mine + theAnchors > 0 && Double.isFinite(carried) && carried > 0) {
                    out.put(m, Math.exp((mine * Math.log(out.get(m)) + theAnchors * Math.log(carried)) / (mine + theAnchors)));
                }
            }
        }
        return Map.copyOf(out);
    }

    /**
     * Live CPU per input byte of each measured compressor relative to {@code current}'s, keyed like
     * {@link #relative(Mode)} and compared on shared samples where there are any. The profile's relation between
     * compressors holds for its reference workload; how much slower bzip2 or lzma is than zstd depends on the data
     * (on the Debian guest's memory lzma-3 costs 36 times zstd-1, on the reference workload 23 times), and scaling
     * every compressor by what the current one measured carries that error into every CPU forecast. Empty while the
     * current compressor costs nothing measurable (no compression).
     */
    public Map<Mode, Double> relativeCosts(Mode current) {
        return costsRelativeTo(current, kept().stream().map(Reading::costs).toList(), guess);
    }

    /**
     * {@code figures} (each sample's CPU per byte per compressor and level) relative to {@code current}'s compressor,
     * each level through its family's anchor ({@link #throughFamilies}, the profile's costs relating a level never read
     * beside it): how two families' costs compare swings with the segment even more than their sizes do (on the Debian
     * guest's memory bzip2-9's cost runs from 0.3 to 11 times lzma-1's per MiB), two levels of one compressor hardly
     * (seen without: bzip2-4's cost read at 0.31 of the running lzma-2, on its own segment, bzip2-3 and bzip2-9 at 1.2).
     */
    static Map<Mode, Double> costsRelativeTo(Mode current, List<Map<Mode, Double>> figures, ToDoubleFunction<Mode> profiledCost) {
        return throughFamilies(current, relativeTo(current, figures, false), figures, m -> profiledCost.applyAsDouble(codecOf(m)));
    }

    /**
     * One figure of kept readings ({@code figures}, one map per sample, each holding {@link #REFERENCE}) relative to
     * {@code current}'s compressor: on the samples both were measured on, else through the reference; with
     * {@code cautious}, the two figures' geometric mean where both exist (see {@link #relative(Mode)}).
     */
    static Map<Mode, Double> relativeTo(Mode current, List<Map<Mode, Double>> figures, boolean cautious) {
        Mode self = codecOf(current);
        if (figures.stream().noneMatch(r -> r.containsKey(self))) {
            return Map.of();
        }
        double selfOfReference = ofReference(self, figures);
        Map<Mode, Double> out = new HashMap<>();
        java.util.Set<Mode> measured = new java.util.HashSet<>();
        figures.forEach(r -> measured.addAll(r.keySet()));
        for (Mode m : measured) {
            double both = 0;
            double selfOnBoth = 0;
            int shared = 0;
            for (int i = 0; i < figures.size(); i++) {
                Map<Mode, Double> r = figures.get(i);
                if (r.containsKey(m) && r.containsKey(self)) {
                    double w = weight(i, figures.size());
                    both += w * r.get(m);
                    selfOnBoth += w * r.get(self);
                    shared++;
                }
            }
            double pooled = selfOfReference > 0 ? ofReference(m, figures) / selfOfReference : Double.NaN;
            double rel = selfOnBoth > 0 ? both / selfOnBoth : pooled;
            if (cautious && shared < STANDS_ALONE && selfOnBoth > 0 && Double.isFinite(pooled) && !m.equals(self)) {
                rel = Math.sqrt(rel * pooled);
            }
            if (Double.isFinite(rel)) {
                out.put(m.withDelta(current.delta()), rel);
            }
        }
        return Map.copyOf(out);
    }

    /** {@code codec}'s figure over the reference's, on the kept samples that measured it. */
    private static double ofReference(Mode codec, List<Map<Mode, Double>> figures) {
        double size = 0;
        double ref = 0;
        for (int i = 0; i < figures.size(); i++) {
            Map<Mode, Double> r = figures.get(i);
            if (r.containsKey(codec)) {
                double w = weight(i, figures.size());
                size += w * r.get(codec);
                ref += w * r.get(REFERENCE);
            }
        }
        return ref > 0 ? size / ref : 1.0;
    }

    /** The weight of the {@code i}-th of {@code n} kept samples, oldest first: {@link #RECENCY} per newer sample. */
    private static double weight(int i, int n) {
        return Math.pow(RECENCY, n - 1 - i);
    }

    private static Mode codecOf(Mode m) {
        return m.withDelta(DeltaAlgorithm.NONE);
    }

    /** CPU spent probing so far. */
    public long cpuNanos() {
        return cpuNanos;
    }

    @Override
    public void close() {
        codecs.values().forEach(Codec::close);
        codecs.clear();
    }
}
