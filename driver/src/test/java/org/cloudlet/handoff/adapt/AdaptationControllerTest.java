package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.pipeline.StageCounters;
import org.cloudlet.handoff.profile.ProfileTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptationControllerTest {
    private static final Mode FAST = Mode.parse("xor+zstd-1");
    private static final Mode HEAVY = Mode.parse("xor+lzma-9");

    /**
     * A pipeline that costs exactly what the profile says for whatever mode is set, fed {@code chunksPerTick} per
     * 100 ms, behind a link of {@code linkBytesPerSecond} that the sender waits on {@code waitShare} of the time.
     */
    private static final class FakeSession implements SessionCounters {
        final Profile profile;
        /** What modes really cost here (the controller knows only {@link #profile}). */
        Profile truth;
        final ModeSwitch mode;
        long nanos;
        long chunks;
        long in;
        /** Input that reached the delta and compress stages (not deduplicated). */
        long reached;
        /** Every chunk is a zero page or a copy of one already sent: nothing reaches the compressor. */
        boolean deduplicated;
        long out;
        final long[] cpu = new long[ProfileTable.STAGES.size()];
        long acked;
        long wait;
        /** Time QEMU's stream waited for the pipeline. */
        long inputWait;
        long chunksPerTick = 400;
        double linkBytesPerSecond = 5e6 / 8;
        double waitShare = 0.6;
        /** > 0: chunks per tick follow from this many cores and the mode's profiled cost, and the link limits only when it must. */
        double cores;
        /** The link's bandwidth as the send window measured it: the link's rate, from when the sender last waited on it. */
        double window = linkBytesPerSecond;
        /** Whether {@link #window} is the link's own rate (measured while it never ran dry) or only a floor under it. */
        boolean windowKnowsTheLink;
        /** Shares of each tick the destination's reader waited for room, and its applier for its decoders. */
        double heldShare;
        double decodingShare;
        long held;
        long decoding;

        FakeSession(Profile profile, ModeSwitch mode) {
            this.profile = profile;
            this.truth = profile;
            this.mode = mode;
        }

        @Override
        public double linkBandwidth() {
            return window;
        }

        @Override
        public long peerHeldNanos() {
            return held;
        }

        @Override
        public long peerDecodingNanos() {
            return decoding;
        }

        @Override
        public boolean linkRateKnown() {
            return windowKnowsTheLink;
        }

        void advance() {
            nanos += 100_000_000L;
            held += (long) (heldShare * 100_000_000L);
            decoding += (long) (decodingShare * 100_000_000L);
            Profile.Entry e = truth.entry(mode.current());
            if (cores > 0) {
                long byCpu = (long) (cores * 1e6 / e.totalMicros() / 10);
                long byLink = (long) (linkBytesPerSecond / 10 / (4096 * e.ratio()));
                chunksPerTick = Math.min(byCpu, byLink);
                waitShare = byLink <= byCpu ? 0.6 : 0;
                inputWait += 90_000_000L; // either way the pipeline, not QEMU, sets the pace
                acked += (long) (chunksPerTick * 4096 * e.ratio()) - (long) (linkBytesPerSecond / 10);
            }
            chunks += chunksPerTick;
            in += chunksPerTick * 4096;
            if (deduplicated) {
                out += chunksPerTick * 12; // a reference each
            } else {
                reached += chunksPerTick * 4096;
                out += (long) (chunksPerTick * 4096 * e.ratio());
            }
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += (long) (e.micros(ProfileTable.STAGES.get(i)) * 1000 * chunksPerTick);
            }
            acked += (long) (linkBytesPerSecond / 10);
            wait += (long) (waitShare * 100_000_000L);
            if (waitShare > 0) {
                window = linkBytesPerSecond;
            }
        }

        @Override
        public List<StageCounters.Sample> stages() {
            List<StageCounters.Sample> s = new ArrayList<>();
            for (int i = 0; i < cpu.length; i++) {
                String name = ProfileTable.STAGES.get(i);
                // every chunk not deduplicated differs from the base, so it reaches the delta and compress stages
                boolean reaches = name.equals("delta") || name.equals("compress");
                s.add(new StageCounters.Sample(name, cpu[i], name.equals("hash") ? in : reaches ? reached : 0, name.equals("write") ? out : 0,
                        name.equals("hash") ? chunks : 0, 0));
            }
            return s;
        }

        @Override
        public long ackedBytes() {
            return acked;
        }

        @Override
        public long windowWaitNanos() {
            return wait;
        }

        @Override
        public long inputWaitNanos() {
            return inputWait;
        }
    }

    private static Profile profile() throws IOException {
        return ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.4, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 395));
    }

    /**
     * The decisions proper: without the choices taken again on readings that came in after a decision
     * ({@link AdaptationController#reconsider}), which follow a rise that kept its mode.
     */
    private static List<Map<String, Object>> decisions(AdaptationTrace trace) {
        return trace.decisions().stream().filter(d -> !"readings arrived".equals(d.get("why"))).toList();
    }

    /** {@code ticks} samples of 100 ms: the controller's tick, then the session's. */
    private static void run(AdaptationController c, FakeSession s, int ticks) {
        for (int i = 0; i < ticks; i++) {
            c.tick();
            s.advance();
        }
    }

    private static AdaptationController controller(FakeSession s, ModeSwitch mode, AdaptationTrace trace) {
        return controller(s, mode, trace, 2.0);
    }

    /** A controller on {@code s}'s clock and profile that measures {@code cores} cores. */
    private static AdaptationController controller(FakeSession s, ModeSwitch mode, AdaptationTrace trace, double cores) {
        return new AdaptationController(new ThroughputModel(s.profile, PipelineConfig.live(2)), mode, s, trace, () -> s.nanos, n -> cores);
    }

    @Test
    void firstDecisionComesOnceTheLinkLimitsThenEveryFiveSeconds() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 201); // 20 s
        List<Map<String, Object>> d = decisions(trace);
        assertEquals(1.0, (Double) d.get(0).get("t_s"), 1e-9, "early first decision: " + d.get(0));
        assertEquals(HEAVY.name(), d.get(0).get("mode"));
        assertEquals(HEAVY, mode.current());
        for (int i = 1; i < d.size(); i++) {
            assertEquals(5.0, (Double) d.get(i).get("t_s") - (Double) d.get(i - 1).get("t_s"), 1e-6);
            assertEquals(false, d.get(i).get("changed"), "the heavy mode measures as profiled: no reason to leave it");
        }
        assertEquals(4, d.size());
        assertEquals(200, trace.samples().size());
        Map<String, Object> last = trace.samples().get(199);
        assertEquals(HEAVY.name(), last.get("mode"));
        assertEquals(400L * 4096 * 10, last.get("input_Bps"));
        assertEquals(Math.round(5e6 / 8), last.get("bandwidth_Bps"));
        assertTrue(last.containsKey("potential_output_Bps"), last.toString());
    }

    @Test
    void aDestinationHeldUpByItsOutputLeavesNothingToChooseOn() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        Rig r = fresh(mode);
        FakeSession s = r.s();
        AdaptationTrace trace = r.trace();
        AdaptationController c = r.c();
        run(c, s, 11); // the heavy mode taken for the 5 Mbit/s link at 1 s
        assertEquals(HEAVY, mode.current());
        // its QEMU loading the pages: the reader waits, its decoders do not; the sender waits on its window all along
        // and the acknowledgements crawl
        s.heldShare = 0.95;
        s.waitShare = 0.95;
        s.linkBytesPerSecond = 1e5;
        run(c, s, 100);
        List<Map<String, Object>> held = decisions(trace);
        assertTrue(held.size() >= 3, held.toString());
        for (Map<String, Object> d : held.subList(1, held.size())) {
            assertEquals("the destination's output held the stream up: nothing to choose on", d.get("why"), d.toString());
            assertEquals(HEAVY.name(), d.get("mode"));
        }
        // held by its decoders instead: a lighter mode may relieve it, and the controller decides again
        s.decodingShare = 0.95;
        run(c, s, 60);
        List<Map<String, Object>> after = decisions(trace);
        assertTrue(after.size() > held.size());
        assertTrue(after.subList(held.size(), after.size()).stream()
                .noneMatch(d -> String.valueOf(d.get("why")).startsWith("the destination's output")), after.toString());
    }

    @Test
    void decodersThatHoldTheStreamUpTakeAModeThatDecodesFaster() throws IOException {
        // two levels of one compressor that pack alike, the heavier one twice as slow to decode
        Profile p = ProfileTest.profile(ProfileTest.row("xor+bzip2-9", 1, 0.200, 1, 150, 0.012)
                + ProfileTest.row("xor+bzip2-5", 1, 0.205, 1, 140, 0.006));
        Mode heavy = Mode.parse("xor+bzip2-9");
        ModeSwitch mode = new ModeSwitch(heavy);
        FakeSession s = new FakeSession(p, mode);
        s.linkBytesPerSecond = 4.4e6;
        s.chunksPerTick = 600; // 24.6 MB/s in: the link, not the pipeline, limits
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 31);
        assertEquals(heavy, mode.current(), "on a full link the tighter mode stays: " + decisions(trace));
        // the destination's reader waits 60 % of the time, its applier on its decoders: 3 MB/s acknowledged of the 4.4
        // MB/s link, which every level of bzip2 would fill alike at that rate
        s.heldShare = 0.6;
        s.decodingShare = 0.9;
        s.waitShare = 0.95;
        s.linkBytesPerSecond = 3e6;
        s.chunksPerTick = 370;
        run(c, s, 60);
        List<Map<String, Object>> d = decisions(trace);
        Map<String, Object> relieved = d.stream().filter(x -> x.containsKey("destination_Bps")).findFirst().orElseThrow(() -> new AssertionError(d));
        assertEquals("xor+bzip2-5", relieved.get("mode"), relieved.toString());
        assertEquals(4.4e6, ((Number) relieved.get("bandwidth_Bps")).doubleValue(), 1e3, "the link as last read with nothing held up");
        assertEquals(Mode.parse("xor+bzip2-5"), mode.current());
    }

    @Test
    void ticksRunBackToBackAfterAStallStillTakeTheLinkOverASecond() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 20);
        for (int i = 0; i < 15; i++) {
            s.advance(); // the timer's thread held up 1.5 s (a decision's probes)
        }
        for (int i = 0; i < 12; i++) { // then the missed ticks, 0.1 ms apart, a few acknowledgements between them
            s.nanos += 100_000;
            s.acked += 1000;
            c.tick();
        }
        Map<String, Object> last = trace.samples().get(trace.samples().size() - 1);
        double acked = ((Number) last.get("acked_Bps")).doubleValue();
        assertTrue(acked < 1.2 * s.linkBytesPerSecond, "acknowledged " + acked + " B/s on a " + s.linkBytesPerSecond + " B/s link");
    }

    @Test
    void eachDecisionRecordsWhereEveryCompressorRanked() throws IOException {
        Rig r = fresh(new ModeSwitch(FAST));
        run(r.c(), r.s(), 11);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> each = (List<Map<String, Object>>) decisions(r.trace()).get(0).get("best_per_compressor");
        List<String> compressors = each.stream().map(e -> org.cloudlet.handoff.pipeline.Mode.parse((String) e.get("mode")).codec().name()).toList();
        assertEquals(compressors.stream().distinct().count(), compressors.size(), "one each: " + each);
        assertEquals(2, compressors.size(), "the profile's two compressors: " + each);
        assertEquals(1, each.get(0).get("rank"), "the chosen first");
        for (int i = 1; i < each.size(); i++) {
            assertTrue((Integer) each.get(i).get("rank") > (Integer) each.get(i - 1).get("rank"), each.toString());
        }
    }

    @Test
    void theModeSettlesWhenADecisionKeepsIt() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 11); // the early decision at 1 s leaves the initial mode
        assertEquals(1, decisions(trace).size());
        assertEquals(true, decisions(trace).get(0).get("changed"));
        assertEquals(false, c.settled(), "chosen on the first second's pages");
        run(c, s, 50);
        assertEquals(2, decisions(trace).size());
        assertEquals(false, decisions(trace).get(1).get("changed"));
        assertTrue(c.settled(), "the next decision kept it");
        assertEquals(true, decisions(trace).get(1).get("settled"));
    }

    @Test
    void aModeChangedAtEveryDecisionCountsAsSettledAfterThree() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        double[] links = {5e6 / 8, 2000e6 / 8, 5e6 / 8}; // the link alternates: heavy, fast (decided on at once), heavy
        int[] ticks = {11, 15, 51};
        for (int i = 0; i < links.length; i++) {
            s.linkBytesPerSecond = links[i];
            s.window = links[i];
            run(c, s, ticks[i]);
            assertEquals(i + 1, decisions(trace).size(), decisions(trace).toString());
            assertEquals(true, decisions(trace).get(i).get("changed"), decisions(trace).get(i).toString());
            assertEquals(i == 2, c.settled(), "after decision " + (i + 1));
        }
    }

    @Test
    void theFirstDecisionWaitsForTheWindowToStopGrowing() throws IOException {
        // the start of a handoff: the window doubles each second from 65 kB/s until it meets the 5 Mbit/s link; the
        // writer waits on it all the while, and what it lets through looks like a slow link
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        double link = 5e6 / 8;
        s.linkBytesPerSecond = 65e3;
        s.window = 0;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        for (int tick = 0; tick < 80; tick++) {
            c.tick();
            s.linkBytesPerSecond = Math.min(link, 65e3 * Math.pow(2, tick / 10.0));
            s.advance();
        }
        Map<String, Object> first = decisions(trace).get(0);
        double grown = Math.log(link / 65e3) / Math.log(2); // s
        assertTrue((Double) first.get("t_s") >= grown + 0.9, "decided at " + first + " while the window grew until " + grown + " s");
        assertTrue(((Number) first.get("bandwidth_Bps")).doubleValue() >= 0.85 * link, first.toString());
    }

    @Test
    void noDecisionWhileTheLinkHasNotLimitedOrNothingFlows() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        s.waitShare = 0;
        s.chunksPerTick = 0;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 101);
        assertTrue(decisions(trace).isEmpty(), decisions(trace).toString());
        assertEquals(FAST, mode.current());
    }

    @Test
    void aFasterLinkMovesBackToACheaperMode() throws IOException {
        ModeSwitch mode = new ModeSwitch(HEAVY);
        FakeSession s = new FakeSession(profile(), mode);
        s.linkBytesPerSecond = 2000e6 / 8; // the heavy mode now limits: 2 cores × 4096 B / 400 µs = 20 MB/s
        // medium: min(2 × 4096 B / 40 µs, 250 MB/s / 0.4) = 205 MB/s; fast: min(819, 250 / 0.5) = 500 MB/s
        s.waitShare = 0.5;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 21);
        assertEquals(FAST, mode.current(), decisions(trace).toString());
    }

    @Test
    void aModeThatKeepsItselfCpuBoundIsLeftOnceTheLinkTurnsOutFaster() throws IOException {
        // 1 core, 100 Mbit/s: the heavy mode processes 10 MB/s of input into 2.6 MB/s, far under the link, and never
        // waits for it; judged by what it carried, the link looks as slow as the heavy mode makes it
        ModeSwitch mode = new ModeSwitch(HEAVY);
        FakeSession s = new FakeSession(profile(), mode);
        s.cores = 1;
        s.linkBytesPerSecond = 100e6 / 8;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace, 1.0);
        run(c, s, 301);
        assertEquals(Mode.parse("xor+zstd-9"), mode.current(), decisions(trace).toString());
        assertEquals(true, decisions(trace).get(0).get("cpu_bound"), decisions(trace).get(0).toString());
        assertEquals(true, decisions(trace).get(decisions(trace).size() - 1).get("link_bound"));
    }

    @Test
    void aCpuBoundStretchSoonAfterTheLinkLimitedIsJudgedAtTheLinksKnownRate() throws IOException {
        // 1 core, 16 Mbit/s: heavy (400 µs a chunk: 10.24 MB/s of input, R 0.25) fills the link with 8 MB/s of input
        ModeSwitch mode = new ModeSwitch(HEAVY);
        FakeSession s = new FakeSession(profile(), mode);
        s.cores = 1;
        s.linkBytesPerSecond = 2e6;
        s.window = 2e6;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace, 1.0);
        run(c, s, 111);
        assertEquals(HEAVY, mode.current(), decisions(trace).toString());
        int before = decisions(trace).size();
        // the data gets harder: heavy now costs 600 µs a chunk, 6.8 MB/s of input into 1.7 MB/s of the link's 2. It
        // runs CPU-bound and still carries more input than medium could (2 / 0.4 = 5 MB/s); a link assumed faster
        // than it just measured (3 MB/s: 7.5 for medium) would trade it for medium
        s.truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.4, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 595));
        run(c, s, 160);
        List<Map<String, Object>> later = decisions(trace).subList(before, decisions(trace).size());
        assertTrue(later.size() >= 3 && later.stream().skip(1).allMatch(d -> Boolean.TRUE.equals(d.get("cpu_bound"))), later.toString());
        assertEquals(HEAVY, mode.current(), later.toString());
    }

    @Test
    void aLinkFilledForTheLastSecondsOfAnIntervalIsAsKnownAsAfterALinkBoundOne() throws IOException {
        // as above, but the first interval starts with the window growing from 65 kB/s: as a whole it carried far less
        // than the link, which the heavy mode filled from 2.5 s on; then the data gets harder and heavy runs CPU-bound
        ModeSwitch mode = new ModeSwitch(HEAVY);
        FakeSession s = new FakeSession(profile(), mode);
        s.cores = 1;
        double link = 2e6;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace, 1.0);
        for (int tick = 0; tick < 50; tick++) { // the window doubles every half second: the link full from 2.5 s
            s.linkBytesPerSecond = Math.min(link, 65e3 * Math.pow(2, tick / 5.0));
            s.window = s.linkBytesPerSecond;
            c.tick();
            s.advance();
        }
        assertTrue(decisions(trace).stream().noneMatch(d -> Boolean.TRUE.equals(d.get("link_bound"))),
                "premise: no interval link-bound as a whole: " + decisions(trace));
        s.truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.4, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 595));
        run(c, s, 100);
        Map<String, Object> last = decisions(trace).get(decisions(trace).size() - 1);
        assertEquals(true, last.get("cpu_bound"), decisions(trace).toString());
        assertTrue(((Number) last.get("bandwidth_Bps")).doubleValue() <= 1.05 * link, "no faster link assumed: " + last);
        assertEquals(HEAVY, mode.current(), decisions(trace).toString());
    }

    /**
     * A handoff in the heavy mode whose stages get half of the 1 core the source measures (the daemon's other
     * threads take the rest), on a 3 MB/s link, QEMU waiting on the pipeline and the link idle, up to its
     * {@code decisions}th decision (every 5 s). The first sets a fill beside the mode, at a share of 0.
     */
    private static Rig heavyOnHalfACore(int decisions) throws IOException {
        return heavyOnHalfACore(decisions, profile());
    }

    private static Rig heavyOnHalfACore(int decisions, Profile profile) throws IOException {
        ModeSwitch mode = new ModeSwitch(HEAVY);
        FakeSession s = new FakeSession(profile, mode);
        s.cores = 0.5;
        s.linkBytesPerSecond = 3e6;
        AdaptationTrace trace = new AdaptationTrace();
        Rig r = new Rig(s, trace, controller(s, mode, trace, 1.0));
        while (decisions(trace).size() < decisions && s.nanos < 60_000_000_000L) {
            run(r.c(), s, 1);
        }
        return r;
    }

    @Test
    void aPipelineThatTakesInLessThanItsCoresForecastIsJudgedByWhatItTookIn() throws IOException {
        // The heavy mode, forecast at 10.2 MB/s of input, takes in 5.1 with QEMU waiting on it, 1.3 MB/s out on a 3 MB/s
        // link. Forecast as 1 core it would fill the link alone; judged by what it took in it needs medium beside it.
        Rig r = heavyOnHalfACore(2);
        AdaptationTrace trace = r.trace();
        assertEquals(null, decisions(trace).get(0).get("capacity_scale"), "the first interval is no measure of the pipeline");
        Map<String, Object> second = decisions(trace).get(1);
        assertEquals(HEAVY.name(), second.get("mode"), decisions(trace).toString());
        assertEquals(Mode.parse("xor+zstd-9").name(), second.get("fill"), second.toString());
        // kept, the mode is forecast at the share its fill runs at, which the pace raised since the first decision
        List<Double> before = trace.samples().stream().filter(m -> (Double) m.get("t_s") < (Double) second.get("t_s"))
                .map(m -> ((Number) m.getOrDefault("fill_share", 0)).doubleValue()).toList();
        assertEquals(before.get(before.size() - 1), (Double) second.get("fill_share"), 0.03, second.toString());
        assertEquals(0.5, (Double) second.get("capacity_scale"), 0.01, second.toString());
        assertEquals(true, second.get("cpu_bound"));
    }

    /** The fill's share in the samples from {@code t_s} on. */
    private static List<Double> fillSharesFrom(AdaptationTrace trace, double from) {
        return trace.samples().stream().filter(m -> (Double) m.get("t_s") >= from)
                .map(m -> ((Number) m.getOrDefault("fill_share", 0)).doubleValue()).toList();
    }

    @Test
    void aCpuBoundPipelineWithTheLinkIdleGivesTheFillMore() throws IOException {
        Rig r = heavyOnHalfACore(1);
        assertEquals(0.0, r.s().mode.fillShare(), "premise: the fill starts at 0");
        run(r.c(), r.s(), 20);
        assertTrue(r.s().mode.fillShare() > 0.5, fillSharesFrom(r.trace(), 5.0).toString());
    }

    @Test
    void theFillShareKeepsStillOverZeroPages() throws IOException {
        // Zero pages and copies: QEMU waits on the pipeline and the link idles, as on a CPU-bound one, but the pages
        // that follow are the mode's, and a share raised now would stay on them with the link full.
        Rig r = heavyOnHalfACore(1);
        r.s().deduplicated = true;
        run(r.c(), r.s(), 30);
        List<Double> shares = fillSharesFrom(r.trace(), 5.0);
        // the share rises until the last second reads as zero pages, under 1 s, and not after
        List<Double> later = fillSharesFrom(r.trace(), 6.0);
        assertTrue(later.size() >= 20 && later.get(0) < 0.35 && later.stream().allMatch(x -> x <= later.get(0) + 1e-9), shares.toString());
    }

    @Test
    void theFillShareKeepsStillWhileTheDestinationHoldsTheStreamUp() throws IOException {
        Rig r = heavyOnHalfACore(1);
        r.s().heldShare = 0.3; // the link idles for the destination's sake, not the pipeline's
        run(r.c(), r.s(), 20);
        List<Double> shares = fillSharesFrom(r.trace(), 5.0);
        // still once the last second holds HELD_AT_ALL of hold-ups, 0.2 s in
        List<Double> later = fillSharesFrom(r.trace(), 5.3);
        assertTrue(later.size() >= 17 && later.get(0) < 0.1 && later.stream().allMatch(x -> x <= later.get(0) + 1e-9), shares.toString());
    }

    @Test
    void theFillShareMovesWhileTheDestinationsDecodersHoldTheStreamUpAndTheFillDecodesFaster() throws IOException {
        // the destination's applier waits on its decoders for the whole hold-up; zstd-9 decodes ten times faster
        Profile p = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5, 0.01)
                + ProfileTest.row("xor+zstd-9", 1, 0.4, 1, 35, 0.01) + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 395, 0.1));
        Rig r = heavyOnHalfACore(1, p);
        r.s().heldShare = 0.3;
        r.s().decodingShare = 0.3;
        run(r.c(), r.s(), 20);
        assertTrue(r.s().mode.fillShare() > 0.3, fillSharesFrom(r.trace(), 5.0).toString());
        // decoders that decode the fill no faster: it keeps still, as for any other hold-up
        Rig same = heavyOnHalfACore(1);
        same.s().heldShare = 0.3;
        same.s().decodingShare = 0.3;
        run(same.c(), same.s(), 20);
        assertTrue(same.s().mode.fillShare() < 0.1, fillSharesFrom(same.trace(), 5.0).toString());
    }

    /** A handoff on a fake session, its trace, and its controller. */
    private record Rig(FakeSession s, AdaptationTrace trace, AdaptationController c) {
    }

    /** A controller on a fresh session's clock after 7 s of a link-bound 5 Mbit/s handoff in {@code mode}: decisions at 1 s and 6 s. */
    private static Rig sevenSecondsAtFiveMbit(ModeSwitch mode) throws IOException {
        Rig r = fresh(mode);
        run(r.c(), r.s(), 70);
        assertEquals(2, decisions(r.trace()).size(), decisions(r.trace()).toString());
        return r;
    }

    /** A controller on a fresh session's clock and the test profile, with a trace, the session starting in {@code mode}. */
    private static Rig fresh(ModeSwitch mode) throws IOException {
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        return new Rig(s, trace, controller(s, mode, trace));
    }

    @Test
    void aLinkThatRisesTwofoldBringsTheNextDecisionForward() throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(FAST));
        r.s().linkBytesPerSecond = 40e6 / 8; // at 7 s: what waited for the slow link now crosses at 40 Mbit/s
        r.s().chunksPerTick = 2000;
        run(r.c(), r.s(), 25);
        List<Map<String, Object>> d = decisions(r.trace());
        assertEquals(3, d.size(), d.toString());
        double at = (Double) d.get(2).get("t_s");
        assertTrue(at > 7.0 && at < 9.0, "decided at " + at + " s, not at 11 s: " + d.get(2));
        assertEquals("the link rose", d.get(2).get("why"));
        assertTrue(((Number) d.get(2).get("bandwidth_Bps")).doubleValue() >= 2 * 5e6 / 8, d.get(2).toString());
        run(r.c(), r.s(), 41);
        assertEquals(4, decisions(r.trace()).size(), "no more early ones at the same rate: " + decisions(r.trace()));
        assertEquals(null, decisions(r.trace()).get(3).get("why"), "the regular one, 5 s on");
    }

    /**
     * The first decision on a rise from 5 Mbit/s whose second reads 1.3 MB/s, half of it still at the old 0.625, on
     * one core: xor+lzma-9 at {@code lzmaMicros} per chunk against xor+bzip2-9, 2.5 % looser at 30; {@code windowKnows}:
     * the send window has measured the link's rate in that second.
     */
    private static Map<String, Object> firstDecisionOnAStraddledRise(double lzmaMicros, boolean windowKnows) throws IOException {
        Profile p = ProfileTest.profile(ProfileTest.row("xor+lzma-9", 1, 0.200, 1, lzmaMicros) + ProfileTest.row("xor+bzip2-9", 1, 0.205, 1, 30));
        Mode heavy = Mode.parse("xor+lzma-9");
        ModeSwitch mode = new ModeSwitch(heavy);
        FakeSession s = new FakeSession(p, mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = new AdaptationController(new ThroughputModel(p, PipelineConfig.live(2)), mode, s, trace, () -> s.nanos, n -> 1.0);
        run(c, s, 70);
        assertEquals(heavy, mode.current(), "on the 5 Mbit/s link the tighter mode: " + decisions(trace));
        s.linkBytesPerSecond = 1.3e6;
        s.windowKnowsTheLink = windowKnows;
        s.chunksPerTick = 1600;
        run(c, s, 20);
        List<Map<String, Object>> d = decisions(trace);
        return d.stream().filter(x -> "the link rose".equals(x.get("why"))).findFirst().orElseThrow(() -> new AssertionError(d));
    }

    @Test
    void theFirstDecisionOnARiseTakesTheSecondItReadForOneThatStraddledIt() throws IOException {
        // lzma-9 gives 6.5 MB/s of input; 2 × 1.3 - 0.625 = 1.975 MB/s at least, 2.96 with the optimism for a rate not
        // known: 14.8 MB/s of input to drain, more than lzma-9 gives even beside a fill; the reading itself, 1.95 with
        // the optimism, had lzma-9 with a fill keep up
        Map<String, Object> rise = firstDecisionOnAStraddledRise(625, false);
        assertEquals(2.96e6, ((Number) rise.get("bandwidth_Bps")).doubleValue(), 0.05e6, rise.toString());
        assertEquals("xor+bzip2-9", rise.get("mode"), rise.toString());
    }

    @Test
    void theWindowsFigureReadInTheSecondThatStraddledARiseIsTakenAsStraddledToo() throws IOException {
        // lzma-9 gives 4.3 MB/s of input: with a fill it drains the 1.3 MB/s the window read, not the 1.975 it stands for
        Map<String, Object> rise = firstDecisionOnAStraddledRise(947, true);
        assertEquals(1.975e6, ((Number) rise.get("bandwidth_Bps")).doubleValue(), 0.03e6, rise.toString());
        assertEquals("xor+bzip2-9", rise.get("mode"), rise.toString());
    }

    /**
     * A controller after 7 s at 200 Mbit/s on 2 cores, self-consistent (the pipeline runs as fast as its cores or the
     * link allow): xor+zstd-9 taken (lzma-9 CPU-bound at 20 MB/s of input, zstd-1 link-bound at 50, zstd-9 at 62.5).
     */
    private static Rig sevenSecondsAt200Mbit() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        Rig r = fresh(mode);
        r.s().cores = 2;
        r.s().linkBytesPerSecond = 200e6 / 8;
        r.s().window = r.s().linkBytesPerSecond;
        run(r.c(), r.s(), 70);
        assertEquals(Mode.parse("xor+zstd-9"), mode.current(), decisions(r.trace()).toString());
        return r;
    }

    @Test
    void aLinkThatFallsToHalfOrLessIsChosenForAtOnce() throws IOException {
        Rig r = sevenSecondsAt200Mbit();
        int before = decisions(r.trace()).size();
        r.s().linkBytesPerSecond = 5e6 / 8; // at 7 s: 5 Mbit/s, where lzma-9's R makes it the best (2.5 MB/s of input)
        run(r.c(), r.s(), 25);
        List<Map<String, Object>> d = decisions(r.trace());
        List<Map<String, Object>> fell = d.subList(before, d.size());
        assertTrue(!fell.isEmpty() && fell.stream().allMatch(x -> "the link fell".equals(x.get("why"))), d.toString());
        Map<String, Object> last = fell.get(fell.size() - 1);
        assertTrue((Double) last.get("t_s") < 9.5, "decided before 9.5 s, not at the regular 11 s: " + last);
        assertEquals(HEAVY.name(), last.get("mode"), last.toString());
        assertEquals(5e6 / 8, ((Number) last.get("bandwidth_Bps")).doubleValue(), 0.2 * 5e6 / 8, last.toString());
        assertEquals(HEAVY, r.s().mode.current());
        assertEquals(0.0, ((Number) last.getOrDefault("fill_share", 0)).doubleValue(), "no fill for a mode that keeps up with the slow link");
        run(r.c(), r.s(), 55);
        d = decisions(r.trace());
        assertEquals(before + fell.size() + 1, d.size(), "no more falls at the same rate, and the regular decision 5 s on: " + d);
        assertEquals(null, d.get(d.size() - 1).get("why"), d.toString());
    }

    @Test
    void aFallTakesAModeThatPacksTighterForMoreThanATie() throws IOException {
        // bzip2-9 (100 µs, R 0.265) runs best at 200 Mbit/s on 2 cores; at 5 Mbit/s lzma-9's R 0.25 gives 6 % more
        // input, short of the margin a steady link asks for, beyond the tie
        Profile p = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.4, 1, 35)
                + ProfileTest.row("xor+bzip2-9", 1, 0.265, 1, 95) + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 395));
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(p, mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        s.cores = 2;
        s.linkBytesPerSecond = 200e6 / 8;
        s.window = s.linkBytesPerSecond;
        run(c, s, 70);
        Mode bzip2 = Mode.parse("xor+bzip2-9");
        assertEquals(bzip2, mode.current(), decisions(trace).toString());
        s.linkBytesPerSecond = 5e6 / 8;
        run(c, s, 25);
        Map<String, Object> fell = decisions(trace).stream().filter(d -> "the link fell".equals(d.get("why"))).findFirst()
                .orElseThrow(() -> new AssertionError(decisions(trace)));
        assertEquals(HEAVY.name(), fell.get("mode"), fell.toString());
    }

    @Test
    void aFallSoonAfterASwitchIsDecidedOnTheFiguresBeforeIt() throws IOException {
        Rig r = sevenSecondsAt200Mbit(); // xor+zstd-9, its decisions at 1 s and 6 s
        r.s().linkBytesPerSecond = 800e6 / 8; // at 7 s the link rises fourfold: zstd-9 CPU-bound, zstd-1 taken for it
        r.s().window = r.s().linkBytesPerSecond;
        while (!r.s().mode.current().equals(Mode.parse("xor+zstd-1")) && r.s().nanos < 11_000_000_000L) {
            run(r.c(), r.s(), 1);
        }
        assertEquals(Mode.parse("xor+zstd-1"), r.s().mode.current(), "premise: a switch on the rise " + decisions(r.trace()));
        double switchedAt = r.s().nanos / 1e9;
        r.s().linkBytesPerSecond = 5e6 / 8; // then the link falls
        r.s().window = r.s().linkBytesPerSecond;
        run(r.c(), r.s(), 30);
        List<Map<String, Object>> after = decisions(r.trace());
        Map<String, Object> fell = after.stream().filter(x -> "the link fell".equals(x.get("why"))).findFirst()
                .orElseThrow(() -> new AssertionError("no decision on the fall within 3 s of the switch at " + switchedAt + ": " + after));
        assertEquals(HEAVY.name(), fell.get("mode"), fell.toString());
        assertEquals(HEAVY, r.s().mode.current());
    }

    @Test
    void aDipShortOfHalfTheRateOrADestinationHoldingUpIsNoFall() throws IOException {
        Rig dip = sevenSecondsAt200Mbit();
        dip.s().linkBytesPerSecond = 120e6 / 8; // 0.6 of the rate: the regular decision's to weigh
        run(dip.c(), dip.s(), 25);
        assertEquals(0, falls(dip.trace()), decisions(dip.trace()).toString());

        Rig held = sevenSecondsAt200Mbit();
        held.s().heldShare = 0.9; // the destination's QEMU holds the stream up: acknowledgements crawl, the sender waits
        held.s().linkBytesPerSecond = 5e6 / 8;
        run(held.c(), held.s(), 25);
        assertEquals(0, falls(held.trace()), decisions(held.trace()).toString());

        Rig after = sevenSecondsAt200Mbit();
        after.s().linkBytesPerSecond = 5e6 / 8;
        after.s().heldShare = 0.2; // held up now and then: the sender's waits beyond it still read as the link's
        run(after.c(), after.s(), 10);
        after.s().heldShare = 0;
        run(after.c(), after.s(), 18); // to 9.8 s: no second free of the hold-up yet confirmed as a fall
        assertEquals(0, falls(after.trace()), "read over a second with a hold-up in it: " + decisions(after.trace()));
        run(after.c(), after.s(), 10); // to 10.8 s, before the regular decision at 11 s
        assertEquals(1, falls(after.trace()), decisions(after.trace()).toString());
    }

    private static long falls(AdaptationTrace trace) {
        return decisions(trace).stream().filter(d -> "the link fell".equals(d.get("why"))).count();
    }

    @Test
    void aRiseReadHalfwayIsFollowedByAnotherEarlyDecision() throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(FAST));
        r.s().chunksPerTick = 2000;
        r.s().linkBytesPerSecond = 12e6 / 8; // at 7 s the link rises, the first second read at 12 Mbit/s of it
        run(r.c(), r.s(), 20);
        assertEquals(3, decisions(r.trace()).size(), decisions(r.trace()).toString());
        assertEquals("the link rose", decisions(r.trace()).get(2).get("why"));
        r.s().linkBytesPerSecond = 20e6 / 8; // then 20: 1.67 × what that decision read, short of a twofold rise
        run(r.c(), r.s(), 20);
        List<Map<String, Object>> d = decisions(r.trace());
        assertEquals(4, d.size(), d.toString());
        assertEquals("the link rose", d.get(3).get("why"));
        assertTrue((Double) d.get(3).get("t_s") < 12.0, "not at the regular 5 s mark: " + d.get(3));
        assertTrue(((Number) d.get(3).get("bandwidth_Bps")).doubleValue() >= 0.9 * 20e6 / 8, d.get(3).toString());
        run(r.c(), r.s(), 50); // the regular decision, 5 s on
        assertEquals(5, decisions(r.trace()).size(), decisions(r.trace()).toString());
        r.s().linkBytesPerSecond = 30e6 / 8; // 1.5 × after a regular decision: as far as noise goes on a steady link, not a rise
        run(r.c(), r.s(), 50);
        d = decisions(r.trace());
        assertEquals(6, d.size(), d.toString());
        assertEquals(null, d.get(5).get("why"), "the regular one, 5 s on: " + d.get(5));
    }

    @Test
    void aRiseIsDecidedOnAFewCheapReadingsAndTheRegularDecisionReadsMore() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        byte[] segment = LiveRatiosTest.textLike(256 << 10, 11); // the least the sample keeps: the probes' budget lasts, a regular decision reads more
        mode.sample().offer(segment, segment.length);
        Rig r = sevenSecondsAtFiveMbit(mode);
        r.s().linkBytesPerSecond = 40e6 / 8;
        r.s().chunksPerTick = 2000;
        run(r.c(), r.s(), 66); // the rise's decision, and the regular one 5 s on
        List<Map<String, Object>> d = decisions(r.trace());
        assertEquals(4, d.size(), d.toString());
        assertEquals("the link rose", d.get(2).get("why"));
        long before = ((Number) d.get(1).get("probe_cpu_ms")).longValue();
        long rise = ((Number) d.get(2).get("probe_cpu_ms")).longValue();
        assertTrue(d.get(2).containsKey("probed_ratios") && !((Map<?, ?>) d.get(2).get("probed_ratios")).isEmpty(), d.get(2).toString());
        assertTrue(rise - before <= 2 * LiveRatios.RISE_NANOS / 1_000_000, "the rise's probing, ms: " + (rise - before));
        assertTrue(((Number) d.get(3).get("probe_cpu_ms")).longValue() > rise, "the regular decision probes again: " + d.get(3));
    }

    /** A controller whose probes' jobs are {@link #held} once {@link #hold()} is called: its readings take their time. */
    private static final class HeldProbes {
        final List<Runnable> held = new ArrayList<>();
        final ModeSwitch mode = new ModeSwitch(FAST);
        final FakeSession s;
        final AdaptationTrace trace = new AdaptationTrace();
        final AdaptationController c;
        private boolean holding;
        /** Samples in the trace when the link rose. */
        int samplesBeforeRise;

        HeldProbes() throws IOException {
            byte[] segment = LiveRatiosTest.textLike(256 << 10, 11);
            mode.sample().offer(segment, segment.length);
            s = new FakeSession(profile(), mode);
            ProbeThread probes = new ProbeThread(job -> {
                if (holding) {
                    held.add(job);
                } else {
                    job.run();
                }
            });
            c = new AdaptationController(new ThroughputModel(s.profile, PipelineConfig.live(2)), mode, s, trace, () -> s.nanos, n -> 2.0, probes);
        }

        void hold() {
            holding = true;
        }

        /** 7 s at 5 Mbit/s, the readings taken at once; then the link rises to 40 Mbit/s and the readings are held. */
        HeldProbes riseWithReadingsHeld() {
            run(c, s, 70);
            assertEquals(2, trace.decisions().size(), trace.decisions().toString());
            hold();
            samplesBeforeRise = trace.samples().size();
            s.linkBytesPerSecond = 40e6 / 8;
            s.chunksPerTick = 2000;
            run(c, s, 25);
            return this;
        }
    }

    @Test
    void aRisesReadingsAreTakenBesideTheSamplerAndActedOnWhenTheyArrive() throws IOException {
        HeldProbes h = new HeldProbes().riseWithReadingsHeld();
        List<Map<String, Object>> d = h.trace.decisions();
        assertEquals(3, d.size(), d.toString());
        assertEquals("the link rose", d.get(2).get("why"));
        assertEquals(d.get(1).get("probe_cpu_ms"), d.get(2).get("probe_cpu_ms"), "the rise's decision did not wait on its readings");
        assertTrue(h.trace.samples().size() >= h.samplesBeforeRise + 25, "the sampler went on");
        assertEquals(1, h.held.size(), "the rise's readings, asked for");
        assertEquals(d.get(2).get("mode"), d.get(2).get("previous"), "the mode it found kept: " + d.get(2));
        h.held.remove(0).run();
        run(h.c, h.s, 1);
        d = h.trace.decisions();
        assertEquals(4, d.size(), d.toString());
        assertEquals("readings arrived", d.get(3).get("why"));
        assertTrue(((Number) d.get(3).get("probe_cpu_ms")).longValue() > ((Number) d.get(2).get("probe_cpu_ms")).longValue(), d.get(3).toString());
        run(h.c, h.s, 5);
        assertEquals(4, h.trace.decisions().size(), "once: " + h.trace.decisions());
    }

    @Test
    void onceQemuIsReleasedToSwitchOverReadingsThatComeInTakeNoChoiceAgain() throws IOException {
        HeldProbes h = new HeldProbes().riseWithReadingsHeld();
        assertEquals(1, h.held.size(), "the rise's readings, asked for");
        Object probed = h.trace.decisions().get(2).get("probe_cpu_ms");
        h.c.switchover(3);
        int decided = h.trace.decisions().size();
        h.held.forEach(Runnable::run); // they come in during the downtime
        h.held.clear();
        run(h.c, h.s, 60); // and the regular decisions after it read nothing new
        List<Map<String, Object>> after = h.trace.decisions().subList(decided, h.trace.decisions().size());
        assertTrue(after.stream().noneMatch(x -> "readings arrived".equals(x.get("why"))), after.toString());
        assertTrue(after.stream().allMatch(x -> x.get("probe_cpu_ms") == null || x.get("probe_cpu_ms").equals(probed)), "no probing: " + after);
        assertTrue(after.stream().anyMatch(x -> x.get("probe_cpu_ms") != null), "regular decisions went on: " + after);
    }

    /**
     * Seven seconds at 5 Mbit/s in the heavy mode, then a rise the heavy mode's output carries 12 Mbit/s of, the sender
     * no longer waiting on the link and the window measuring {@code windowMbit} ({@code known}: as the link's own rate).
     */
    private static Rig riseTheSenderNoLongerWaitsOn(double windowMbit, boolean known) throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(HEAVY));
        r.s().waitShare = 0;
        r.s().linkBytesPerSecond = 12e6 / 8;
        r.s().window = windowMbit * 1e6 / 8;
        r.s().windowKnowsTheLink = known;
        run(r.c(), r.s(), 25);
        return r;
    }

    @Test
    void aRiseTheWindowMeasuresBringsTheDecisionForwardThoughTheSenderNoLongerWaits() throws IOException {
        // the link rises to 40 Mbit/s; the window grown for the heavy mode's bursts shows the link's 40 within a burst,
        // and the sender, no longer short of window, never waits on the link again
        List<Map<String, Object>> d = decisions(riseTheSenderNoLongerWaitsOn(40, false).trace());
        assertEquals(3, d.size(), d.toString());
        assertEquals("the link rose", d.get(2).get("why"));
        assertTrue((Double) d.get(2).get("t_s") < 9.0, "not at the regular 5 s mark: " + d.get(2));
        assertTrue(((Number) d.get(2).get("bandwidth_Bps")).doubleValue() >= 0.85 * 40e6 / 8, "taken on the link's rate: " + d.get(2));
    }

    @Test
    void aRiseIsTakenForMoreThanItWasReadAt() throws IOException {
        // the heavy mode's output has shown 12 Mbit/s of the faster link so far, the window no more: a floor
        List<Map<String, Object>> d = decisions(riseTheSenderNoLongerWaitsOn(12, false).trace());
        assertEquals("the link rose", d.get(2).get("why"), d.toString());
        assertTrue(((Number) d.get(2).get("bandwidth_Bps")).doubleValue() >= 1.4 * 12e6 / 8, "at least half again: " + d.get(2));
        assertEquals(false, d.get(2).get("link_bound"), d.get(2).toString());
    }

    @Test
    void aRiseTheWindowMeasuredAsTheLinksOwnRateIsTakenAtThatRate() throws IOException {
        // the window read the 40 Mbit/s within bursts that kept the link fed: the link's rate, not a floor
        Rig r = riseTheSenderNoLongerWaitsOn(40, true);
        List<Map<String, Object>> d = decisions(r.trace());
        assertEquals("the link rose", d.get(2).get("why"), d.toString());
        double bandwidth = ((Number) d.get(2).get("bandwidth_Bps")).doubleValue();
        assertTrue(bandwidth >= 0.95 * 40e6 / 8 && bandwidth <= 1.05 * 40e6 / 8, "the window's figure, not half again: " + d.get(2));
        // and the CPU-bound intervals after it assume no faster link than the one the window measured
        run(r.c(), r.s(), 50);
        d = decisions(r.trace());
        assertEquals(true, d.get(3).get("cpu_bound"), d.get(3).toString());
        assertTrue(((Number) d.get(3).get("bandwidth_Bps")).doubleValue() <= 1.05 * 40e6 / 8, "no link assumed faster: " + d.get(3));
    }

    @Test
    void aRiseIsDecidedOnWhenTheLinkCarriedTwiceTheRateAndAgainOnceTheWindowHasStoppedGrowing() throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(FAST));
        // at 7 s the link rises to 40 Mbit/s, and the window the sender measures it by doubles each second to meet it
        double slow = 5e6 / 8;
        double fast = 40e6 / 8;
        r.s().chunksPerTick = 2000;
        for (int tick = 0; tick < 40; tick++) {
            r.s().linkBytesPerSecond = Math.min(fast, slow * Math.pow(2, (tick + 1) / 10.0));
            r.c().tick();
            r.s().advance();
        }
        List<Map<String, Object>> d = decisions(r.trace());
        assertEquals(4, d.size(), d.toString());
        assertEquals("the link rose", d.get(2).get("why"));
        assertTrue((Double) d.get(2).get("t_s") < 9.0, "on the second the link carried twice the rate, the window still growing: " + d.get(2));
        assertEquals("the link rose", d.get(3).get("why"));
        assertTrue((Double) d.get(3).get("t_s") < 11.0, d.get(3).toString());
        assertTrue(((Number) d.get(3).get("bandwidth_Bps")).doubleValue() >= 0.85 * fast, "taken again on the grown link: " + d.get(3));
    }

    @Test
    void aRiseTheRunningModeCannotFeedIsDecidedOnWhileTheWindowStillGrows() throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(HEAVY)); // xor+lzma-9 can put out about 5 MB/s on the two cores
        // at 7 s the link rises to 200 Mbit/s, and the window doubles each 0.3 s to meet it: grown at 8.6 s, settled at ~9.5 s
        double slow = 5e6 / 8;
        double fast = 200e6 / 8;
        for (int tick = 0; tick < 30; tick++) {
            r.s().linkBytesPerSecond = Math.min(fast, slow * Math.pow(2, (tick + 1) / 3.0));
            r.c().tick();
            r.s().advance();
        }
        List<Map<String, Object>> d = decisions(r.trace());
        assertTrue(d.size() >= 3, d.toString());
        assertEquals("the link rose", d.get(2).get("why"), d.get(2).toString());
        assertTrue((Double) d.get(2).get("t_s") < 9.2, "once the link carried 1.5 times the mode's output: " + d.get(2));
    }

    @Test
    void aBurstOfAcknowledgementsTheWindowReadsAsAFasterLinkIsNoRise() throws IOException {
        Rig r = sevenSecondsAtFiveMbit(new ModeSwitch(HEAVY));
        r.s().window = 100e6 / 8; // the window's figure jumps for a moment, past 1.5 times what xor+lzma-9 puts out; the link carries its 5 Mbit/s as before
        r.c().tick();
        r.s().advance();
        r.s().window = 5e6 / 8;
        run(r.c(), r.s(), 20);
        assertEquals(2, decisions(r.trace()).size(), decisions(r.trace()).toString());
    }

    @Test
    void aModeCostlierThanProfiledIsLeftAndNotRetried() throws IOException {
        // The profile has zstd-15 barely costlier than zstd-14 and 13 % smaller output, so at 12 MB/s of link it
        // predicts 15 better; here 15 costs 2.5× as much and is CPU-bound at 26 MB/s of input, while 14 drains the
        // link at 40 MB/s. Scaling both by 15's measured cost hides that: 14 then looks as slow, and the controller
        // stays in the worse mode (on the Debian guest, with the smoother and the probes in play, it flipped between
        // neighbours every interval instead). Learning 15's real relation to 14 must settle it on 14.
        Mode z14 = Mode.parse("xor+zstd-14");
        Mode z15 = Mode.parse("xor+zstd-15");
        Profile profiled = ProfileTest.profile(ProfileTest.row(z14.name(), 1, 0.30, 1, 60) + ProfileTest.row(z15.name(), 1, 0.26, 1, 62));
        ModeSwitch mode = new ModeSwitch(z14);
        FakeSession s = new FakeSession(profiled, mode);
        s.truth = ProfileTest.profile(ProfileTest.row(z14.name(), 1, 0.30, 1, 60) + ProfileTest.row(z15.name(), 1, 0.26, 1, 150));
        s.cores = 1;
        s.linkBytesPerSecond = 12e6;
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace, 1.0);
        run(c, s, 601); // 60 s
        long changes = decisions(trace).stream().filter(d -> Boolean.TRUE.equals(d.get("changed"))).count();
        assertEquals(z14, mode.current(), decisions(trace).toString());
        assertTrue(changes <= 2, changes + " changes: " + decisions(trace));
    }

    @Test
    void traceIsJsonWithSamplesAndDecisions(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 31);
        Path f = dir.resolve("t.json");
        trace.write(f);
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
        assertEquals(30, root.path("samples").size());
        assertEquals(HEAVY.name(), root.path("decisions").get(0).path("mode").asText());
        assertTrue(root.path("decisions").get(0).path("t_s").isNumber());
        assertEquals(FAST.name(), root.path("initial_mode").asText());
        assertTrue(Files.exists(f) && !Files.exists(dir.resolve("t.json.part")));
    }

    /**
     * The decisions of 7 s that start with {@code zeroTicks} samples of the start of QEMU's first pass (zero pages,
     * every mode's R a tenth of the profile's) and go on with pages that compress as profiled.
     */
    private static List<Map<String, Object>> decisionsAfterAZeroRun(int zeroTicks) throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        s.truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.05, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.04, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.025, 1, 395));
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, zeroTicks);
        s.truth = s.profile;
        run(c, s, 70 - zeroTicks);
        return decisions(trace);
    }

    @Test
    void aFirstIntervalFarMoreCompressibleThanTheProfileIsNotDecidedOn() throws IOException {
        List<Map<String, Object>> d = decisionsAfterAZeroRun(20);
        assertTrue(d.get(0).containsKey("deferred"), d.get(0).toString());
        assertEquals(FAST.name(), d.get(0).get("mode"));
        int decided = 1;
        while (d.get(decided).containsKey("deferred")) {
            decided++;
        }
        assertEquals(HEAVY.name(), d.get(decided).get("mode"), "decided on the pages after the zero run: " + d.get(decided));
        double after = (Double) d.get(decided).get("t_s") - (Double) d.get(0).get("t_s");
        assertTrue(after <= 2.0 + 1e-6, "tried again each second, not at the next 5 s mark: " + after + " s");
    }

    @Test
    void memoryThatStaysThatCompressibleIsDecidedOnAnIntervalAfterTheFirstTry() throws IOException {
        List<Map<String, Object>> d = decisionsAfterAZeroRun(70);
        assertTrue(d.get(0).containsKey("deferred"), d.get(0).toString());
        int decided = 1;
        while (d.get(decided).containsKey("deferred")) {
            decided++;
        }
        assertTrue(decided >= 4, "tried again each second: " + d.subList(0, decided));
        double after = (Double) d.get(decided).get("t_s") - (Double) d.get(0).get("t_s");
        assertEquals(5.0, after, 0.1 + 1e-6, "put off for one interval at most");
    }

    /**
     * 20 s of a link-bound precopy at 5 Mbit/s (heavy compression pays), then 2.5 s of pages that compress 25×
     * better (zeros and base copies), 1.5 s of it since the decision at 21 s: with that R the link takes 62 MB/s of
     * input in HEAVY, its 2 cores only 20. Returns the controller, with {@code mode} and {@code trace} as it uses them.
     */
    private static AdaptationController beforeASwitchoverAfterCompressiblePages(ModeSwitch mode, AdaptationTrace trace) throws IOException {
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 200);
        assertEquals(HEAVY, mode.current());
        s.truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.02, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.016, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.01, 1, 395));
        run(c, s, 25);
        assertEquals(HEAVY, mode.current(), "the regular decision at 21 s still sees mostly the earlier phase");
        return c;
    }

    /**
     * 20 s of a link-bound precopy at 5 Mbit/s in which HEAVY is chosen, then 40 s of pages that compress 100 times
     * better (the first pass's zero tail), then the profile's pages again. On {@code cores} > 0 the pipeline's own
     * cores set its pace: CPU-bound on the compressible pages. Returns the decisions from the compressible pages on.
     */
    private static List<Map<String, Object>> decisionsOverACompressibleStretch(double cores) throws IOException {
        return decisionsOverACompressibleStretch(cores, 100);
    }

    /** As {@link #decisionsOverACompressibleStretch(double)}, with pages {@code times} as compressible. */
    private static List<Map<String, Object>> decisionsOverACompressibleStretch(double cores, double times) throws IOException {
        Rig r = fresh(new ModeSwitch(FAST));
        run(r.c(), r.s(), 200);
        assertEquals(HEAVY, r.s().mode.current());
        int before = decisions(r.trace()).size();
        r.s().cores = cores;
        r.s().truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5 / times, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.4 / times, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.25 / times, 1, 395));
        run(r.c(), r.s(), 400);
        r.s().cores = 0;
        r.s().chunksPerTick = 400;
        r.s().waitShare = 0.6;
        r.s().truth = r.s().profile;
        run(r.c(), r.s(), 110);
        List<Map<String, Object>> d = decisions(r.trace());
        return d.subList(before, d.size());
    }

    @Test
    void aLinkBoundStretchOfPagesFarMoreCompressibleThanTheModeWasChosenOnKeepsIt() throws IOException {
        List<Map<String, Object>> d = decisionsOverACompressibleStretch(0);
        for (Map<String, Object> e : d) {
            assertEquals(HEAVY.name(), e.get("mode"), "a lighter mode would win on R 0.0025: " + e.get("t_s") + " " + e.get("best"));
        }
        List<Map<String, Object>> held = d.stream().filter(e -> e.containsKey("held")).toList();
        assertTrue(held.size() >= 1, "the decision at 26 s saw nothing but the compressible pages: " + d);
        Map<String, Object> last = d.get(d.size() - 1);
        assertTrue(!last.containsKey("held") && last.containsKey("best"), "decided again on the pages after the stretch: " + last);
    }

    @Test
    void pagesAtAThirdOfTheRTheModeWasChosenOnAreNoZeroRunAndAreDecidedOn() throws IOException {
        // dense pages vary that much from one stretch of the first pass to the next
        List<Map<String, Object>> d = decisionsOverACompressibleStretch(0, 3);
        assertTrue(d.size() >= 8, d.toString());
        assertTrue(d.stream().noneMatch(e -> e.containsKey("held")), d.toString());
    }

    @Test
    void aStretchOfCompressiblePagesOnWhichThePipelineHoldsQemuBackIsDecidedOn() throws IOException {
        List<Map<String, Object>> d = decisionsOverACompressibleStretch(2);
        assertTrue(d.stream().anyMatch(e -> Boolean.TRUE.equals(e.get("cpu_bound"))), "the pipeline held QEMU back: " + d);
        assertTrue(d.stream().noneMatch(e -> e.containsKey("held")), "each decided on as usual: " + d);
    }

    @Test
    void atTheSwitchoverTheModeIsChosenForTheBurstOfTheLastPagesByThisPassAlone() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        AdaptationTrace trace = new AdaptationTrace();
        beforeASwitchoverAfterCompressiblePages(mode, trace).switchover(3); // a later pass: its dirty pages are the burst's kind
        assertEquals(Mode.parse("xor+zstd-9"), mode.current(), decisions(trace).get(decisions(trace).size() - 1).toString());
        assertEquals("switchover", decisions(trace).get(decisions(trace).size() - 1).get("why"));
    }

    @Test
    void aSwitchoverOnPagesThatCameToNextToNothingKeepsTheMode() throws IOException {
        Rig r = fresh(new ModeSwitch(FAST));
        run(r.c(), r.s(), 200);
        assertEquals(HEAVY, r.s().mode.current());
        // then pages that reach the compressor and come out at 1/20000 of their size: every mode's R near 0
        r.s().truth = ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.0001, 1, 5) + ProfileTest.row("xor+zstd-9", 1, 0.00008, 1, 35)
                + ProfileTest.row("xor+lzma-9", 1, 0.00005, 1, 395));
        run(r.c(), r.s(), 25);
        r.c().switchover(3);
        assertEquals(HEAVY, r.s().mode.current(), "the lightest would win on R 0: " + decisions(r.trace()).get(decisions(r.trace()).size() - 1));
    }

    @Test
    void aSwitchoverRightAfterTheFirstPassGoesByTheSmoothedFiguresNotTheZeroTail() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        AdaptationTrace trace = new AdaptationTrace();
        // the compressible pages are the first pass's zero tail; the burst holds the pages dirtied during that pass
        beforeASwitchoverAfterCompressiblePages(mode, trace).switchover(2);
        Map<String, Object> last = decisions(trace).get(decisions(trace).size() - 1);
        assertEquals(HEAVY, mode.current(), last.toString());
        assertTrue(((String) last.get("why")).contains("first pass"), last.toString());
    }

    @Test
    void aSwitchoverJustAfterADecisionOnPagesThatAllDeduplicatedGoesByTheIntervalBefore() throws IOException {
        ModeSwitch mode = new ModeSwitch(FAST);
        FakeSession s = new FakeSession(profile(), mode);
        AdaptationTrace trace = new AdaptationTrace();
        AdaptationController c = controller(s, mode, trace);
        run(c, s, 150);
        int decided = decisions(trace).size();
        while (true) { // up to the next regular decision
            c.tick();
            if (decisions(trace).size() > decided) {
                break;
            }
            s.advance();
        }
        assertEquals(HEAVY, mode.current());
        s.deduplicated = true; // the first pass's zero tail: 800 chunks since that decision, none compressed
        s.advance();
        s.advance();
        c.switchover(3);
        Map<String, Object> last = decisions(trace).get(decisions(trace).size() - 1);
        // by the 0.2 s of zeros alone every mode's R was 0 and the lightest won (seen: "none" chosen for the burst of
        // dirty pages on a link that fell to 5 Mbit/s a second later)
        assertEquals(HEAVY, mode.current(), last.toString());
        assertTrue((Double) last.get("measured_ratio") > 0.1, last.toString());
    }
}
