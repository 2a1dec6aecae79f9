package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveRatiosTest {
    private static Prediction p(String mode) {
        return new Prediction(Mode.parse(mode), 1, 1, 0.5, 1);
    }

    private static final Profile BUILT_IN = Profile.builtIn();
    /** The running compressor of the probe tests. */
    private static final Mode CURRENT = Mode.parse("zstd-1");
    /** Every mode of the built-in profile on the current delta, in the profile's order: what the probes pick from. */
    private static final List<Prediction> RANKED = BUILT_IN.modes().stream().filter(m -> m.delta() == CURRENT.delta())
            .map(m -> p(m.name())).toList();

    @Test
    void everyCompressorFamilyAndItsStrongestLevelAreTried() {
        List<Prediction> given = List.of(p("xor+lzma-6"), p("xor+lzma-7"), p("lzma-5"), p("xor+bzip2-1"), p("xor+zstd-19"),
                p("xor+gzip-9"), p("xor+lz4"), p("xor+zstd-1"), p("bzip2-9"), p("lzma-9"), p("gzip-1"));
        LiveRatios.Candidates c = LiveRatios.candidates(Mode.parse("xor+zstd-3"), given);
        // on the current delta: the anchors, the best-ranked level of each family other than zstd, then each family's
        // strongest level; then the best-ranked others
        assertEquals(List.of(Mode.parse("xor+lzma-6"), Mode.parse("xor+bzip2-1"), Mode.parse("xor+gzip-9"), Mode.parse("xor+lz4"),
                Mode.parse("xor+zstd-19"), Mode.parse("xor+bzip2-9"), Mode.parse("xor+lzma-9")), new ArrayList<>(c.anchors()));
        assertEquals(List.of(Mode.parse("xor+lzma-7"), Mode.parse("xor+lzma-5"), Mode.parse("xor+zstd-1"), Mode.parse("xor+gzip-1")),
                new ArrayList<>(c.others()));
    }

    /** {@code length} text-like bytes from {@code seed}: compressible, unevenly, so compressors and levels differ. */
    static byte[] textLike(int length, long seed) {
        byte[] out = new byte[length];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ('a' + r.nextInt(r.nextInt(1, 27)));
        }
        return out;
    }

    @Test
    void theFirstDecisionWithCpuToSpareProbesMoreThanItsShare() {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        byte[] segment = textLike(1 << 20, 7);
        mode.sample().offer(segment, segment.length);
        long interval = 2_000_000_000L;
        int plain;
        try (LiveRatios cpuBound = new LiveRatios(BUILT_IN)) {
            cpuBound.update(CURRENT, RANKED, mode, interval, LiveRatios.Bottleneck.CPU, 0);
            plain = cpuBound.relative(CURRENT).size();
        }
        try (LiveRatios spare = new LiveRatios(BUILT_IN)) {
            spare.update(CURRENT, RANKED, mode, interval, LiveRatios.Bottleneck.OTHER, 0);
            int opening = spare.relative(CURRENT).size();
            assertTrue(opening > plain + 3, "compressors measured: " + opening + " at the opening, " + plain + " on 3 % of 2 s");
        }
    }

    @Test
    void theOpeningReadsTheDeltaAlgorithmsUnderEachFamilysCompressorAsWell() throws InterruptedException {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        byte[] segment = textLike(1 << 20, 9);
        mode.sample().offer(segment, segment.length);
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (int i = 0; i < 8; i++) { // chunks each a little changed from its base, one pair per 10 ms kept
            byte[] base = textLike(4096, 100 + i);
            byte[] target = base.clone();
            target[r.nextInt(4096)] ^= 1;
            mode.deltaSample().offer(base, base.length, target, target.length);
            Thread.sleep(11);
        }
        try (LiveRatios spare = new LiveRatios(BUILT_IN)) {
            spare.update(CURRENT, RANKED, mode, 2_000_000_000L, LiveRatios.Bottleneck.OTHER, 0);
            Set<CodecId> read = spare.deltas().asMap().keySet();
            // zstd (running), and the anchors' compressors: each family's best-ranked and strongest level
            assertTrue(read.containsAll(Set.of(CodecId.ZSTD, CodecId.BZIP2,
                    CodecId.LZMA, CodecId.GZIP)), read.toString());
            Double xorUnderBzip2 = spare.deltas().share(CodecId.BZIP2,
                    DeltaAlgorithm.XOR, DeltaAlgorithm.NONE);
            assertTrue(xorUnderBzip2 != null && xorUnderBzip2 < 0.5, "xor's output under bzip2 against the chunks': " + xorUnderBzip2);
        }
    }

    @Test
    void aLinkBoundIntervalEarnsTheProbesMoreThanOneWhereTheCpuIdledForAnotherReason() {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        byte[] segment = textLike(1 << 16, 3);
        mode.sample().offer(segment, segment.length);
        long interval = 5_000_000_000L;
        long[] earned = new long[LiveRatios.Bottleneck.values().length];
        for (LiveRatios.Bottleneck held : LiveRatios.Bottleneck.values()) {
            try (LiveRatios r = new LiveRatios(BUILT_IN)) {
                r.update(CURRENT, RANKED, mode, interval, LiveRatios.Bottleneck.CPU, 0);
                long before = r.earnedNanos();
                r.update(CURRENT, RANKED, mode, interval, held, 0); // the opening's 2 s, where it comes, alike for both but CPU
                earned[held.ordinal()] = r.earnedNanos() - before;
            }
        }
        assertTrue(earned[LiveRatios.Bottleneck.LINK.ordinal()] > earned[LiveRatios.Bottleneck.OTHER.ordinal()]
                && earned[LiveRatios.Bottleneck.OTHER.ordinal()] > earned[LiveRatios.Bottleneck.CPU.ordinal()], java.util.Arrays.toString(earned));
    }

    @Test
    void theOpeningReadsEveryKeptSegment() throws InterruptedException {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        for (int i = 0; i < 3; i++) { // three log-like segments, where bzip2 packs tighter than zstd-1
            byte[] text = logLike(1 << 20, 11 + i);
            mode.sample().offer(text, text.length);
            Thread.sleep(550); // the sample keeps one segment per half second
        }
        byte[] noise = new byte[1 << 20]; // and the latest one incompressible: every compressor alike on it
        new java.util.SplittableRandom(5).nextBytes(noise);
        mode.sample().offer(noise, noise.length);
        assertEquals(4, mode.sample().copies().size());
        try (LiveRatios spare = new LiveRatios(BUILT_IN)) {
            spare.update(CURRENT, RANKED, mode, 2_000_000_000L, LiveRatios.Bottleneck.OTHER, 0);
            Double bzip2 = spare.relative(CURRENT).get(Mode.parse("bzip2-9"));
            assertTrue(bzip2 != null && bzip2 < 0.95, "bzip2-9 against zstd-1 over the four segments: " + bzip2);
        }
    }

    @Test
    void readingsTakenWhateverTheBudgetLeaveNoDebtForTheNextDecision() throws InterruptedException {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        for (int i = 0; i < 2; i++) {
            byte[] text = logLike(1 << 20, 21 + i);
            mode.sample().offer(text, text.length);
            Thread.sleep(550); // the sample keeps one segment per half second
        }
        long interval = 5_000_000_000L;
        try (LiveRatios r = new LiveRatios(BUILT_IN)) {
            r.update(CURRENT, RANKED, mode, interval, LiveRatios.Bottleneck.CPU, 0);
            r.secondReading(CURRENT, Mode.parse("lzma-9"), mode); // a switch waits on it: read whatever the budget
            long before = r.cpuNanos();
            assertTrue(before > r.earnedNanos(), "spent " + before + " ns of " + r.earnedNanos() + " earned");
            r.update(CURRENT, RANKED, mode, interval, LiveRatios.Bottleneck.CPU, 0);
            assertTrue(r.cpuNanos() > before, "the next decision read nothing: still paying for lzma-9");
        }
    }

    @Test
    void whileTheCpuLimitsAProbeWaitsUntilWhatItEarnedCoversTheRunningCompressorsReading() {
        Mode heavy = Mode.parse("bzip2-9");
        ModeSwitch mode = new ModeSwitch(heavy);
        byte[] text = logLike(1 << 20, 41);
        mode.sample().offer(text, text.length);
        try (LiveRatios r = new LiveRatios(BUILT_IN)) {
            r.update(heavy, RANKED, mode, 1_000_000L, LiveRatios.Bottleneck.CPU, 0); // never read: read whatever the budget
            long reading = r.cpuNanos();
            long quarter = (long) (reading / 4 / LiveRatios.BUDGET); // an interval that earns a quarter of that reading
            r.update(heavy, RANKED, mode, quarter, LiveRatios.Bottleneck.CPU, 0);
            r.update(heavy, RANKED, mode, quarter, LiveRatios.Bottleneck.CPU, 0);
            assertEquals(reading, r.cpuNanos(), "half a reading earned: nothing read, the budget saved up");
            for (int i = 0; i < 4; i++) {
                r.update(heavy, RANKED, mode, quarter, LiveRatios.Bottleneck.CPU, 0);
            }
            assertTrue(r.cpuNanos() > reading, "read once what it earned covers it");
        }
    }

    @Test
    void aRiseReadsTheCheapFamilyAnchorsOnTheLatestSegment() {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        byte[] text = logLike(1 << 20, 31);
        mode.sample().offer(text, text.length);
        try (LiveRatios r = new LiveRatios(BUILT_IN)) {
            r.updateOnRise(CURRENT, RANKED, mode);
            java.util.Set<Object> families = new java.util.HashSet<>();
            r.relative(CURRENT).keySet().forEach(m -> families.add(m.codec()));
            assertTrue(families.size() >= 4, "families read beside zstd-1 and none: " + r.relative(CURRENT).keySet());
            assertTrue(!r.relative(CURRENT).containsKey(Mode.parse("lzma-9")), "lzma-9 costs many times the rise's budget");
        }
    }

    @Test
    void dataUnlikeTheOpeningsIsReadAfreshOnTheLatestSegmentsAndTheOldReadingsDropped() throws InterruptedException {
        readAfreshOnDataUnlikeTheOpenings(LiveRatios.Bottleneck.OTHER);
    }

    @Test
    void dataUnlikeTheOpeningsIsReadAfreshWhileTheCpuLimitsToo() throws InterruptedException {
        // the mode chosen on the opening's pages is the one the denser pages made CPU-bound
        readAfreshOnDataUnlikeTheOpenings(LiveRatios.Bottleneck.CPU);
    }

    private static void readAfreshOnDataUnlikeTheOpenings(LiveRatios.Bottleneck held) throws InterruptedException {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        ModeSwitch textOnly = new ModeSwitch(CURRENT);
        byte[] noise = new byte[256 << 10]; // the opening's: incompressible, every compressor alike on it
        new java.util.SplittableRandom(9).nextBytes(noise);
        mode.sample().offer(noise, noise.length);
        Mode strongestLzma = Mode.parse("lzma-9");
        Mode bzip2 = RANKED.stream().map(Prediction::mode).filter(m -> m.codec() == CodecId.BZIP2).findFirst().orElseThrow();
        try (LiveRatios r = new LiveRatios(BUILT_IN); LiveRatios fresh = new LiveRatios(BUILT_IN)) {
            assertTrue(!r.update(CURRENT, RANKED, mode, 1_000_000_000L, LiveRatios.Bottleneck.OTHER, 0.1));
            assertTrue(r.relative(CURRENT).containsKey(strongestLzma), "the opening reads each family's strongest level");
            for (int i = 0; i < 4; i++) { // more noise, then log-like pages, where bzip2 packs tighter than zstd-1
                Thread.sleep(550); // the sample keeps one segment per half second
                byte[] segment = noise.clone();
                if (i >= 2) {
                    segment = logLike(256 << 10, 41 + i); // segments the sample keeps at the least
                    textOnly.sample().offer(segment, segment.length);
                }
                mode.sample().offer(segment, segment.length);
            }
            assertTrue(!r.takeAfresh(), "the first opening's readings are no readings taken afresh");
            assertTrue(r.update(CURRENT, RANKED, mode, 1_000_000_000L, held, 0.3), "R three times the opening's, " + held);
            assertTrue(r.takeAfresh(), "the opening taken again replaced the readings");
            assertTrue(!r.takeAfresh(), "once");
            assertReadAgainOnTheLatestSegments(r, fresh, textOnly, bzip2, strongestLzma);
            assertTrue(!r.update(CURRENT, RANKED, mode, 1_000_000_000L, LiveRatios.Bottleneck.OTHER, 0.35), "R 0.35 is the new opening's");
        }
    }

    @Test
    void aFallOfTheLinkReadsEachFamilyAfreshOnTheLatestSegments() throws InterruptedException {
        ModeSwitch mode = new ModeSwitch(CURRENT);
        ModeSwitch textOnly = new ModeSwitch(CURRENT);
        byte[] noise = new byte[256 << 10];
        new java.util.SplittableRandom(9).nextBytes(noise);
        mode.sample().offer(noise, noise.length);
        Mode strongestLzma = Mode.parse("lzma-9");
        Mode bzip2 = RANKED.stream().map(Prediction::mode).filter(m -> m.codec() == CodecId.BZIP2).findFirst().orElseThrow();
        try (LiveRatios r = new LiveRatios(BUILT_IN); LiveRatios fresh = new LiveRatios(BUILT_IN)) {
            r.update(CURRENT, RANKED, mode, 1_000_000_000L, LiveRatios.Bottleneck.OTHER, 0.3);
            assertTrue(r.relative(CURRENT).containsKey(strongestLzma), "the opening reads each family's strongest level");
            for (int i = 0; i < 2; i++) { // then log-like pages, with no change of the stream's R to reopen on
                Thread.sleep(550); // the sample keeps one segment per half second
                byte[] segment = logLike(256 << 10, 41 + i);
                textOnly.sample().offer(segment, segment.length);
                mode.sample().offer(segment, segment.length);
            }
            r.readAfreshOnFall(CURRENT, RANKED, mode);
            assertTrue(r.takeAfresh(), "the readings were taken afresh");
            assertReadAgainOnTheLatestSegments(r, fresh, textOnly, bzip2, strongestLzma);
        }
    }

    /**
     * {@code r}'s reading of {@code bzip2} is what a fresh probe reads on the latest segments alone ({@code textOnly}),
     * and {@code gone}, read before them, is no longer among its readings.
     */
    private static void assertReadAgainOnTheLatestSegments(LiveRatios r, LiveRatios fresh, ModeSwitch textOnly, Mode bzip2, Mode gone) {
        fresh.update(CURRENT, RANKED, textOnly, 1_000_000_000L, LiveRatios.Bottleneck.OTHER, 0.3);
        Double afresh = r.relative(CURRENT).get(bzip2);
        double onText = fresh.relative(CURRENT).get(bzip2);
        assertTrue(afresh != null && Math.abs(afresh / onText - 1) < 0.02,
                bzip2 + " against zstd-1, read again on the two latest segments: " + afresh + ", on the log-like pages alone " + onText);
        assertTrue(!r.relative(CURRENT).containsKey(gone), "read again: each family's best-ranked level, the old readings gone");
    }

    /** {@code length} bytes of log lines from {@code seed}: words of a small vocabulary and numbers, as a guest's logs. */
    private static byte[] logLike(int length, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] words = new String[300];
        for (int i = 0; i < words.length; i++) {
            words[i] = new String(textLike(r.nextInt(3, 10), seed * 1000 + i), java.nio.charset.StandardCharsets.US_ASCII);
        }
        StringBuilder b = new StringBuilder(length + 100);
        while (b.length() < length) {
            b.append(r.nextInt(1_000_000)).append(' ').append(words[r.nextInt(words.length)]).append('=')
                    .append(r.nextInt(100_000)).append(' ').append(words[r.nextInt(words.length)]).append('\n');
        }
        return java.util.Arrays.copyOf(b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), length);
    }

    @Test
    void theProfileGuessesAnUnprobedCompressorsCost() {
        double lzma9 = LiveRatios.profiledNanosPerByte(BUILT_IN, Mode.parse("lzma-9"));
        double zstd1 = LiveRatios.profiledNanosPerByte(BUILT_IN, Mode.parse("zstd-1"));
        assertTrue(lzma9 > 10 * zstd1 && zstd1 > 0, "lzma-9 " + lzma9 + " ns/B, zstd-1 " + zstd1);
    }
}
