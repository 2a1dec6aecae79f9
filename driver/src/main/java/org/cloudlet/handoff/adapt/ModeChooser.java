package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the mode that maximises min(processing throughput, bandwidth / R) over every mode of the profile. A new
 * mode must promise {@link #MARGIN} more than the current one at once, or {@link #LEAD} more at
 * {@link #LEAD_DECISIONS} decisions in a row: measurement noise (levels of one compressor often predict within a
 * few per cent of each other) comes and goes, a real advantage stays (seen: bzip2 promising 5.4 % more than the
 * running xor+lzma-3 at every decision for 60 s of a 10 Mbit/s handoff, and the static bzip2 handoff finishing 8 %
 * sooner). Among modes that promise the same ({@link #TIE}), the one with the most CPU to spare wins. A gain that
 * is only a smaller output needs no more than {@link #RATIO_LEAD}, at two decisions in a row
 * (with the same compressor and level; the delta may differ): when the link limits the
 * current mode and the new one with CPU to spare ({@link #HEADROOM}), the gain is a ratio of outputs measured on the
 * same recent segments, not a forecast of CPU cost (seen: xor+lzma-6 promising 2.6 % less output than the running
 * lzma-1 with 12 % of CPU to spare, and lzma-1 kept; on a link-bound handoff every per cent of output is a per cent
 * of its time). A switch to another compressor or level waits until the probes have read it beside the current one
 * on {@link LiveReadings#CONFIRMING_SAMPLES} segments ({@link #awaitingConfirmation()}, then a reading on another
 * segment and {@link #afterSecondReading}; meanwhile the best mode read enough that beats the current one by the
 * margin is taken): among a dozen compressors each read on one 1 MiB segment, the
 * best-looking is often the one that segment flattered (seen at 10 Mbit/s: xor+lzma-5 read 0.66 of the running
 * bzip2-9, was switched to, measured 0.91; then bzip2-4, bzip2-9, lzma-5 again — ten changes in 80 s), and one
 * compared only through readings on other segments is no better known. Except at the first decision: it leaves an
 * initial mode chosen on no data at all. And the decision on readings taken afresh ({@link #readAfresh}) needs only
 * {@link #TIE} more, from the best mode read enough: the margin and the lead guard a mode chosen on data like the
 * present against noise, and the running one was chosen on data unlike it. One chooser serves one handoff: it counts
 * that handoff's decisions.
 */
public final class ModeChooser {
    static final double MARGIN = 0.10;
    static final double LEAD = 0.03;
    static final int LEAD_DECISIONS = 3;
    static final double RATIO_LEAD = 0.02;
    /**
     * Processing above the link's drain rate by this share: a CPU forecast that far off, or data that far more
     * compressible for a while (the link then needs more input per second), still leaves the link the limit.
     */
    static final double HEADROOM = 0.50;
    /**
     * Modes whose dependable throughput is within this share of the best's are as good as it, the probes' readings
     * being no finer; among them the one with the most CPU to spare ranks first. A link that speeds up (or data that
     * compresses less for a while) then finds the mode with room to follow until the next decision, where a heavier
     * one runs CPU-bound meanwhile (seen on the 5 -> 35 Mbit/s change: lzma-6 chosen at 8.8 s for 1.7 % over bzip2-3,
     * which had six times its processing; the link rose at 19.5 s and lzma-6 carried 1 MB/s of its 4.4 until the next
     * decision at 24 s). A smaller output beyond this share is {@link #RATIO_LEAD}'s to weigh.
     */
    static final double TIE = RATIO_LEAD;
    /**
     * A tied mode of smaller output is taken over the first-ranked, where the link bounds both with CPU to spare, while
     * its processing is more than 1 / ROOM of the first-ranked's ({@link #leanestTied}): room that differs by less is
     * not worth bytes.
     */
    static final double ROOM = 2;
    /**
     * {@link #HEADROOM} for the running mode when another is weighed against it: its processing is no forecast but
     * its cost measured on this data over the interval just ended, and the next decision sees it if it runs
     * CPU-bound after all. With the full headroom a link rise took the running bzip2 for CPU-bound before it had
     * run on the faster link (seen on the 5 -> 35 Mbit/s change: xor+bzip2-9 forecast at 20.6 MB/s of input where
     * the link drained 19.2, xor+zstd-9 taken; the static bzip2-5 then kept the 35 Mbit/s link full on the same two
     * cores, with output 10 % smaller). Compressibility still varies within an interval: some headroom stays.
     */
    static final double CURRENT_HEADROOM = 0.20;
    /**
     * {@link #HEADROOM} on both compressors of a blend ({@link FillBlend}): a forecast of CPU that is off moves the
     * share the fill takes ({@link FillShare}), not the link's idle time, so the blend needs only the room the running
     * mode gets.
     */
    static final double BLEND_HEADROOM = CURRENT_HEADROOM;
    /** A chosen mode forecast to keep up with the link gets a fill for running at this share of it after all. */
    static final double SHORTFALL = 0.8;

    private final ThroughputModel model;
    /** Decisions in a row at which some other mode promised {@link #LEAD} more than the current one. */
    private int leading;
    /** The modes that led by their ratio alone at the last decision, best first. */
    private List<Mode> ratioLeaders = List.of();
    /** Decisions taken; the mode a switch waits on a second reading of (null: none). */
    private int decisions;
    private Mode awaiting;
    /** Whether the next decision acts on readings taken afresh ({@link #readAfresh}). */
    private boolean afresh;
    /** The share of segments the running mode's fill takes ({@link #fillRunning}); below 0: no fill runs beside it. */
    private double fillShare = -1;

    public ModeChooser(ThroughputModel model) {
        this.model = model;
    }

    /**
     * The probes' readings were taken afresh on data unlike the opening's ({@link LiveRatios#DATA_CHANGED}), which the
     * running mode was chosen on: the next decision switches for more than {@link #TIE}, to the best mode read enough.
     * Seen at 10 Mbit/s: lzma chosen on the first pass's zero-rich start, its relation to bzip2 a toss there; the opening
     * taken again at 9 s put xor+bzip2-9 (read on four segments) 7-9 % ahead of the running xor+lzma-9 from 16.8 s, short
     * of the margin, and xor+lzma-9 ran to 32 s (1.17 times the static bzip2-9's time). Over 99 runs at 10 Mbit/s on two
     * cores and one, those whose first decision took lzma took a median 1.087 times the static's time, bzip2 1.019.
     */
    public void readAfresh() {
        afresh = true;
    }

    /**
     * The running mode's fill takes {@code share} of the segments (0: one stands by), or none runs beside it (below 0).
     * Kept, the mode goes on at that share, which the pipeline's pace moves ({@link FillShare}), not at the share its
     * blend would take: it is forecast at the share it runs. A blend credited at a share that does not run kept a heavy
     * mode within the margin of lighter ones (seen on the change set's 35 Mbit/s stretch: xor+bzip2-9 forecast with
     * zstd on 37-47 % of its segments, 16.7-17.0 MB/s against bzip2-8's 18.2-18.3, while the fill kept still at 0 for
     * 10 s, the destination's decoders holding the stream up half the time, the link 40-80 % used). Where no fill
     * runs, one chosen now starts at the blend's share, as on a switch.
     */
    public void fillRunning(double share) {
        this.fillShare = share;
    }

    /** The decision, with every mode's prediction ranked best first. */
    public record Choice(Mode chosen, Prediction current, List<Prediction> ranked) {
        public Prediction best() {
            return ranked.get(0);
        }

        public boolean changed() {
            return !chosen.equals(current.mode());
        }
    }

    public Choice choose(Mode current, Measurement m, Map<Mode, Double> ratios) {
        return choose(current, m, ratios, DeltaRelations.NONE);
    }

    /** With live ratios of compressors ({@code ratios}) and of delta algorithms ({@code deltas}) on this VM's data. */
    public Choice choose(Mode current, Measurement m, Map<Mode, Double> ratios, DeltaRelations deltas) {
        return choose(current, m, LiveReadings.of(ratios, deltas));
    }

    /** With what the probes read on this VM's data. */
    public Choice choose(Mode current, Measurement m, LiveReadings live) {
        return choose(current, m, live, false);
    }

    /**
     * As {@link #choose(Mode, Measurement, LiveReadings)}; {@code urgent} (a decision on a rise of the link) switches
     * without waiting for a second reading of the best mode: a mode too heavy for the faster link idles most of it for
     * as long as the reading takes, where a segment's fluke costs a few per cent of output until the next decision
     * (seen on the 5 -> 35 Mbit/s change: xor+lzma-5 kept 1.3 s past the rise while bzip2-6, then bzip2-7, awaited
     * their readings, the link a third used). Only where the running mode cannot keep up with the faster link: one that
     * can loses nothing while the reading is taken again, and a fluke taken on one segment runs until the next decision
     * (seen: the rise's second decision left xor+bzip2-3, which kept the 35 Mbit/s link full, for xor+lzma-3 read once
     * at 0.83 of its output and 1.14 of its cost; it measured 1.0 and 2.0, and ran 15 s beside half the segments in zstd).
     */
    public Choice choose(Mode current, Measurement m, LiveReadings live, boolean urgent) {
        List<Prediction> all = rank(current, m, live);
        Prediction now = currentOf(all, current, m, live);
        urgent &= !now.networkBound();
        Prediction best = all.get(0);
        double gain = gain(best, now);
        leading = gain > LEAD && !best.mode().equals(current) ? leading + 1 : 0;
        double margin = margin();
        boolean switches = gain > margin || leading >= LEAD_DECISIONS;
        boolean first = decisions++ == 0;
        awaiting = null;
        if (switches && !first && !urgent && awaitsReadings(best.mode(), current, live)) {
            // unless the second reading is what its first was, a segment's fluke
            return awaitReadings(best, now, all, live, margin);
        }
        if (switches) {
            return switchTo(best.mode(), now, all);
        }
        Prediction larger = largerBlock(now, all);
        if (larger != null) {
            return switchTo(larger.mode(), now, all);
        }
        // Two decisions in a row, each on its own samples: one segment's ratios differ from the next one's by ±10 %
        // (seen: 8-25 mode changes per handoff when one reading sufficed). Any compressor that led at both counts, not
        // only the first-ranked: compressors a few per cent apart take turns at the top from one segment to the next
        // (seen after a fall to 5 Mbit/s: xor+lzma-2, then xor+bzip2-9, then xor+lzma-5 first, each 6-11 % under the
        // running xor+zstd-9 at every decision, and xor+zstd-9 kept 15 s). And on readings of the level itself: the
        // first-ranked one short of them is read now, and may switch at the next decision.
        List<Mode> smaller = new ArrayList<>();
        for (Prediction p : all) { // best first: those that beat the current one by their ratio alone
            if (!p.mode().equals(current) && smallerOutputOnly(now, p) && now.ratio() / p.ratio() - 1 > RATIO_LEAD) {
                smaller.add(p.mode());
            }
        }
        Mode again = null;
        for (Mode s : smaller) {
            if (ratioLeaders.stream().anyMatch(s::sameCompressor) && !awaitsReadings(s, current, live)) {
                again = s;
                break;
            }
        }
        ratioLeaders = smaller;
        if (again != null) {
            return switchTo(again, now, all);
        }
        if (!smaller.isEmpty() && awaitsReadings(smaller.get(0), current, live)) {
            awaiting = smaller.get(0);
        }
        return new Choice(current, now, all);
    }

    /** The current mode's prediction among {@code ranked} (or made, if the profile ranks it not). */
    private Prediction currentOf(List<Prediction> ranked, Mode current, Measurement m, LiveReadings live) {
        return ranked.stream().filter(p -> p.mode().equals(current)).findFirst()
                .orElseGet(() -> model.predict(current, current, m, live));
    }

    /** How much more {@code best} can be counted on for than the running mode ({@code now}), as a share of {@code now}. */
    private static double gain(Prediction best, Prediction now) {
        return dependable(best) / Math.max(dependable(now, CURRENT_HEADROOM), 1e-9) - 1;
    }

    /**
     * The mode the last decision would have switched to, or counted as leading by its ratio, on too few direct readings
     * of it: to be read again (or null).
     */
    public Mode awaitingConfirmation() {
        return awaiting;
    }

    /**
     * The decision {@link #choose} held back, taken again once the probes have read the awaited compressor on another
     * sample: the best mode now, if it beats the current one as {@link #choose} requires and is confirmed; else the
     * best-ranked confirmed mode that beats it by {@link #MARGIN}; else the current mode (a new fluke, or one still
     * short of its readings, waits for another). Waiting on the best alone kept a mode 15 s past the link's fall from
     * 35 to 5 Mbit/s: zstd-12, then zstd-17 (carried from zstd-13), each ranked first and read too little, while
     * bzip2-9, read at 0.82 of the running zstd-7 all along, waited behind them.
     */
    public Choice afterSecondReading(Mode current, Measurement m, LiveReadings live) {
        List<Prediction> all = rank(current, m, live);
        Prediction now = currentOf(all, current, m, live);
        Prediction best = all.get(0);
        awaiting = null;
        double margin = margin();
        if (best.mode().equals(current) || !(gain(best, now) > margin || leading >= LEAD_DECISIONS)) {
            return new Choice(current, now, all);
        }
        if (awaitsReadings(best.mode(), current, live)) {
            return awaitReadings(best, now, all, live, margin);
        }
        return switchTo(best.mode(), now, all);
    }

    /**
     * {@code best} is to be read again ({@link #awaitingConfirmation()}); meanwhile the best-ranked mode read enough to
     * act on is taken if it beats {@code now} by {@link #MARGIN}, else {@code now} is kept. The reading may queue behind
     * others for seconds (seen at 1 core 25 Mbit/s: bzip2-6 awaited behind an opening taken again, 11 s on one core,
     * while bzip2-9 and bzip2-3, each read on four segments, put the running zstd-10 a fifth behind; 71 of the
     * handoff's 103 MB went out in zstd-10).
     */
    private Choice awaitReadings(Prediction best, Prediction now, List<Prediction> all, LiveReadings live, double margin) {
        awaiting = best.mode();
        Prediction known = bestConfirmed(all, now, live, margin);
        return known != null ? switchTo(known.mode(), now, all) : new Choice(now.mode(), now, all);
    }

    /** A switch to {@code next}: what led the old mode, and for how long, says nothing against the new one. */
    private Choice switchTo(Mode next, Prediction now, List<Prediction> all) {
        leading = 0;
        ratioLeaders = List.of();
        return new Choice(next, now, all);
    }

    /** The gain a switch needs at this decision: {@link #TIE} on readings taken afresh ({@link #readAfresh}, once), else {@link #MARGIN}. */
    private double margin() {
        double margin = afresh ? TIE : MARGIN;
        afresh = false;
        return margin;
    }

    /** The best-ranked mode of {@code ranked} other than {@code now}'s, read enough to act on, that beats it by {@code margin} (or null). */
    private static Prediction bestConfirmed(List<Prediction> ranked, Prediction now, LiveReadings live, double margin) {
        for (Prediction p : ranked) {
            if (!p.mode().equals(now.mode()) && !awaitsReadings(p.mode(), now.mode(), live) && gain(p, now) > margin) {
                return p;
            }
        }
        return null;
    }

    /**
     * Whether a switch from {@code current} to {@code next} waits for readings of next's compressor and level
     * ({@link LiveReadings#unconfirmed}); a change of delta alone keeps the compressor the probes know.
     */
    private static boolean awaitsReadings(Mode next, Mode current, LiveReadings live) {
        return !next.sameCompressor(current) && live.unconfirmed(next);
    }

    /** Whether {@code next} would gain on {@code now} only by its smaller output: the link limits both, and not next's CPU. */
    static boolean smallerOutputOnly(Prediction now, Prediction next) {
        return now.networkBound() && roomOverLink(next);
    }

    /** Every profiled mode's prediction, best first. */
    public List<Prediction> rank(Mode current, Measurement m, Map<Mode, Double> ratios, DeltaRelations deltas) {
        return rank(current, m, LiveReadings.of(ratios, deltas));
    }

    /**
     * Every profiled mode's prediction, best first, by {@link #dependable(Prediction)} throughput; each with the
     * lighter compressor that would fill the link beside it best, where it would not fill it alone ({@link FillBlend}).
     */
    public List<Prediction> rank(Mode current, Measurement m, LiveReadings live) {
        List<Prediction> alone = new ArrayList<>();
        for (Mode mode : model.profile().modes()) {
            alone.add(model.predict(mode, current, m, live));
        }
        List<Prediction> all = new ArrayList<>(alone.size());
        for (Prediction p : alone) {
            FillBlend blend = bestFill(p, alone, BLEND_HEADROOM);
            all.add(p.withFill(p.mode().equals(current) ? running(blend, p, alone) : blend));
        }
        double top = all.stream().mapToDouble(ModeChooser::dependable).max().orElse(0);
        // Within TIE of the top, prefer the most processing; otherwise the higher throughput.
        all.sort(Comparator.comparing((Prediction p) -> !tied(p, top))
                .thenComparing(p -> tied(p, top) ? -p.processingBytesPerSecond() : -dependable(p)));
        Prediction leanest = leanestTied(all, top);
        if (leanest != null) {
            all.remove(leanest);
            all.add(0, leanest);
        }
        return all;
    }

    /**
     * Of the modes tied with the first-ranked ({@link #TIE}) where the link bounds it with CPU to spare
     * ({@link #HEADROOM}), the one to take for its output: among the tied ones the link bounds with that room and
     * that keep more than 1 / {@link #ROOM} of its processing, the compressor of least predicted output, at its
     * strongest such level (on that one's delta); null where that is the first-ranked, or the link does not bound it.
     * The tie ranks by CPU room, for a faster link until the next decision; a rise of the link gets a decision of its
     * own, and on a steady link-bound handoff every per cent of output is a per cent of its time. Room that differs
     * by less than half is not worth the bytes (seen at 10 Mbit/s: xor+lzma-3 taken at the first decision for its
     * room over xor+bzip2-9, predicted 0.5 % apart, where on a captured stream of the same guest xor+lzma-3 put 11 %
     * more bytes; at 1 core lzma-2 over bzip2-8, predicted 2 % smaller, run 40 s). Levels of one compressor: the
     * readings cannot tell them apart within the tie (one 1 MiB segment read bzip2-3, -6 and -9 within 0.2 % of each
     * other, the next put bzip2-9 8 % under bzip2-6; the profile's reference workload has them within 1 %, bzip2-3
     * least), and a stronger level packs as well or better (bzip2 packs each block of 100 kB × its level alone; on the
     * captured stream bzip2-6 put 5 % more bytes than bzip2-9 at the same CPU within a few per cent).
     */
    static Prediction leanestTied(List<Prediction> ranked, double top) {
        Prediction first = ranked.get(0);
        if (!linkBoundWithRoom(first)) {
            return null;
        }
        List<Prediction> room = new ArrayList<>();
        for (Prediction p : ranked) {
            if (!tied(p, top)) {
                break; // the tied ones come first
            }
            if (linkBoundWithRoom(p) && p.processingBytesPerSecond() * ROOM > first.processingBytesPerSecond()) {
                room.add(p);
            }
        }
        Prediction leanest = room.stream().min(Comparator.comparingDouble(Prediction::ratio)).orElse(first);
        Prediction strongest = strongestLevel(leanest, room);
        return strongest == first ? null : strongest;
    }

    /**
     * On a handoff the link bounds, the running bzip2's strongest level above its own that the link bounds with
     * {@link #HEADROOM} of CPU to spare, on the same delta (or null). bzip2's levels differ only in block size (100 kB
     * × level) at about the same cost per byte, and a larger block packs as well or better; the readings cannot tell
     * them apart (the profile puts them within 1 %, under {@link #RATIO_LEAD}), so a lower level taken where the CPU
     * was short, or for its room in the tie, was kept (seen at 1 core 10 Mbit/s: xor+bzip2-7 from the first decision
     * at 3.5 s, kept, 84.9 s / 102.4 MB; the static xor+bzip2-7 84.8-84.9 s / 101-102 MB, xor+bzip2-9 81.4-82.9 s /
     * 97 MB). The room keeps the level where the CPU would not carry it (2 cores 25 Mbit/s: bzip2-9 with 0.8 times
     * the input the link drains; its static ran 40.2 s against bzip2-5's 37.9).
     */
    static Prediction largerBlock(Prediction now, List<Prediction> ranked) {
        if (now.mode().codec() != CodecId.BZIP2 || !now.networkBound()) {
            return null;
        }
        Prediction largest = strongestLevel(now, ranked.stream().filter(ModeChooser::linkBoundWithRoom).toList());
        return largest == now ? null : largest;
    }

    /**
     * Of {@code candidates} on {@code from}'s compressor and delta, the first at the strongest level above its own;
     * {@code from} where none is.
     */
    private static Prediction strongestLevel(Prediction from, List<Prediction> candidates) {
        Prediction strongest = from;
        for (Prediction p : candidates) {
            Mode m = p.mode();
            if (m.codec() == from.mode().codec() && m.delta() == from.mode().delta() && m.level() > strongest.mode().level()) {
                strongest = p;
            }
        }
        return strongest;
    }

    /** Whether the link alone bounds {@code p}, with {@link #HEADROOM} of CPU to spare and no fill. */
    private static boolean linkBoundWithRoom(Prediction p) {
        return p.fill() == null && roomOverLink(p);
    }

    /** Whether {@code p}'s processing is {@link #HEADROOM} above what the link drains. */
    private static boolean roomOverLink(Prediction p) {
        return p.processingBytesPerSecond() >= (1 + HEADROOM) * p.networkBytesPerSecond();
    }

    /** Whether {@code p} is as good as the best, {@code top}: its dependable throughput within {@link #TIE} of it. */
    private static boolean tied(Prediction p, double top) {
        return dependable(p) >= top * (1 - TIE);
    }

    /**
     * The throughput a mode can be counted on for: min(processing, bandwidth / R) with the processing forecast taken
     * {@link #HEADROOM} lower. A mode forecast to just keep up with the link runs CPU-bound as soon as the forecast is
     * a little off or the guest's QEMU takes a core for a moment, and the link idles meanwhile; one with CPU to spare
     * does not (seen at 25 Mbit/s on one core: lzma-1 chosen at the edge of the CPU carried 2.8 MB/s of a 3.0 MB/s
     * link for 17 s, where the static xor+zstd-9 kept the link full and finished 9 % sooner; at 10 Mbit/s on two
     * cores: xor+lzma-9, forecast at 1.4 × the input the link needed, left it idle in the more compressible stretches
     * for 40 s, where bzip2-9 at 4 × put as few bytes). The cost is asymmetric: a heavier mode saves a few per cent of
     * output, a CPU-bound one loses the link's idle share. Among modes the CPU limits the order is the same.
     */
    static double dependable(Prediction p) {
        return dependable(p, HEADROOM);
    }

    /** As {@link #dependable(Prediction)}, or the throughput of its blend with a fill where that is more. */
    private static double dependable(Prediction p, double headroom) {
        double alone = Math.min(p.processingBytesPerSecond() / (1 + headroom), p.networkBytesPerSecond());
        return p.fill() == null ? alone : Math.max(alone, p.fill().bytesPerSecond());
    }

    /** The running mode's {@code blend} at the share its fill runs ({@link #fillRunning}); null at none. */
    private FillBlend running(FillBlend blend, Prediction current, List<Prediction> alone) {
        if (blend == null || fillShare < 0) {
            return blend;
        }
        if (fillShare == 0) {
            return null;
        }
        Prediction light = alone.stream().filter(p -> p.mode().equals(blend.fill())).findFirst().orElseThrow();
        return FillBlend.at(current, light, fillShare, BLEND_HEADROOM);
    }

    /**
     * Of {@code candidates} with {@code heavy}'s delta and another compressor, the one whose blend with it takes in
     * most ({@link FillBlend#of}), or null where none gains.
     */
    static FillBlend bestFill(Prediction heavy, List<Prediction> candidates, double headroom) {
        return bestFill(heavy, candidates, headroom, 0);
    }

    /** As {@link #bestFill(Prediction, List, double)} among candidates forecast to process at least {@code minProcessing}. */
    private static FillBlend bestFill(Prediction heavy, List<Prediction> candidates, double headroom, double minProcessing) {
        FillBlend best = null;
        for (Prediction light : candidates) {
            if (light.mode().delta() != heavy.mode().delta() || light.mode().sameCompressor(heavy.mode())
                    || light.processingBytesPerSecond() < minProcessing) {
                continue;
            }
            FillBlend b = FillBlend.of(heavy, light, headroom);
            if (b != null && (best == null || b.bytesPerSecond() > best.bytesPerSecond())) {
                best = b;
            }
        }
        return best;
    }

    /**
     * The fill to run beside {@code chosen}: its blend's where the forecast has it fall short of the link; else the
     * one that would serve best should it run CPU-bound after all (at {@link #SHORTFALL} of the input the link
     * drains; forecasts of CPU are off by that much), with no share yet: the pipeline's own pace decides it
     * ({@link FillShare}). Null when no compressor would fill.
     */
    public FillBlend fillFor(Prediction chosen, List<Prediction> ranked) {
        if (chosen.fill() != null) {
            return chosen.fill();
        }
        double network = chosen.networkBytesPerSecond();
        if (!(network > 0) || Double.isInfinite(network)) {
            return null;
        }
        Prediction shortOfLink = new Prediction(chosen.mode(), SHORTFALL * network * (1 + BLEND_HEADROOM), network,
                chosen.ratio(), chosen.cpuMicrosPerChunk());
        // lighter than the mode itself, not only than the mode short of the link (seen: bzip2-8 beside bzip2-9)
        FillBlend b = bestFill(shortOfLink, ranked, BLEND_HEADROOM, FillBlend.LIGHTER * chosen.processingBytesPerSecond());
        return b == null ? null : new FillBlend(b.fill(), 0, chosen.expectedBytesPerSecond());
    }
}
