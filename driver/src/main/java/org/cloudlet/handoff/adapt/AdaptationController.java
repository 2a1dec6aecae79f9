package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.logging.Logger;

/**
 * The adaptation loop of one handoff: every {@link #SAMPLE_MILLIS} it samples the pipeline's stages and the link;
 * every {@link #DECIDE_MILLIS} (the first time as soon as the link has limited the sender, i.e. the socket buffers
 * and the send window have filled) it measures the current mode over the interval, tries the best-looking
 * compressors on recent segments, and switches the pipeline to the mode {@link ModeChooser} picks.
 */
public final class AdaptationController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AdaptationController.class.getName());
    static final long SAMPLE_MILLIS = 100;
    static final long DECIDE_MILLIS = 5000;
    /** Fewer input chunks than this in an interval says too little to decide on. */
    private static final long MIN_CHUNKS = 256;
    /** Fewer bytes than this reaching the compressor (the rest deduplicated) say nothing of how pages compress. */
    private static final long MIN_COMPRESSED_BYTES = MIN_CHUNKS * ChunkFormat.CHUNK_SIZE;
    /** Input at this share of the current mode's predicted processing rate: the pipeline is CPU-bound. */
    private static final double CPU_BOUND = 0.8;
    /**
     * QEMU's stream waited this share of an interval for the pipeline, and the link did not limit: the pipeline ran
     * at its capacity, whatever the forecast says ({@link #decide}).
     */
    private static final double PACED = 0.5;
    /** Input at under this share of the current mode's predicted processing rate, link-bound: the cores idle. */
    private static final double IDLE = 0.5;
    /** Bandwidth assumed above what a CPU-bound interval carried. */
    private static final double OPTIMISM = 1.5;
    /** The destination's reader waited this share of an interval or more: the destination, not the link, set its pace. */
    private static final double DESTINATION_HELD = 0.5;
    /**
     * The destination's reader waited this share of an interval or more, its applier waiting on its decoders meanwhile
     * ({@link #DESTINATION_HELD} of it): its decoders set the pace for that share, and a mode that decodes faster
     * relieves them ({@link ThroughputModel#destinationRate}).
     */
    private static final double DECODERS_HELD = 0.25;
    /** The link's rate read this recently (it limited a decision's interval, or a second of it: {@link #carriedItsRate}) is its rate: no {@link #OPTIMISM}. */
    static final long RATE_KNOWN_NANOS = 20_000_000_000L;
    /** Sampled link-bound 100 ms intervals in a row that count as "the buffers have filled". */
    private static final int FILLED = 5;
    /** The span the samples' link figures are taken over: single acknowledgements come in bursts. */
    private static final long SECOND_NANOS = 1_000_000_000L;
    /** Samples this far apart at least cover {@link #SECOND_NANOS} as far as the 100 ms timer keeps time. */
    private static final long SECOND_COVERED_NANOS = 900_000_000L;
    /** The window's bandwidth a second ago at this share of now or more: it has stopped growing. */
    private static final double STEADY = 0.85;
    /** After a switch, segments of the old mode are still in the queues this long: not the new mode's cost. */
    private static final long SETTLE_NANOS = 1_000_000_000L;
    /**
     * A first interval whose R is below this share of the profile's for the running mode is the start of QEMU's
     * first pass (zero and duplicate pages), not what follows: the first decision waits, and is tried again on each
     * {@link #DEFERRED_RETRY_NANOS} since, for one interval at most. Taken on it, it chose light modes for data 3-6x as
     * compressible as the rest (seen: zstd-8 on R 0.05, kept 20 s over pages of R 0.27 where bzip2-9 had 0.20;
     * 10 Mbit/s, 1 core). Waiting a whole interval kept the initial mode 5 s past the zero run (seen: deferred at
     * 3.4 s, the pages after it at R 0.12-0.2 from 3.5 s, zstd-10 until 8.5 s where bzip2-9 read 0.83 of it).
     */
    private static final double UNREPRESENTATIVE = 0.5;
    /**
     * A later interval whose R is below this share of the R the running mode was chosen on is a run of zero pages and
     * copies, and keeps the mode ({@link #hold}). Dense pages vary less: the first pass's stretches at 2 cores 10 Mbit/s
     * read R 0.13-0.33 one after another, its zero tail 0.01-0.05. At half, a stretch at 0.16 after one at 0.33 was
     * taken for zero pages and 20 s of decisions were held.
     */
    private static final double ZERO_RUN = 0.25;
    /** An interval whose output is below this share of its input says nothing of how pages compress ({@link #switchover}). */
    private static final double NOTHING_OUT = 0.001;
    private static final long DEFERRED_RETRY_NANOS = 1_000_000_000L;
    /**
     * A second's link rate, read while the sender waited on the link, at this multiple of the bandwidth the last
     * decision used: the next decision comes now rather than at its 5 s mark (seen on the 5 -> 35 Mbit/s change:
     * xor+lzma-9, chosen for the slow link, carried 1.3 MB/s of the fast one's 4.4 for the 4 s until the next
     * decision). Only a rise: a mode too light for a slower link costs a few per cent of output, one too heavy for a
     * faster one idles most of it. And only once the send window has stopped growing ({@link #windowSteady}), as at
     * the first decision: taken while it grew, the early decision read 2.2 MB/s of a 4.4 MB/s link, kept bzip2-9, and
     * the next came 5 s later. The window's figure counts as well as the sender's waits: grown on a heavy mode's bursts,
     * the window no longer holds the sender back, and a rise it measures shows in no wait (seen: 4.4 MB/s measured at
     * 21 s of a rise at 19.5 s, the next decision at 24 s on the interval's 2.5).
     */
    private static final double LINK_RISE = 2;
    /**
     * After a decision on a rise, a further rise by this much brings the next decision forward too: the second it
     * read may have straddled the rise (seen on the 5 -> 35 Mbit/s change: the rise's decision read 2.4 MB/s of a
     * 4.2 MB/s link, kept xor+lzma-3 for it, and the link carried half its rate until the regular decision 5 s
     * later). Only after a rise: on a steady link, readings this far apart are noise.
     */
    private static final double FOLLOW_RISE = 1.3;
    /**
     * A second's link rate, read while the sender waited on it, at or below the bandwidth the last decision used divided
     * by this: the link fell, and the mode is chosen again now, on the last decision's figures for the pages (the
     * interval since says little of them: a second or two, often the first pass's zero tail) at the slower rate
     * ({@link #fell}). Everything encoded from then on crosses at the slower rate, in the mode chosen for the faster
     * one (seen on the 35 -> 5 Mbit/s fall: xor+bzip2-6 with a zstd-6 fill, which a pipeline held up by the slower
     * link read as CPU-bound and raised to half the segments, kept 19 s to the end: 14 MB crossed the slow link).
     */
    private static final double LINK_FALL = LINK_RISE;
    /**
     * A fall is decided on once it has lasted this long: the second in which half the old rate was first crossed
     * straddles the fall and reads the new rate too high (a 200 -> 5 Mbit/s fall read at 83 Mbit/s, and a heavy
     * mode given a light fill for it).
     */
    private static final long FALL_CONFIRMED_NANOS = SECOND_NANOS;
    /** A share of a second the destination held the stream up that counts as a hold-up at all ({@link #linkFell}, {@link #fillKeepsStill}). */
    private static final double HELD_AT_ALL = 0.05;
    /** What the link carried over the last second at this multiple of the running mode's potential output: a rise is decided on, the window steady or not ({@link #outrun}). */
    private static final double OUTRUN = 1.5;
    /** An early decision ({@link #LINK_RISE}) this long after the last one at least: the interval must say something. */
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    /** Decisions after which the mode counts as settled even if each one changed it. */
    private static final int SETTLED_DECISIONS = 3;

    private final ModeChooser chooser;
    private final ThroughputModel model;
    private final ModeSwitch mode;
    private final SessionCounters counters;
    private final AdaptationTrace trace;
    private final LongSupplier clock;
    private final LiveRatios probe;
    private final ScaleSmoother smoother;
    /** The link's rate over the last second in which the writer waited on it (for the samples). */
    private double linkRate;
    /** The same over the last such second in which the destination held nothing up, and when ({@link #clearRate}). */
    private double clearRate;
    private long clearRateAt;
    private boolean everBound;
    /** The bandwidth assumed while CPU-bound intervals follow one another (0: none). */
    private double optimistic;
    /** Output per second the running mode could put out, as the last sample's second measured it (0: unknown). */
    private double potential;
    /** Whether the link has limited a decision's interval, and when it last did. */
    private boolean linkLimited;
    private long linkLimitedAt;
    private final LinkMeter decideLink = new LinkMeter();
    /** The share of segments the fill compressor takes, steered by the pipeline's pace. */
    private final FillShare fillShare = new FillShare();
    /** nanoTime → cores available since the previous call. */
    private final LongToDoubleFunction cpu;
    private final ArrayDeque<CounterSnapshot> second = new ArrayDeque<>();
    private final long start;
    private ScheduledExecutorService timer;
    private CounterSnapshot lastDecision;
    /** The decision before the last, and the bandwidth the last one used: for {@link #switchover(long)}. */
    private CounterSnapshot priorDecision;
    private double lastBandwidth;
    /** Whether the last decision came early on a rise of the link. */
    private boolean lastRose;
    /** Since when the link has read as fallen ({@link #linkFell}); -1: it does not. */
    private long fallingSince = -1;
    /** The last decision's smoothed measurement, and the mode it measured. */
    private Measurement smoothed;
    private Mode smoothedMode;
    private long nextDecisionNanos;
    /** Decisions taken (on enough input to measure the mode by), and whether one of them kept the mode it found. */
    private int decisions;
    /** Whether the first decision was put off ({@link #UNREPRESENTATIVE}), and when first. */
    private boolean deferred;
    private long deferredSince;
    private boolean confirmed;
    private int boundRun;
    private double cores = Runtime.getRuntime().availableProcessors();
    private CounterSnapshot previous;
    private final LinkWaits linkWaits = new LinkWaits();
    /** Where the current mode's own interval began (null until it has settled), and when it was switched to. */
    private CounterSnapshot settled;
    private long switchedAt;
    /**
     * The last decision's measurement while the mode it kept runs: for readings that arrive after it ({@link #reconsider});
     * none once QEMU is released to switch over.
     */
    private Measurement reconsidering;
    /** Whether QEMU has been released to switch over ({@link #switchover}): the probes are done. */
    private boolean released;

    public AdaptationController(ThroughputModel model, ModeSwitch mode, SessionCounters counters, AdaptationTrace trace) {
        this(model, mode, counters, trace, System::nanoTime, new CpuMeter()::update, ProbeThread.started());
    }

    /** Probing in the caller: each decision's readings are in before it chooses. */
    AdaptationController(ThroughputModel model, ModeSwitch mode, SessionCounters counters, AdaptationTrace trace, LongSupplier clock,
                         LongToDoubleFunction cores) {
        this(model, mode, counters, trace, clock, cores, ProbeThread.inline());
    }

    AdaptationController(ThroughputModel model, ModeSwitch mode, SessionCounters counters, AdaptationTrace trace, LongSupplier clock,
                         LongToDoubleFunction cores, ProbeThread probes) {
        this.cpu = cores;
        this.model = model;
        this.chooser = new ModeChooser(model);
        this.probe = new LiveRatios(model.profile(), probes);
        this.smoother = new ScaleSmoother(model.costs()::entry);
        this.mode = mode;
        this.counters = counters;
        this.trace = trace;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.nextDecisionNanos = start + DECIDE_MILLIS * 1_000_000;
        this.switchedAt = start - SETTLE_NANOS; // nothing of another mode is in flight at the start
        if (!model.profile().has(mode.current())) {
            throw new IllegalArgumentException("initial mode " + mode.current() + " is not in the profile " + model.profile());
        }
        trace.info("profile", model.profile().toString());
        trace.info("initial_mode", mode.current().name());
    }

    /** Starts the 100 ms timer on its own daemon thread. */
    public AdaptationController start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "handoff-adaptation");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warning("adaptation: " + e); // a failed sample must not stop the handoff; the mode stays
            }
        }, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One sample, and a decision when one is due. Package-private for tests, which drive the clock themselves. */
    synchronized void tick() {
        long now = clock.getAsLong();
        CounterSnapshot s = snapshot(now);
        if (lastDecision == null) {
            lastDecision = s;
            decideLink.update(s.acked(), s.waited(), now, s.linkBandwidth());
            cpu.applyAsDouble(now);
        }
        second.addLast(s);
        // Kept by age, not count: a decision can hold this thread (the first opening's readings, a busy machine), and
        // the timer then runs the missed ticks back to back (seen: four samples at one instant, and the
        // acknowledgements of a second taken over milliseconds, 330 MB/s on a 25 Mbit/s link).
        while (second.size() > 2 && now - second.stream().skip(1).findFirst().orElseThrow().nanos() >= SECOND_NANOS) {
            second.removeFirst();
        }
        if (previous != null && now > previous.nanos()) {
            boolean bound = LinkMeter.limited(s.waited() - previous.waited(), now - previous.nanos());
            boundRun = bound ? boundRun + 1 : 0;
            everBound |= bound;
            Mode fill = mode.fill();
            CounterSnapshot secondAgo = second.peekFirst();
            Measurement last = lastSecond(s);
            if (fill != null && now > secondAgo.nanos() && !fillKeepsStill(s, last)) {
                mode.fill(fill, fillShare.update(s.inputWaitShare(secondAgo), s.linkWaitShare(secondAgo)));
            }
            record(previous, s, last);
            if (carriedItsRate(s)) {
                linkLimited = true;
                linkLimitedAt = now;
            }
        }
        previous = s;
        if (settled == null && now - switchedAt >= SETTLE_NANOS) {
            settled = s;
        }
        boolean early = decisions == 0 && !deferred && boundRun >= FILLED && now - start >= 1_000_000_000L && windowSteady(s);
        // the link's rate as the sender last waited on it, or as the window measures it where the sender no longer waits
        double rate = Math.max(linkRate, s.linkBandwidth());
        boolean linkRose = decisions > 0 && lastBandwidth > 0 && rate >= (lastRose ? FOLLOW_RISE : LINK_RISE) * lastBandwidth
                && now - lastDecision.nanos() >= MIN_INTERVAL_NANOS && now - nextDecisionNanos < 0
                && (windowSteady(s) || outrun(s) || carriedTwice(s));
        if (early || linkRose || now - nextDecisionNanos >= 0) {
            decide(s, now, linkRose);
        } else if (fallConfirmed(s, now)) {
            fell(s, now, ackedOverLastSecond(s));
        } else if (reconsidering != null && probe.takeArrived()) {
            reconsider(now);
        }
    }

    /** Whether the link has read as fallen for {@link #FALL_CONFIRMED_NANOS} (and still does). */
    private boolean fallConfirmed(CounterSnapshot s, long now) {
        if (!linkFell(s, now)) {
            fallingSince = -1;
            return false;
        }
        if (fallingSince < 0) {
            fallingSince = now;
        }
        return now - fallingSince >= FALL_CONFIRMED_NANOS;
    }

    /**
     * Whether the link has fallen ({@link #LINK_FALL}) since the last decision: over the last second the sender waited
     * on it (its waits less the destination's hold-ups, {@link LinkWaits}) and it carried half the bandwidth that
     * decision used or less, and the destination held the stream up at no time ({@link #HELD_AT_ALL}): the
     * acknowledgements that follow a hold-up come slow for a while, which the hold-up's own time does not cover (seen
     * at 2 cores 25 Mbit/s: the destination's reader held at the first pass's end, then 0.3-0.9 MB/s acknowledged of
     * 3 MB/s with the sender waiting, read as a fall). Only with a measurement to choose on, the last decision's, of
     * the mode before it where it switched: not to wait for the next one (seen on the change set: the fall at 40 s
     * 1-2 s after a switch in two runs of four, xor+bzip2-2 and xor+bzip2-4 kept 9 and 16 s at the slow rate). Not once QEMU is released.
     */
    private boolean linkFell(CounterSnapshot s, long now) {
        CounterSnapshot secondAgo = second.peekFirst();
        return decisions > 0 && !released && lastBandwidth > 0 && smoothed != null
                && now - lastDecision.nanos() >= MIN_INTERVAL_NANOS && now - secondAgo.nanos() >= SECOND_COVERED_NANOS
                && limitedOverLastSecond(s) && ackedOverLastSecond(s) * LINK_FALL <= lastBandwidth
                && s.peerHeldShare(secondAgo) < HELD_AT_ALL;
    }

    /**
     * Whether the window's measure of the link has stopped growing (within {@link #STEADY} of a second ago). At the
     * start the window, not the link, holds the sender back: it grows with each second's rate, the writer waits on
     * it all the while, and a decision then takes a link of a few hundred kbit/s for the truth (seen: lzma-6 chosen
     * at 1 s on a 26 kB/s estimate, CPU-bound at 10 Mbit/s for the next 14 s).
     */
    private boolean windowSteady(CounterSnapshot s) {
        CounterSnapshot secondAgo = second.peekFirst();
        return s.linkBandwidth() > 0 && s.nanos() - secondAgo.nanos() >= SECOND_COVERED_NANOS
                && secondAgo.linkBandwidth() >= STEADY * s.linkBandwidth();
    }

    /**
     * Whether the link itself carried, over a second in which the sender waited on it, {@link #LINK_RISE} times the
     * bandwidth the last decision used: the rise is decided on then, while the window still grows, and the window's
     * settled figure brings a second decision ({@link #FOLLOW_RISE}). What was acknowledged over a whole second, not
     * the window's figure, which a burst of acknowledgements puts far above the link for a moment. Waiting for the
     * window to settle held the slow link's heavy mode 1.1-1.5 s into the 35 Mbit/s phase of the rate change, where
     * static bzip2-5 took in 23-50 MB of QEMU's stream in the first 2 s and the adaptive 4-21.
     */
    private boolean carriedTwice(CounterSnapshot s) {
        return !lastRose && limitedOverLastSecond(s) && ackedOverLastSecond(s) >= LINK_RISE * lastBandwidth;
    }

    /**
     * Whether the link carried, over the last second, {@link #OUTRUN} times what the running mode can put out: the
     * rise's decision need not wait for the window to settle then, the mode is too heavy for the link as far as it is
     * known already (seen on the 5 -> 35 Mbit/s change: 3.9 MB/s carried at 21.2 s, xor+lzma-5's potential output
     * 2.0, the window settled and the decision taken at 22.1 s, the link a third used meanwhile). What it carried, not
     * the window's figure, which a burst of acknowledgements puts far above the link for a moment (seen: 2.1 MB/s
     * read on the 5 Mbit/s link, a rise decided on and lzma-1 taken for the slow link).
     */
    private boolean outrun(CounterSnapshot s) {
        return potential > 0 && ackedOverLastSecond(s) >= OUTRUN * potential;
    }

    /**
     * Whether the last second shows the link's rate: the sender waited on it, the window steady, and it carried nearly
     * what the window measures ({@link LinkMeter#NEAR}). A decision's interval that began with the window still
     * growing never counts as link-bound as a whole; its last seconds may have filled the link all the same, and its
     * rate is then as known as after a link-bound interval (seen at 1 core, 25 Mbit/s: the link full at 3.0 MB/s from
     * 4 s, the first decision's interval not link-bound for the ramp before, xor+bzip2-9 CPU-bound after it, a link
     * assumed 1.5 and 2.25 times faster, zstd-8 and zstd-3 taken for 10 s, 9 % more bytes than static bzip2-5).
     */
    private boolean carriedItsRate(CounterSnapshot s) {
        return windowSteady(s) && limitedOverLastSecond(s) && ackedOverLastSecond(s) >= LinkMeter.NEAR * s.linkBandwidth();
    }

    /**
     * The link's rate over the last second in which the sender waited on it with the destination holding nothing up,
     * if read within {@link #RATE_KNOWN_NANOS} of {@code nanos} (else 0): where the destination's decoders held the
     * stream up since, what it acknowledged was their pace, not the link's.
     */
    private double clearRate(long nanos) {
        return clearRateAt != 0 && nanos - clearRateAt <= RATE_KNOWN_NANOS ? clearRate : 0;
    }

    /** Bytes per second the destination acknowledged over the last second up to {@code to}. */
    private double ackedOverLastSecond(CounterSnapshot to) {
        CounterSnapshot secondAgo = second.peekFirst();
        double span = (to.nanos() - secondAgo.nanos()) / 1e9;
        return span > 0 ? (to.acked() - secondAgo.acked()) / span : 0;
    }

    /** Whether the sender waited on the link over the last second up to {@code to} ({@link LinkMeter#limited}). */
    private boolean limitedOverLastSecond(CounterSnapshot to) {
        CounterSnapshot secondAgo = second.peekFirst();
        return LinkMeter.limited(to.waited() - secondAgo.waited(), to.nanos() - secondAgo.nanos());
    }

    /**
     * The last second up to {@code to} as a measurement of the running mode (single acknowledgements come in bursts);
     * where the sender waited on the link, what it carried is the link's rate from now on.
     */
    private Measurement lastSecond(CounterSnapshot to) {
        double acked = ackedOverLastSecond(to);
        boolean limited = limitedOverLastSecond(to);
        if (limited) {
            linkRate = acked;
            if (to.peerHeldShare(second.peekFirst()) < HELD_AT_ALL) {
                clearRate = acked;
                clearRateAt = to.nanos();
            }
        }
        return to.since(second.peekFirst(), cores, Math.max(linkRate, acked), limited);
    }

    /**
     * Whether the fill's share keeps still this sample, the pace of the last second ({@code last}) saying nothing of
     * the blend: over zero pages and copies ({@link #zeroRun}) QEMU waits on the pipeline with the link idle, which
     * reads as CPU-bound, and the share then raised stays on the dense pages that follow, with the link full, falling
     * a tenth a second (seen at 2 cores 10 Mbit/s at the turn to QEMU's second pass: the zstd fill raised to 0.4-0.8
     * beside xor+bzip2-9, up to half the pass's dirty pages in zstd for 5-6 s, 36-119 MB of 1,240 through the fill);
     * nor while the destination held the stream up at all ({@link #HELD_AT_ALL}): the link then idles for its sake
     * (seen at 2 cores 20 Mbit/s: held 0.6-1.0 of each second, no input, the share raised to 0.72). Not where its
     * decoders held it up and the fill decodes faster than the mode: the fill relieves them then (seen on the change
     * set's 35 Mbit/s stretch: xor+bzip2-9's decoders holding the stream up 30-90 % of each second for 10 s, the link
     * 40-80 % used, a zstd fill standing by at 0).
     */
    private boolean fillKeepsStill(CounterSnapshot s, Measurement last) {
        CounterSnapshot secondAgo = second.peekFirst();
        double held = s.peerHeldShare(secondAgo);
        return zeroRun(last) || held >= HELD_AT_ALL
                && !(byDecoders(held, s.peerDecodingShare(secondAgo)) && decodesFaster(mode.fill(), mode.current()));
    }

    /** Whether the destination's applier waited on its decoders for {@link #DESTINATION_HELD} of the time its reader was {@code held}. */
    private static boolean byDecoders(double held, double decoding) {
        return decoding >= DESTINATION_HELD * held;
    }

    /** Whether the profile times {@code fill}'s compressor, on {@code heavy}'s delta, decoding below {@code heavy} (false where it has no decoding times). */
    private boolean decodesFaster(Mode fill, Mode heavy) {
        Profile.Entry f = fill == null ? null : model.profile().entry(fill.withDelta(heavy.delta()));
        Profile.Entry h = model.profile().entry(heavy);
        return f != null && h != null && f.decodeMicros() > 0 && h.decodeMicros() > 0 && f.decodeMicros() < h.decodeMicros();
    }

    /**
     * Whether pages measured at {@code m} came out at less than {@link #ZERO_RUN} of the R the running mode was chosen
     * on (its last smoothed figure): zero runs and copies, not the pages the mode is for.
     */
    private boolean zeroRun(Measurement m) {
        return smoothed != null && smoothedMode.equals(mode.current()) && m.ratio() < ZERO_RUN * smoothed.ratio();
    }

    /** A 100 ms sample; the link's figures over the last second ({@code last}, taken by {@link #lastSecond}). */
    private void record(CounterSnapshot from, CounterSnapshot to, Measurement last) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        CounterSnapshot secondAgo = second.peekFirst();
        double acked = ackedOverLastSecond(to);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t_s", round((to.nanos() - start) / 1e9, 3));
        m.put("mode", mode.current().name());
        m.put("input_Bps", Math.round((to.stage("hash").bytesIn() - from.stage("hash").bytesIn()) / seconds));
        m.put("output_Bps", Math.round((to.stage("write").bytesOut() - from.stage("write").bytesOut()) / seconds));
        m.put("acked_Bps", Math.round(acked));
        m.put("bandwidth_Bps", Math.round(last.bandwidthBytesPerSecond()));
        m.put("link_wait", round(to.linkWaitShare(secondAgo), 3));
        m.put("input_wait", round(to.inputWaitShare(secondAgo), 3));
        m.put("destination_held", round(to.peerHeldShare(secondAgo), 3)); // the destination, not the link, held the stream up
        m.put("destination_decoding", round(to.peerDecodingShare(secondAgo), 3)); // its applier waiting for its decoders
        potential = 0;
        if (last.chunksIn() > 0) {
            Prediction p = model.predict(mode.current(), mode.current(), last, Map.of());
            potential = p.potentialOutputBytesPerSecond();
            m.put("potential_output_Bps", Math.round(potential));
            m.put("p_us_per_chunk", round(last.totalMicros(), 2));
            m.put("ratio", round(last.ratio(), 4));
        }
        m.put("cores", round(cores, 2));
        if (mode.fill() != null) {
            m.put("fill", mode.fill().name());
            m.put("fill_share", round(mode.fillShare(), 3));
        }
        trace.sample(m);
    }

    /**
     * QEMU is being released to switch over: the rest of its dirty pages will come at once, while the VM is stopped.
     * A mode chosen for the long run of a link-bound precopy (heavy compression with CPU to spare) is then the
     * bottleneck of the downtime (seen: xor+lzma-6 compressing the last 27 MB on 2 cores for 2.4 s where the link
     * needed 0.7 s). So the mode is chosen again now for an input without limit: by what the pages of the current
     * pass measured (not smoothed with earlier, different phases), with no hysteresis. Unless that pass is QEMU's
     * first ({@code iteration} ≤ 2 dirty syncs): its pages come in address order, ending with the untouched memory's
     * zero pages, and say nothing of the dirty pages the burst holds; the smoothed figures of the last decision
     * stand for them then (seen: the zero tail measured R 0.005, the mode "none" was chosen, and the burst of
     * dirty pages crossed 10 Mbit/s uncompressed in 6 s of downtime).
     */
    public synchronized void switchover(long iteration) {
        if (!released) {
            // No more readings: the burst of the last pages goes out on every core, and what the probes would find
            // is for a handoff about to end (seen: readings that came in during the downtime took the choice again,
            // bsdiff+lzma-5 chosen for the burst, 7.2 s of downtime at 5 Mbit/s where the static mode took 4).
            released = true;
            reconsidering = null;
            probe.halt();
            probe.close();
        }
        long nanos = clock.getAsLong();
        CounterSnapshot now = snapshot(nanos);
        // Since the last decision if the compressor has seen a segment's worth since: an interval of zero pages and
        // copies alone has every mode's R near 0, and the lightest mode wins on it (seen: 0.16 s of the first pass's
        // zero tail, R 0.0, "none" chosen for the burst on a link that fell to 5 Mbit/s a second later).
        CounterSnapshot from = lastDecision != null && now.compressedInputSince(lastDecision) >= MIN_COMPRESSED_BYTES
                ? lastDecision : priorDecision;
        double bandwidth = now.linkBandwidth() > 0 ? now.linkBandwidth() : Math.max(linkRate, lastBandwidth);
        if (from == null || bandwidth <= 0) {
            return;
        }
        Mode current = mode.current();
        boolean firstPass = iteration <= 2 && smoothed != null && smoothedMode.equals(current);
        if (!firstPass && now.compressedInputSince(from) < MIN_COMPRESSED_BYTES) {
            return; // nothing says how the burst's pages compress: the mode chosen on the link stays
        }
        Measurement m = firstPass ? smoothed.withBandwidth(bandwidth, true) : now.since(from, cores, bandwidth, true);
        if (m.chunksIn() < MIN_CHUNKS || m.ratio() < NOTHING_OUT) {
            // Zero pages and copies, and a MiB of pages that came to next to nothing beside them: every mode's R is
            // then near 0, and the lightest wins on it (seen: R 0.0000, "none" chosen for the burst, 11.5 s of downtime
            // at 5 Mbit/s where the mode chosen on the link had taken 3). Nothing in it speaks for the burst's pages.
            return;
        }
        chooser.fillRunning(runningFillShare());
        List<Prediction> ranked = chooser.rank(current, m, probe.readings(current));
        Mode best = ranked.get(0).mode();
        boolean changed = !best.equals(current);
        if (changed) {
            switchTo(best, nanos);
            LOG.info(String.format("adaptation: %s → %s for the switchover (link %.2f Mbit/s, %.1f cores, R %.4f)",
                    current, best, bandwidth * 8 / 1e6, cores, m.ratio()));
        }
        FillBlend fill = fillBeside(ranked.get(0), ranked, changed);
        Map<String, Object> d = decisionRecord(nanos, current, best);
        d.put("why", firstPass ? "switchover after the first pass (smoothed figures)" : "switchover");
        putFill(d, fill);
        d.put("bandwidth_Bps", Math.round(bandwidth));
        d.put("cores", round(cores, 2));
        d.put("measured_ratio", round(m.ratio(), 4));
        d.put("measured_p_us_per_chunk", round(m.totalMicros(), 2));
        d.put("best", top(ranked));
        trace.decision(d);
    }

    /**
     * Whether the mode is settled: a decision found nothing better than the mode it measured, or
     * {@link #SETTLED_DECISIONS} decisions have passed. Until then the mode is the initial guess or a choice made on the
     * first seconds' pages (zero-rich, unlike the rest: seen R 0.15 in the first 5 s and 0.25 after), and encoded bytes
     * should not pile up ahead of the link in it: each byte queued was encoded in that mode for good (seen: a 10 MB
     * ride-out backlog filled by xor+zstd-1 in the first 3 s, 6 MB more on the wire than xor+bzip2-9 would have put).
     */
    public synchronized boolean settled() {
        return confirmed || decisions >= SETTLED_DECISIONS;
    }

    private CounterSnapshot snapshot(long nanos) {
        return CounterSnapshot.of(counters, mode.fillCounters().sample(), mode.fillWritten().sample(), nanos, linkWaits);
    }

    /**
     * Sets the fill compressor beside the mode {@code chosen} predicts ({@link ModeChooser#fillFor}); its share starts
     * at the blend's forecast when the mode is new ({@code changed}), else the pipeline's pace keeps steering it.
     */
    private FillBlend fillBeside(Prediction chosen, List<Prediction> ranked, boolean changed) {
        FillBlend fill = chooser.fillFor(chosen, ranked);
        if (fill == null) {
            fillShare.reset(0);
            mode.fill(null, 0);
            return null;
        }
        if (changed || mode.fill() == null) {
            fillShare.reset(fill.share());
        }
        mode.fill(fill.fill(), fillShare.share());
        return fill;
    }

    /** The share the running mode's fill takes, which it keeps if the mode stays ({@link #fillBeside}); -1: none runs. */
    private double runningFillShare() {
        return mode.fill() == null ? -1 : fillShare.share();
    }

    private static Prediction chosenOf(ModeChooser.Choice choice) {
        return choice.ranked().stream().filter(p -> p.mode().equals(choice.chosen())).findFirst().orElse(choice.current());
    }

    /** The fill, its share and its blend's throughput, into a trace entry (nothing without a fill). */
    private static void putFill(Map<String, Object> d, FillBlend fill) {
        if (fill != null) {
            d.put("fill", fill.fill().name());
            d.put("fill_share", round(fill.share(), 3));
            d.put("fill_expected_Bps", Math.round(fill.bytesPerSecond()));
        }
    }

    /** Switches to {@code next} and has its compressor read on the latest segment; not at the switchover: the downtime needs every core. */
    private void switchAndRead(Mode next, long nanos) {
        switchTo(next, nanos);
        probe.switched(next, mode);
    }

    private void switchTo(Mode next, long nanos) {
        reconsidering = null;
        mode.set(next);
        switchedAt = nanos;
        settled = null;
    }

    /** A decision's entry in the trace, as far as every kind of decision has it: when, and from which mode to which. */
    private Map<String, Object> decisionRecord(long nanos, Mode previous, Mode chosen) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("t_s", round((nanos - start) / 1e9, 3));
        d.put("mode", chosen.name());
        d.put("previous", previous.name());
        d.put("changed", !chosen.equals(previous));
        return d;
    }

    /** The running mode's prediction, the best five, and where each compressor ranked, into a decision's entry. */
    private void putRanking(Map<String, Object> d, ModeChooser.Choice choice) {
        d.put("current", describe(choice.current()));
        d.put("best", top(choice.ranked()));
        d.put("best_per_compressor", bestPerCompressor(choice.ranked()));
    }

    /** The five best-ranked predictions, for the trace. */
    private List<Map<String, Object>> top(List<Prediction> ranked) {
        List<Map<String, Object>> top = new ArrayList<>();
        for (Prediction p : ranked.subList(0, Math.min(5, ranked.size()))) {
            top.add(describe(p));
        }
        return top;
    }

    /**
     * Each compressor's best-ranked mode with its rank (1: chosen first): where a family stood when another was chosen,
     * which the top five alone do not show (seen: at a rise to 35 Mbit/s xor+lzma-5 kept, and where bzip2-9 ranked unknown).
     */
    private List<Map<String, Object>> bestPerCompressor(List<Prediction> ranked) {
        List<Map<String, Object>> out = new ArrayList<>();
        java.util.Set<CodecId> seen = java.util.EnumSet.noneOf(CodecId.class);
        for (int i = 0; i < ranked.size(); i++) {
            Prediction p = ranked.get(i);
            if (seen.add(p.mode().codec())) {
                Map<String, Object> e = describe(p);
                e.put("rank", i + 1);
                out.add(e);
            }
        }
        return out;
    }

    /** A decision on the interval since the last one; {@code linkRose}: it comes early, on a rise of the link ({@link #LINK_RISE}). */
    private void decide(CounterSnapshot now, long nanos, boolean linkRose) {
        CounterSnapshot from = lastDecision;
        LinkMeter.Reading link = beginInterval(now, nanos);
        if (link == null) {
            return;
        }
        // The interval's own reading: acknowledged bytes per second are the link's while the writer waited on it,
        // else a floor under the last such figure (the first decision comes once the link has limited).
        boolean bound = decideLink.everBound() || everBound; // the 5 s reading just taken counts in the first
        double bandwidth = Math.max(link.bandwidthBytesPerSecond(), linkRate);
        double carried = bandwidth; // what the acknowledgements showed, the window's figure aside
        if (!link.linkBound()) {
            // what the interval carried is only a floor; the window knows the link from when it last ran full
            bandwidth = Math.max(bandwidth, now.linkBandwidth());
        }
        double before = lastBandwidth; // the rate the link ran at before a rise, where this decision is on one
        boolean firstOnRise = linkRose && !lastRose;
        lastBandwidth = bandwidth;
        lastRose = linkRose;
        Mode current = mode.current();
        Measurement raw = now.since(from, cores, bandwidth, bound);
        if (raw.chunksIn() < MIN_CHUNKS) {
            return; // QEMU sent (almost) nothing: nothing to measure the mode by
        }
        double destinationHeld = now.peerHeldShare(from);
        double destinationDecoding = now.peerDecodingShare(from);
        boolean byDecoders = byDecoders(destinationHeld, destinationDecoding);
        if (destinationHeld >= DESTINATION_HELD && !byDecoders) {
            // The destination held the stream up, and not by its decoding: its output (its QEMU loading the pages,
            // the first pass's zero pages at its end) set the pace, which no mode changes, and nothing in the interval
            // measures one against another (seen at 2 cores 25 Mbit/s: the destination's reader waiting 97-99 % of
            // 36-38 s, the interval read as CPU-bound and `none` taken for the rest: 122 MB where bzip2-5 sent 100).
            Map<String, Object> d = decisionRecord(nanos, current, current);
            d.put("why", "the destination's output held the stream up: nothing to choose on");
            d.put("destination_held", round(destinationHeld, 3));
            d.put("destination_decoding", round(destinationDecoding, 3));
            trace.decision(d);
            return;
        }
        boolean waited = deferred && nanos - deferredSince >= DECIDE_MILLIS * 1_000_000;
        if (decisions == 0 && !waited && raw.ratio() < UNREPRESENTATIVE * model.profile().entry(current).ratio()) {
            // A VM whose memory stays that compressible gets its decision an interval after the first try.
            deferredSince = deferred ? deferredSince : nanos;
            deferred = true;
            nextDecisionNanos = Math.min(nextDecisionNanos, nanos + DEFERRED_RETRY_NANOS);
            Map<String, Object> d = decisionRecord(nanos, current, current);
            d.put("deferred", "the first pass's start: R far below the profile's");
            d.put("measured_ratio", round(raw.ratio(), 4));
            d.put("input_Bps", Math.round(raw.bytesIn() / raw.seconds()));
            trace.decision(d);
            return;
        }
        double inputWait = now.inputWaitShare(from);
        if (!linkRose && zeroRun(raw) && (link.linkBound() || inputWait < PACED)) {
            hold(nanos, current, raw, link.linkBound());
            return;
        }
        Measurement m = smoother.smooth(current, raw);
        smoothed = m;
        smoothedMode = current;
        boolean wasSettled = settled();
        decisions++;
        // QEMU waited on the pipeline while the link did not limit it: what the pipeline took in is its capacity. The
        // forecast from cores and stage costs runs above it — the daemon's own threads besides the stages (probes,
        // stream, collector) share those cores, and smoothed costs lag data that got harder (seen on the rate change:
        // xor+bzip2-9 forecast at 20.7 MB/s on 1.03 cores, 12.7 taken in with QEMU waiting 98 % of the interval, and
        // kept CPU-bound on a link it filled to 60 %). Every mode's processing is scaled alike, through the cores. Not
        // at the first decision: JIT compilation and the first pass's zero pages make its interval no measure of the
        // pipeline (seen: a 0.21 scale at 4 s, zstd-5 chosen over xor+bzip2-9 for 5 s at 25 Mbit/s).
        double capacity = 1;
        double taken = raw.bytesIn() / raw.seconds();
        if (decisions > 1 && inputWait >= PACED && !link.linkBound()) {
            double forecast = model.predict(current, current, m, Map.of()).processingBytesPerSecond();
            if (taken < forecast) {
                capacity = taken / forecast;
                m = m.withCores(m.cores() * capacity);
            }
        }
        // The link did not limit this interval, and the pipeline ran as fast as its cores allow: then the link's
        // rate is unknown above what it carried, and a heavy mode chosen on a low estimate would keep itself
        // CPU-bound forever. Assume more each such interval, as TCP probes for bandwidth, so a lighter mode gets
        // its chance; the link's own rate returns as soon as it limits again. Not while the link limited within
        // RATE_KNOWN_NANOS: its rate is known, and more assumed is a gain a lighter mode cannot deliver (seen on the
        // 35 Mbit/s link: xor+bzip2-8 CPU-bound at 85 % of it after filling it for 3 s, the link assumed at 6.3 MB/s
        // of its 4.2, zstd-7 taken, which then filled it at R 0.34 where bzip2 had put 0.22).
        boolean cpuBound = false;
        // or the window measured the link's own rate (a burst or a second that kept it fed): then that is the link
        boolean rateKnown = linkLimited && nanos - linkLimitedAt <= RATE_KNOWN_NANOS || now.linkRateKnown();
        double processing = model.predict(current, current, m, Map.of()).processingBytesPerSecond();
        // The first decision on a rise reads a second that straddles it, at the old rate up to it: the new rate is taken
        // as if the rise came halfway through, twice the reading less the old rate (seen: 1.26 MB/s read at 20.5 s of a
        // rise from 0.6 at 20 s to 4.4, xor+lzma-8 kept on it with 5.8 MB/s of input to give, the link a third used
        // until the next decision 1.1 s later). The window's figure, where it knows the link, was read in that second too
        // (seen: 1.2 MB/s at 20.2 s of the same rise, xor+lzma-5 kept). Not a figure the window took from a burst after
        // the rise: that one is the new rate already.
        double risen = firstOnRise ? Math.max(bandwidth, 2 * carried - before) : bandwidth;
        if (linkRose && !now.linkRateKnown()) {
            // Read while the sender ramps up to the faster link, or while the running mode's output holds it below it:
            // the link is this fast at least, its rate is not known, and a mode too light for it costs a few per cent
            // of output where one too heavy idles most of it (seen: a rise to 35 Mbit/s read at 2.0 MB/s, taken as
            // link-bound, xor+lzma-9 kept on it; the link full only 10 s into a 20 s fast phase). Not where the window
            // has measured the link's own rate: taken for half again that, a third decision on the rise chose xor+zstd-6
            // for a 6.4 MB/s link of 4.4, and sent R 0.27 where bzip2 had sent 0.22 for 5 s at 35 Mbit/s.
            linkLimited = false;
            optimistic = risen * OPTIMISM;
            bandwidth = optimistic;
            m = m.withBandwidth(bandwidth, false);
        } else if (link.linkBound() || linkRose) {
            double rose = Math.max(now.linkBandwidth(), risen); // the rise as the window measured it, not the interval's mean
            if (linkRose && rose > bandwidth) {
                bandwidth = rose;
                lastBandwidth = bandwidth;
                m = m.withBandwidth(bandwidth, m.linkBound());
            }
            linkLimitedNow(nanos);
        } else if (taken >= CPU_BOUND * processing) {
            cpuBound = true;
            if (!rateKnown) {
                optimistic = Math.max(optimistic, Math.max(bandwidth, raw.bytesOut() / raw.seconds())) * OPTIMISM;
                bandwidth = optimistic;
                m = m.withBandwidth(bandwidth, false);
            }
        } else {
            optimistic = 0;
        }
        double destination = 0;
        if (destinationHeld >= DECODERS_HELD && byDecoders) {
            // What the destination acknowledged is its decoders' pace for the current mode, and the link's rate the
            // last one read with nothing held up.
            destination = link.ackedBytesPerSecond() * now.inputPerWrittenByte(from);
            m = m.withDestination(destination);
            double clear = clearRate(nanos);
            if (clear > bandwidth) {
                bandwidth = clear;
                lastBandwidth = bandwidth;
                m = m.withBandwidth(bandwidth, m.linkBound());
            }
        }
        chooser.fillRunning(runningFillShare());
        List<Prediction> ranked = chooser.rank(current, m, probe.readings(current));
        boolean reopened = false;
        if (linkRose) {
            probe.halt();
        } else {
            // The link's share only where it left the cores idle half the time or more: near its CPU's limit a
            // link-bound pipeline has little to spare (seen: 2 cores at 20 Mbit/s, 0.85-1.1 of them free of QEMU).
            boolean idle = link.linkBound() && taken < IDLE * processing;
            reopened = probe.update(current, ranked, mode, now.nanos() - from.nanos(),
                    cpuBound ? LiveRatios.Bottleneck.CPU : idle ? LiveRatios.Bottleneck.LINK : LiveRatios.Bottleneck.OTHER, raw.ratio());
        }
        probe.takeArrived(); // what has come in by now, this decision reads
        boolean afresh = passAfresh();
        LiveReadings live = probe.readings(current);
        // Held up by its decoders, the link idles as after a rise while a second reading is taken: a switch that
        // relieves them need not wait for one (seen on the change set: xor+bzip2-8, forecast at 1.6 times the running
        // bzip2-9 with the destination held half the time, taken 7 s later on the readings that came in).
        ModeChooser.Choice choice = chooser.choose(current, m, live, linkRose || destination > 0);
        Mode awaited = chooser.awaitingConfirmation();
        // after a switch to a mode read enough the next decision weighs the awaited one against it, on readings of its own
        Mode held = choice.changed() ? null : awaited;
        if (held != null && probe.secondReading(current, held, mode) && probe.takeArrived()) {
            live = probe.readings(current);
            choice = chooser.afterSecondReading(current, m, live);
        }
        if (choice.changed()) {
            switchAndRead(choice.chosen(), nanos);
        } else {
            reconsidering = released ? null : m; // readings still being taken are acted on as they arrive, on this measurement
            if (linkRose) {
                // A rise that kept the mode: a few cheap readings of the latest segment, and the choice taken again on
                // them (seen on the slow phase's readings alone: lzma-1 kept where bzip2 packed 12 % tighter on the
                // fast phase's pages). Not after a switch: the pipeline ramps up to the faster link on every core, and
                // readings of the mode it left (seen: xor+lzma-5 read on a MiB, whatever the budget) idled the link.
                probe.updateOnRise(current, ranked, mode);
            }
        }
        FillBlend fill = fillBeside(chosenOf(choice), choice.ranked(), choice.changed());
        confirmed |= !choice.changed();
        Map<String, Object> d = decisionRecord(nanos, current, choice.chosen());
        if (!wasSettled && settled()) {
            d.put("settled", true);
        }
        if (held != null) {
            d.put("second_reading_of", held.name()); // the switch to it waited for one
        } else if (awaited != null) {
            d.put("instead_of", awaited.name()); // ranked first on too few readings of its own
        }
        if (reopened) {
            d.put("reopened", "the data changed since the opening's readings: read afresh");
        }
        if (afresh) {
            d.put("afresh", true); // on the readings of an opening taken again: no margin beyond the tie
        }
        if (linkRose) {
            d.put("why", "the link rose");
        }
        d.put("bandwidth_Bps", Math.round(bandwidth));
        d.put("link_bound", link.linkBound());
        d.put("cpu_bound", cpuBound);
        if (destination > 0) {
            d.put("destination_Bps", Math.round(destination)); // input the destination's decoders took as they held the stream up
            d.put("destination_held", round(destinationHeld, 3));
        }
        d.put("cores", round(cores, 2));
        d.put("measured_ratio", round(raw.ratio(), 4));
        d.put("measured_p_us_per_chunk", round(raw.totalMicros(), 2));
        d.put("smoothed_ratio", round(m.ratio(), 4));
        d.put("smoothed_p_us_per_chunk", round(m.totalMicros(), 2));
        if (raw.peerMicros() > 0) {
            d.put("peer_us_per_chunk", round(raw.peerMicros(), 2)); // the destination's, on our cores
            d.put("peer_cores", round(raw.peerCores(), 2));
            d.put("peer_share", round(raw.peerShare(), 2));
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        m.stageMicros().forEach((stage, micros) -> stages.put(stage, round(micros, 2)));
        d.put("smoothed_stage_us", stages);
        d.put("input_Bps", Math.round(raw.bytesIn() / raw.seconds()));
        d.put("input_wait", round(inputWait, 3));
        putFill(d, fill);
        if (capacity < 1) {
            d.put("capacity_scale", round(capacity, 3)); // the forecast's share the pipeline achieved
        }
        putRanking(d, choice);
        putReadings(d, live);
        d.put("learned_costs", model.costs().factors());
        trace.decision(d);
        if (choice.changed()) {
            LOG.info(String.format("adaptation: %s → %s (link %.2f Mbit/s%s, %.1f cores, expected %.1f → %.1f MB/s of input)",
                    current, choice.chosen(), bandwidth * 8 / 1e6, bound ? "" : " or more", cores,
                    choice.current().expectedBytesPerSecond() / 1e6, choice.best().expectedBytesPerSecond() / 1e6));
        }
    }

    /**
     * A decision's interval whose pages came out at less than {@link #ZERO_RUN} of the R the running mode was
     * chosen on (its last smoothed figure), while the link or QEMU and not the pipeline set the pace: zero runs and
     * copies, the first pass's untouched memory at its end above all. No mode holds the handoff back on them, and a mode
     * chosen on them is chosen for pages that are gone: every mode's R is near 0 there, the heaviest looks cheap on the
     * few pages left to compress, and it runs on the dense dirty pages that follow (seen at 2 cores 10 Mbit/s:
     * xor+lzma-5 taken on the zero tail at R 0.018 for the next pass, CPU-bound on its pages at R 0.15, the link a
     * quarter idle for 4 s; on the bandwidth change, bsdiff+zstd-10 taken at R 0.005 and xor+lzma-5 at 0.02-0.05).
     * The mode stays, and the smoothed figures stay those of the pages it was chosen on. Where the pipeline holds QEMU
     * back the decision is taken as usual: a lighter mode then gains at once.
     */
    private void hold(long nanos, Mode current, Measurement raw, boolean linkBound) {
        if (linkBound) {
            linkLimitedNow(nanos);
        }
        reconsidering = null; // readings that come in during such a stretch take no choice again either
        Map<String, Object> d = decisionRecord(nanos, current, current);
        d.put("held", "the pages compressed far better than those the mode was chosen on: nothing in them for the next");
        d.put("link_bound", linkBound);
        d.put("measured_ratio", round(raw.ratio(), 4));
        d.put("smoothed_ratio", round(smoothed.ratio(), 4));
        d.put("input_Bps", Math.round(raw.bytesIn() / raw.seconds()));
        trace.decision(d);
    }

    /** Whether the probes' readings were taken afresh since the last decision; if so the chooser is told. */
    private boolean passAfresh() {
        boolean afresh = probe.takeAfresh();
        if (afresh) {
            chooser.readAfresh();
        }
        return afresh;
    }

    /** The link limited at {@code nanos}: its rate is known from then, and no faster link is assumed. */
    private void linkLimitedNow(long nanos) {
        optimistic = 0;
        linkLimited = true;
        linkLimitedAt = nanos;
    }

    /**
     * Ends the interval since the last decision at {@code now} and starts the next one: the link's reading over it
     * (null before the link has limited), the cores, the running mode's learned cost. The next regular decision is
     * {@link #DECIDE_MILLIS} from now.
     */
    private LinkMeter.Reading beginInterval(CounterSnapshot now, long nanos) {
        fallingSince = -1;
        nextDecisionNanos = nanos + DECIDE_MILLIS * 1_000_000;
        LinkMeter.Reading link = decideLink.update(now.acked(), now.waited(), nanos, now.linkBandwidth());
        cores = cpu.applyAsDouble(nanos);
        priorDecision = lastDecision;
        lastDecision = now;
        if (settled != null) {
            model.costs().observe(mode.current(), now.minus(settled));
            settled = now;
        }
        return link;
    }

    /**
     * The link fell to {@code rate} ({@link #linkFell}): the mode is chosen again for it now, on the last decision's
     * smoothed figures for the pages, without waiting for readings (as on a rise). The fill's share starts from the
     * new choice's forecast at this rate.
     */
    private void fell(CounterSnapshot now, long nanos, double rate) {
        beginInterval(now, nanos);
        lastBandwidth = rate;
        lastRose = false;
        linkLimitedNow(nanos);
        Mode current = mode.current();
        // the last decision's figures are of the mode that ran before it, which its switch may have left since
        Mode measured = smoothedMode;
        Measurement m = smoothed.withBandwidth(rate, true).withCores(cores);
        LiveReadings live = probe.readings(measured);
        chooser.fillRunning(-1); // the share starts again from the forecast (below)
        // The running mode was chosen for a link twice as fast or more: it keeps no lead for it on the slower one, and
        // a mode that packs tighter gets it for more than a tie (seen on the change set's fall to 5 Mbit/s: xor+lzma-9
        // forecast 6 % above the running xor+bzip2-7, which the margin kept for the 20 s left at the slow rate).
        chooser.readAfresh();
        ModeChooser.Choice choice = chooser.choose(measured, m, live, true);
        decisions++; // on measured figures as a regular decision, and counts as one towards settling
        confirmed |= !choice.changed(); // chosen against the measured mode
        if (!choice.chosen().equals(current)) {
            switchAndRead(choice.chosen(), nanos);
            LOG.info(String.format("adaptation: %s → %s (the link fell to %.2f Mbit/s)", current, choice.chosen(), rate * 8 / 1e6));
        } else if (measured.equals(current)) {
            reconsidering = m;
        }
        probe.readAfreshOnFall(mode.current(), choice.ranked(), mode); // acted on as they arrive, or at the next decision
        // the share starts again from the forecast even where the mode stays: the pace it was steered by was the faster link's
        FillBlend fill = fillBeside(chosenOf(choice), choice.ranked(), true);
        Map<String, Object> d = decisionRecord(nanos, current, choice.chosen());
        d.put("why", "the link fell");
        d.put("bandwidth_Bps", Math.round(rate));
        d.put("cores", round(cores, 2));
        d.put("smoothed_ratio", round(m.ratio(), 4));
        d.put("smoothed_p_us_per_chunk", round(m.totalMicros(), 2));
        putFill(d, fill);
        putRanking(d, choice);
        putReadings(d, live);
        trace.decision(d);
    }

    /**
     * Readings the last decision asked for have come in (a rise's, a second reading, an opening taken again), which it
     * went on without ({@link ProbeThread}): its choice is taken again on them, on its measurement, as
     * {@link ModeChooser#afterSecondReading} takes a choice that waited on a reading. Not once the mode has changed since.
     */
    private void reconsider(long nanos) {
        Mode current = mode.current();
        boolean afresh = passAfresh();
        LiveReadings live = probe.readings(current);
        chooser.fillRunning(runningFillShare());
        ModeChooser.Choice choice = chooser.afterSecondReading(current, reconsidering, live);
        if (choice.changed()) {
            switchAndRead(choice.chosen(), nanos);
            LOG.info(String.format("adaptation: %s → %s on the readings that came in", current, choice.chosen()));
        }
        FillBlend fill = fillBeside(chosenOf(choice), choice.ranked(), choice.changed());
        Map<String, Object> d = decisionRecord(nanos, current, choice.chosen());
        d.put("why", "readings arrived");
        if (afresh) {
            d.put("afresh", true);
        }
        putFill(d, fill);
        d.put("best", top(choice.ranked()));
        putReadings(d, live);
        trace.decision(d);
    }

    /** What the probes know, into a trace entry. */
    private void putReadings(Map<String, Object> d, LiveReadings live) {
        d.put("probe_cpu_ms", Math.round(probe.cpuNanos() / 1e6));
        d.put("probe_delta_ms", Math.round(probe.deltaNanos() / 1e6)); // the last reading of the delta algorithms
        Map<String, Object> ratios = new java.util.TreeMap<>();
        live.ratios().forEach((k, v) -> ratios.put(k.name(), round(v, 4)));
        d.put("probed_ratios", ratios);
        Map<String, Object> costs = new java.util.TreeMap<>();
        live.costs().forEach((k, v) -> costs.put(k.name(), round(v, 3)));
        d.put("probed_costs", costs);
        d.put("probed_deltas", describe(live.deltas())); // per compressor, relative to no delta's output
        d.put("probed_delta_costs", describe(live.deltaCosts())); // the compressor's CPU on each delta's output
    }

    private static Map<String, Object> describe(DeltaRelations relations) {
        Map<String, Object> out = new LinkedHashMap<>();
        relations.asMap().forEach((codec, figures) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            figures.forEach((a, v) -> one.put(a.modeName(), round(v, 3)));
            out.put(codec.modeName(), one);
        });
        return out;
    }

    private Map<String, Object> describe(Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", p.mode().name());
        m.put("expected_Bps", Math.round(Math.min(p.expectedBytesPerSecond(), 1e15)));
        m.put("processing_Bps", Math.round(Math.min(p.processingBytesPerSecond(), 1e15)));
        m.put("network_Bps", Math.round(Math.min(p.networkBytesPerSecond(), 1e15)));
        m.put("ratio", round(p.ratio(), 4));
        m.put("p_us_per_chunk", round(p.cpuMicrosPerChunk(), 2));
        putFill(m, p.fill()); // the blend that ranked it
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        probe.close();
    }
}
