package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.DeltaSample;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.SegmentSample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioProbeTest {
    private static byte[] text(long seed) {
        Random r = new Random(seed);
        String[] words = {"cloudlet", "handoff", "segment", "delta", "page", "memory", "disk", "base", "chunk", "zero"};
        StringBuilder b = new StringBuilder();
        while (b.length() < 128 * 1024) {
            b.append(words[r.nextInt(words.length)]).append(r.nextInt(1000)).append(' ');
        }
        return b.substring(0, 128 * 1024).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sizesAreRelativeToTheCurrentCompressorOnTheSameBytes() {
        try (RatioProbe p = new RatioProbe()) {
            Mode current = Mode.parse("xor+lz4");
            p.probe(current, List.of(Mode.parse("lzma-6"), Mode.parse("xor+none"), Mode.parse("bsdiff+lzma-6")), List.of(text(1), text(2)));
            var rel = p.relative(current);
            assertEquals(1.0, rel.get(current));
            assertTrue(rel.get(Mode.parse("xor+lzma-6")) < 0.8, rel.toString()); // keyed with the current delta
            assertTrue(rel.get(Mode.parse("xor+none")) > 1.5, rel.toString());
            assertEquals(4, rel.size(), rel.toString()); // and the reference, zstd-1, measured on every sample
            // after a switch, old readings are rebased on the new current compressor
            double lzmaVsLz4 = rel.get(Mode.parse("xor+lzma-6"));
            Mode now = Mode.parse("xor+lzma-6");
            p.probe(now, List.of(Mode.parse("xor+zstd-3")), List.of(text(1), text(2)));
            var after = p.relative(now);
            assertEquals(1.0, after.get(now));
            assertEquals(1 / lzmaVsLz4, after.get(Mode.parse("xor+lz4")), 1e-9);
            assertTrue(p.cpuNanos() > 0);
        }
    }

    @Test
    void theCompressStagesOwnPackingOfASampleStandsForTheRunningCompressorOnceItsCostIsKnown() {
        byte[] raw = text(7);
        byte[] other = text(8);
        Mode running = Mode.parse("xor+bzip2-9");
        long packed;
        try (var bzip2 = org.cloudlet.handoff.compress.Codecs.open(running.codec(), running.level())) {
            packed = bzip2.compress(other, 0, other.length).length;
        }
        long stated = packed * 2; // not what bzip2-9 makes of it: only a probe that takes the stage's figure reads it
        var copy = new SegmentSample.Copy(other, Mode.parse("bzip2-9"), stated);
        try (RatioProbe p = new RatioProbe(); RatioProbe again = new RatioProbe()) {
            // the first sample is compressed here, stage figures or not: the running compressor's cost is measured
            p.probeCopies(running, null, List.of(Mode.parse("xor+zstd-3")), List.of(new SegmentSample.Copy(raw, Mode.parse("bzip2-9"), 1)), Long.MAX_VALUE);
            double zstdOnFirst = p.relative(running).get(Mode.parse("xor+zstd-3"));
            assertTrue(zstdOnFirst > 0.8 && zstdOnFirst < 3, "measured, not the stated 1 byte: " + zstdOnFirst);
            double costFirst = p.relativeCosts(running).get(Mode.parse("xor+zstd-3"));
            p.probeCopies(running, null, List.of(Mode.parse("xor+zstd-3")), List.of(copy), Long.MAX_VALUE);
            again.probe(running, List.of(Mode.parse("xor+zstd-3")), List.of(raw, other));
            // the second sample's size is the stage's: on it zstd-3 reads half its true relation to bzip2-9
            double zstdOfOwn = again.relative(running).get(Mode.parse("xor+zstd-3"));
            assertTrue(p.relative(running).get(Mode.parse("xor+zstd-3")) < 0.8 * zstdOfOwn, p.relative(running) + " vs " + again.relative(running));
            // and the costs stay this thread's own readings
            // (within a factor of two: CPU readings of a few ms swing by half on a busy machine)
            double cost = p.relativeCosts(running).get(Mode.parse("xor+zstd-3"));
            assertTrue(cost > 0.5 * costFirst && cost < 2 * costFirst, costFirst + " then " + p.relativeCosts(running));
        }
    }

    /** CPU nanoseconds {@code mode}'s compressor takes on {@code data} on this thread (the best of three). */
    private static long cpuOf(Mode mode, byte[] data) {
        try (var c = org.cloudlet.handoff.compress.Codecs.open(mode.codec(), mode.level())) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long start = org.cloudlet.handoff.pipeline.StageCounters.threadCpuNanos();
                c.compress(data, 0, data.length);
                best = Math.min(best, org.cloudlet.handoff.pipeline.StageCounters.threadCpuNanos() - start);
            }
            return best;
        }
    }

    @Test
    void theRunningCompressorsCostIsReadOnTheSameBytesAsTheOthers() {
        // a zero-rich segment first (every compressor quick on it), then dense text: the running compressor is measured
        // on the first, the stage's own CPU stands for it on the second, and bzip2-9 is read on the second alone
        Mode running = Mode.parse("lzma-3");
        Mode bzip2 = Mode.parse("bzip2-9");
        byte[] sparse = new byte[512 * 1024];
        byte[] words = text(5);
        for (int i = 0; i < sparse.length; i += 16 * 1024) {
            System.arraycopy(words, i % words.length, sparse, i, 256);
        }
        byte[] dense = new byte[512 * 1024];
        for (int i = 0; i < dense.length; i += words.length) {
            byte[] t = text(i);
            System.arraycopy(t, 0, dense, i, Math.min(t.length, dense.length - i));
        }
        long sparseCpu = cpuOf(running, sparse);
        long denseCpu = cpuOf(running, dense);
        assertTrue(denseCpu > 3 * sparseCpu, "the two segments must cost lzma-3 far apart: " + denseCpu + " vs " + sparseCpu);
        double direct = (double) cpuOf(bzip2, dense) / denseCpu;
        try (RatioProbe p = new RatioProbe()) {
            p.probeCopies(running, null, List.of(), List.of(new SegmentSample.Copy(sparse, running, sparse.length / 50, sparseCpu)), Long.MAX_VALUE);
            p.probeCopies(running, null, List.of(bzip2), List.of(new SegmentSample.Copy(dense, running, dense.length / 4, denseCpu)), Long.MAX_VALUE);
            double read = p.relativeCosts(running).get(bzip2);
            assertTrue(read > direct / 2 && read < direct * 2, "bzip2-9's cost read at " + read + " of lzma-3's, " + direct + " on the same bytes");
        }
    }

    @Test
    void theStagesCpuStandsForTheRunningCompressorOnceRelatedToThisThreads() {
        Mode running = Mode.parse("lzma-3");
        Mode bzip2 = Mode.parse("bzip2-9");
        byte[] dense = new byte[512 * 1024];
        for (int i = 0; i < dense.length; i += 128 * 1024) {
            System.arraycopy(text(i + 11), 0, dense, i, 128 * 1024);
        }
        long cpu = cpuOf(running, dense);
        double direct = (double) cpuOf(bzip2, dense) / cpu;
        try (RatioProbe p = new RatioProbe()) {
            // the first samples are compressed here as well, their stage CPU as this thread's own
            for (int i = 0; i < RatioProbe.CALIBRATIONS; i++) {
                p.probeCopies(running, null, List.of(), List.of(new SegmentSample.Copy(dense, running, dense.length / 4, cpu)), Long.MAX_VALUE);
            }
            // then a worker that took three times as long on the same bytes makes the running compressor that much dearer
            p.probeCopies(running, null, List.of(bzip2), List.of(new SegmentSample.Copy(dense, running, dense.length / 4, 3 * cpu)), Long.MAX_VALUE);
            double read = p.relativeCosts(running).get(bzip2);
            assertTrue(read > direct / 3 / 2 && read < direct / 3 * 2, "bzip2-9's cost read at " + read + " of lzma-3's, " + direct / 3 + " expected");
        }
    }

    /** 32 random chunks, each its base with a few bytes changed: incompressible, their deltas next to nothing. */
    private static List<DeltaSample.Pair> changedPairs(long seed) {
        Random r = new Random(seed);
        List<DeltaSample.Pair> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) { // each chunk: its base with a few bytes changed
            byte[] base = new byte[4096];
            r.nextBytes(base);
            byte[] target = base.clone();
            for (int k = 0; k < 8; k++) {
                target[r.nextInt(4096)] ^= 0x5a;
            }
            pairs.add(new DeltaSample.Pair(base, target));
        }
        return pairs;
    }

    @Test
    void deltaAlgorithmsAreTriedOnSampledChunksWithTheirBase() {
        List<DeltaSample.Pair> pairs = changedPairs(3);
        try (RatioProbe p = new RatioProbe()) {
            p.probeDeltas(Mode.parse("xor+zstd-1"), pairs);
            Map<DeltaAlgorithm, Double> d = p.deltas().asMap().get(CodecId.ZSTD);
            assertEquals(1.0, d.get(DeltaAlgorithm.NONE)); // relative to the chunks' own
            assertTrue(d.get(DeltaAlgorithm.XOR) < 0.05, d.toString()); // random bytes do not compress; their deltas do
            assertTrue(d.get(DeltaAlgorithm.XDELTA3) < 0.15 && d.get(DeltaAlgorithm.BSDIFF) < 0.15, d.toString());
            Map<DeltaAlgorithm, Double> costs = p.deltaCosts().asMap().get(CodecId.ZSTD); // the compressor's CPU on each one's output
            assertTrue(costs.keySet().containsAll(List.of(DeltaAlgorithm.values())) && costs.values().stream().allMatch(v -> v > 0), costs.toString());
            assertEquals(java.util.Set.of(CodecId.ZSTD), p.deltas().asMap().keySet()); // under the current compressor alone
        }
    }

    @Test
    void otherCompressorsReadTheChunksAndTheirXorBesideTheCurrentOne() {
        List<DeltaSample.Pair> pairs = changedPairs(4);
        try (RatioProbe p = new RatioProbe()) {
            p.probeDeltas(Mode.parse("zstd-1"), pairs, List.of(Mode.parse("gzip-1"), Mode.parse("gzip-6"), Mode.parse("zstd-3")));
            Map<CodecId, Map<DeltaAlgorithm, Double>> all = p.deltas().asMap();
            assertEquals(java.util.Set.of(CodecId.ZSTD, CodecId.GZIP), all.keySet()); // one level per compressor
            assertEquals(java.util.Set.of(DeltaAlgorithm.NONE, DeltaAlgorithm.XOR), all.get(CodecId.GZIP).keySet());
            assertEquals(DeltaAlgorithm.values().length, all.get(CodecId.ZSTD).size());
            assertTrue(p.deltas().share(CodecId.GZIP, DeltaAlgorithm.XOR, DeltaAlgorithm.NONE) < 0.05, all.toString());
            assertEquals(null, p.deltas().share(CodecId.GZIP, DeltaAlgorithm.BSDIFF, DeltaAlgorithm.NONE));
        }
    }

    @Test
    void nothingToProbeChangesNothing() {
        try (RatioProbe p = new RatioProbe()) {
            p.probe(Mode.parse("zstd-1"), List.of(Mode.parse("lzma-1")), List.of());
            assertTrue(p.relative(Mode.parse("zstd-1")).isEmpty());
        }
    }
    @Test
    void readingsTakenAgainstOneCompressorAreRebasedOnTheOneCurrentNow() {
        try (RatioProbe p = new RatioProbe()) {
            Mode lzma = Mode.parse("xor+lzma-3");
            Mode bzip7 = Mode.parse("xor+bzip2-7");
            Mode zstd = Mode.parse("xor+zstd-1");
            p.probe(lzma, List.of(bzip7, zstd), List.of(text(1), text(2)));
            var againstLzma = p.relative(lzma);
            // switched to bzip2-7 with no probe since: zstd must read relative to bzip2-7, not to lzma-3 any more
            var againstBzip = p.relative(bzip7);
            assertEquals(1.0, againstBzip.get(bzip7), 1e-12);
            assertEquals(againstLzma.get(zstd) / againstLzma.get(bzip7), againstBzip.get(zstd), 1e-12);
            assertEquals(1 / againstLzma.get(bzip7), againstBzip.get(lzma), 1e-12);
            // so no two compressors can each read smaller than the other
            assertTrue(againstLzma.get(bzip7) < 1 != againstBzip.get(lzma) < 1, againstLzma + " / " + againstBzip);
            // never measured: nothing live to say
            assertTrue(p.relative(Mode.parse("xor+gzip-6")).isEmpty());
            assertFalse(p.knows(Mode.parse("xor+gzip-6")));
            // on another delta the compressors compare as they did on xor's output (keyed with that delta now)
            var onBsdiff = p.relative(Mode.parse("bsdiff+lzma-3"));
            assertEquals(againstLzma.get(zstd), onBsdiff.get(Mode.parse("bsdiff+zstd-1")), 1e-12);
            assertEquals(againstLzma.get(bzip7), p.relative(Mode.parse("lzma-3")).get(Mode.parse("bzip2-7")), 1e-12);
            // a probe against a compressor never measured before keeps the earlier readings: they are all held against
            // the same reference, so lzma-3 and bzip2-7 still compare as they were measured
            Mode gzip = Mode.parse("xor+gzip-6");
            p.probe(gzip, List.of(zstd), List.of(text(3)));
            var againstGzip = p.relative(gzip);
            assertEquals(4, againstGzip.size(), againstGzip.toString());
            assertEquals(againstLzma.get(bzip7), againstGzip.get(bzip7) / againstGzip.get(lzma), 1e-12);
        }
    }

    @Test
    void aBudgetStopsTheCandidatesButNeverTheCurrentCompressor() {
        Mode current = Mode.parse("xor+lz4");
        Mode heavy = Mode.parse("xor+lzma-9");
        Mode light = Mode.parse("xor+zstd-3");
        // guessed: lzma-9 costs a second per byte, zstd-3 nothing
        try (RatioProbe p = new RatioProbe(m -> m.codec() == heavy.codec() ? 1e9 : 0, null)) {
            p.probe(current, List.of(heavy, light), List.of(text(1)), 60_000_000_000L);
            assertTrue(p.knows(current));
            assertEquals(java.util.Set.of(current, light, Mode.parse("xor+zstd-1")), p.relative(current).keySet(),
                    "the guess skips lzma-9, zstd-3 still fits");
        }
        try (RatioProbe p = new RatioProbe()) {
            p.probe(current, List.of(heavy, light), List.of(text(1)), 0);
            assertEquals(java.util.Set.of(current, Mode.parse("xor+zstd-1")), p.relative(current).keySet(),
                    "no budget: only the current compressor and the reference");
            // measured once, lzma-9's own cost decides: a budget of a third of it leaves it out, zstd-3 in (a tenth, a
            // few ms on 128 KiB, was within what lz4 and zstd-1 take on a busy machine: zstd-3 left out once in CI)
            long heavyAndCurrent = costOfAnotherProbe(p, current, heavy);
            try (RatioProbe q = new RatioProbe()) {
                q.probe(current, List.of(heavy), List.of(text(2)), Long.MAX_VALUE);
                q.probe(current, List.of(heavy, light), List.of(text(3)), heavyAndCurrent / 3);
                assertTrue(q.relative(current).containsKey(light), q.relative(current).toString());
                long measured = q.lastProbe(heavy);
                q.probe(current, List.of(heavy), List.of(text(3)), heavyAndCurrent / 3);
                assertEquals(measured, q.lastProbe(heavy), "not probed again within a third of its cost");
                assertTrue(q.lastProbe(current) > measured, "the current compressor is measured at every probe");
            }
        }
    }

    /** Reads {@code heavy} beside {@code current} on one segment, then again on another: the CPU the second took. */
    private static long costOfAnotherProbe(RatioProbe p, Mode current, Mode heavy) {
        p.probe(current, List.of(heavy), List.of(text(1)), Long.MAX_VALUE);
        long before = p.cpuNanos();
        p.probe(current, List.of(heavy), List.of(text(2)), Long.MAX_VALUE);
        return p.cpuNanos() - before;
    }

    @Test
    void aCompressorReadBeforeThatIsDueAgainKeepsTheBudgetFromTheOnesBehindIt() {
        Mode current = Mode.parse("xor+lz4");
        Mode heavy = Mode.parse("xor+lzma-9");
        Mode light = Mode.parse("xor+zstd-3");
        try (RatioProbe p = new RatioProbe()) {
            long heavyAndCurrent = costOfAnotherProbe(p, current, heavy);
            p.probe(current, List.of(light), List.of(text(3)), Long.MAX_VALUE);
            long heavyRead = p.lastProbe(heavy);
            long lightRead = p.lastProbe(light);
            // lzma-9, read longest ago, does not fit a tenth of its cost: zstd-3, which would, waits behind it
            p.probe(current, List.of(light, heavy), List.of(text(4)), heavyAndCurrent / 10);
            assertEquals(heavyRead, p.lastProbe(heavy));
            assertEquals(lightRead, p.lastProbe(light), "the budget is saved for lzma-9");
            p.probe(current, List.of(light, heavy), List.of(text(5)), Long.MAX_VALUE);
            assertTrue(p.lastProbe(heavy) > heavyRead, "its turn once the budget has grown");
            // where the caller earns less between probes than lzma-9 costs, zstd-3 does not wait for it
            p.probe(current, List.of(light), List.of(text(6)), Long.MAX_VALUE);
            heavyRead = p.lastProbe(heavy);
            p.probeCopies(current, null, List.of(light, heavy), List.of(), List.of(SegmentSample.Copy.unmeasured(text(7))),
                    heavyAndCurrent / 10, heavyAndCurrent / 10);
            assertEquals(heavyRead, p.lastProbe(heavy));
            assertTrue(p.lastProbe(light) > heavyRead, "read past lzma-9");
        }
    }

    @Test
    void newerSamplesCountMoreThanOlderOnes() {
        Mode lzma = Mode.parse("lzma-2");
        Mode bzip = Mode.parse("bzip2-9");
        Mode ref = RatioProbe.REFERENCE;
        // one old segment where bzip2 packs 30 % worse than lzma, then three where it packs 10 % better, all alike in size
        List<Map<Mode, Double>> figures = new ArrayList<>();
        figures.add(Map.of(ref, 100.0, lzma, 80.0, bzip, 104.0));
        for (int i = 0; i < 3; i++) {
            figures.add(Map.of(ref, 100.0, lzma, 80.0, bzip, 72.0));
        }
        double equal = (104.0 + 3 * 72) / (4 * 80.0); // 1.0: each sample alike
        double read = RatioProbe.relativeTo(lzma, figures, true).get(bzip);
        assertTrue(read < equal - 0.03, "bzip2-9 at " + read + " of lzma-2");
        assertTrue(read > 0.9, "the old sample still counts: " + read);
    }

    @Test
    void aRelationReadOnThreeSharedSamplesStandsOnItsOwn() {
        Mode lzma = Mode.parse("lzma-5");
        Mode bzip = Mode.parse("bzip2-9");
        Mode ref = RatioProbe.REFERENCE;
        // bzip2-9 read on two segments of other data before lzma-5 ran, then beside it at 0.9 of it
        List<Map<Mode, Double>> figures = new ArrayList<>();
        figures.add(Map.of(ref, 100.0, bzip, 104.0));
        figures.add(Map.of(ref, 100.0, bzip, 104.0));
        figures.add(Map.of(ref, 100.0, lzma, 80.0, bzip, 72.0));
        figures.add(Map.of(ref, 100.0, lzma, 80.0, bzip, 72.0));
        // shared: 0.9; pooled: bzip2-9 over the reference on its four samples (older ones counting less), over lzma-5's 0.8
        double r = RatioProbe.RECENCY;
        double pooled = (r * r * r * 104 + r * r * 104 + r * 72 + 72) / (100 * (r * r * r + r * r + r + 1)) / 0.8;
        assertEquals(Math.sqrt(0.9 * pooled), RatioProbe.relativeTo(lzma, figures, true).get(bzip), 1e-9,
                "two shared samples: the shared and the pooled figure, each counted alike");
        figures.add(Map.of(ref, 100.0, lzma, 80.0, bzip, 72.0));
        assertEquals(0.9, RatioProbe.relativeTo(lzma, figures, true).get(bzip), 1e-9, "three: what they say");
    }

    @Test
    void aLevelReadBesideItsFamilysAnchorMovesWithTheAnchorsFigure() {
        Mode lzma = Mode.parse("xor+lzma-6");
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode bzip3 = Mode.parse("bzip2-3");
        Mode ref = RatioProbe.REFERENCE;
        List<Map<Mode, Double>> figures = new ArrayList<>();
        // a segment bzip2 likes: both levels read there, bzip2-3 7 % over bzip2-9; then three where bzip2-9 packs 10 % worse than lzma
        figures.add(Map.of(ref, 100.0, bare(lzma), 80.0, bzip9, 70.0, bzip3, 75.0));
        for (int i = 0; i < 3; i++) {
            figures.add(Map.of(ref, 100.0, bare(lzma), 80.0, bzip9, 88.0));
        }
        Map<Mode, Double> own = RatioProbe.relativeTo(lzma, figures, true);
        assertTrue(own.get(bzip3.withDelta(lzma.delta())) < own.get(bzip9.withDelta(lzma.delta())),
                "premise: on its one segment bzip2-3 reads better than bzip2-9 on all four: " + own);
        Map<Mode, Double> rel = RatioProbe.throughFamilies(lzma, own, figures, null);
        double nine = rel.get(bzip9.withDelta(lzma.delta()));
        assertEquals(own.get(bzip9.withDelta(lzma.delta())), nine, 1e-12, "the anchor keeps its own figure");
        assertEquals(nine * 75.0 / 70.0, rel.get(bzip3.withDelta(lzma.delta())), 1e-12, "bzip2-3 at its measured distance from bzip2-9");
        assertEquals(1.0, rel.get(lzma), 1e-12);
    }

    @Test
    void theReferenceAnchorsItsFamilyOnlyWhereNoOtherLevelOfItWasRead() {
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode zstd19 = Mode.parse("zstd-19");
        Mode ref = RatioProbe.REFERENCE;
        List<Map<Mode, Double>> figures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            figures.add(Map.of(ref, 100.0, bzip9, 70.0, zstd19, 72.0));
        }
        figures.add(Map.of(ref, 50.0, bzip9, 70.0)); // long-range repeats the reference's window reaches and bzip2's blocks do not
        Map<Mode, Double> own = RatioProbe.relativeTo(bzip9, figures, true);
        Map<Mode, Double> rel = RatioProbe.throughFamilies(bzip9, own, figures, null);
        assertEquals(72.0 / 70.0, rel.get(zstd19), 1e-12, "zstd-19 anchors zstd: its own figure");
        assertEquals(own.get(ref), rel.get(ref), 1e-12);
        List<Map<Mode, Double>> refOnly = figures.stream().map(r -> { var c = new java.util.HashMap<>(r); c.remove(zstd19); return (Map<Mode, Double>) c; }).toList();
        assertEquals(own.get(ref), RatioProbe.throughFamilies(bzip9, RatioProbe.relativeTo(bzip9, refOnly, true), refOnly, null).get(ref), 1e-12);
    }

    @Test
    void aLevelNeverReadBesideItsAnchorCountsAsMuchAsTheSamplesBehindIt() {
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode lzma9 = Mode.parse("lzma-9");
        Mode lzma6 = Mode.parse("lzma-6");
        Mode ref = RatioProbe.REFERENCE;
        List<Map<Mode, Double>> figures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            figures.add(Map.of(ref, 100.0, bzip9, 70.0, lzma9, 72.8));
        }
        figures.add(Map.of(ref, 100.0, bzip9, 70.0, lzma6, 64.4)); // one segment that flattered lzma
        Map<Mode, Double> own = RatioProbe.relativeTo(bzip9, figures, true);
        assertEquals(0.92, own.get(lzma6), 1e-9, "premise");
        java.util.function.ToDoubleFunction<Mode> sameRatio = m -> 0.1; // the profile: lzma-6 packs as lzma-9 does
        double six = RatioProbe.throughFamilies(bzip9, own, figures, sameRatio).get(lzma6);
        assertTrue(six > 0.98 && six < 1.04, "between its own 0.92 and lzma-9's 1.04, nearer the four samples: " + six);
        assertEquals(0.92, RatioProbe.throughFamilies(bzip9, own, figures, null).get(lzma6), 1e-9, "no profile: its own");
    }

    @Test
    void aLevelsCostMovesWithItsFamilysAnchorToo() {
        Mode lzma2 = Mode.parse("lzma-2");
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode bzip3 = Mode.parse("bzip2-3");
        Mode bzip4 = Mode.parse("bzip2-4");
        Mode ref = RatioProbe.REFERENCE;
        // CPU per byte per sample: bzip2-9 and -3 beside the running lzma-2 on three segments, bzip2-4 on one of its own
        // where bzip2 came cheap; on every segment bzip2-3 costs what bzip2-9 does, and the profile says bzip2-4 does too
        List<Map<Mode, Double>> figures = List.of(
                Map.of(ref, 5.0, lzma2, 60.0, bzip9, 72.0, bzip3, 72.0),
                Map.of(ref, 5.0, lzma2, 60.0, bzip9, 72.0, bzip3, 72.0),
                Map.of(ref, 5.0, lzma2, 60.0, bzip9, 72.0),
                Map.of(ref, 5.0, lzma2, 90.0, bzip4, 27.0));
        Map<Mode, Double> costs = RatioProbe.costsRelativeTo(lzma2, figures, m -> m.codec() == lzma2.codec() ? 50 : 60);
        assertEquals(1.2, costs.get(bzip9), 1e-9);
        assertEquals(1.2, costs.get(bzip3), 1e-9, "through bzip2-9: " + costs);
        assertTrue(costs.get(bzip4) > 0.6, "not its own segment's 0.3 alone: " + costs);
    }

    @Test
    void levelsOfTheCurrentCompressorKeepTheirRelationToIt() {
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode bzip3 = Mode.parse("bzip2-3");
        Mode lzma = Mode.parse("lzma-6");
        Mode ref = RatioProbe.REFERENCE;
        List<Map<Mode, Double>> figures = List.of(Map.of(ref, 100.0, bzip9, 70.0, bzip3, 75.0, lzma, 60.0), Map.of(ref, 100.0, bzip9, 90.0, lzma, 99.0));
        Map<Mode, Double> rel = RatioProbe.throughFamilies(bzip9, RatioProbe.relativeTo(bzip9, figures, true), figures, null);
        assertEquals(75.0 / 70.0, rel.get(bzip3), 1e-12);
        assertEquals(1.0, rel.get(bzip9), 1e-12);
    }

    @Test
    void aCompressorAwaitingItsSecondReadingIsMeasuredFirstWhateverTheBudget() {
        Mode current = Mode.parse("xor+lz4");
        Mode heavy = Mode.parse("xor+lzma-9");
        Mode light = Mode.parse("xor+zstd-3");
        try (RatioProbe p = new RatioProbe()) {
            p.probe(current, List.of(heavy, light), List.of(text(1)), Long.MAX_VALUE);
            assertEquals(1, p.sharedCounts(current).get(bare(heavy)));
            p.probe(current, List.of(heavy, light), List.of(text(2)), 0);
            assertEquals(1, p.sharedCounts(current).get(bare(heavy)), "no budget, no second reading");
            p.probe(current, heavy, List.of(light, heavy), List.of(text(3)), 0);
            assertEquals(2, p.sharedCounts(current).get(bare(heavy)), "read again first, over budget");
            assertEquals(1, p.sharedCounts(current).get(bare(light)), "the budget still holds for the rest");
            assertEquals(3, p.sharedCounts(current).get(bare(current)));
        }
    }

    @Test
    void onlySamplesThatMeasuredTheCurrentCompressorCompareWithIt() {
        Mode lz4 = Mode.parse("xor+lz4");
        Mode heavy = Mode.parse("xor+lzma-9");
        Mode bzip = Mode.parse("xor+bzip2-9");
        try (RatioProbe p = new RatioProbe()) {
            p.probe(lz4, List.of(heavy), List.of(text(1)), Long.MAX_VALUE);
            p.probe(lz4, List.of(heavy), List.of(text(2)), Long.MAX_VALUE);
            assertEquals(2, p.sharedCounts(lz4).get(bare(heavy)));
            // with bzip2 current, lzma's two readings were taken beside lz4 only: none compares it with bzip2
            p.probe(bzip, List.of(), List.of(text(3)), Long.MAX_VALUE);
            assertTrue(p.relative(bzip).containsKey(heavy), "a relation through the reference: " + p.relative(bzip));
            assertEquals(0, p.sharedCounts(bzip).get(bare(heavy)), "read, but never beside bzip2");
            assertEquals(1, p.sharedCounts(bzip).get(bare(bzip)));
            p.probe(bzip, List.of(heavy), List.of(text(4)), Long.MAX_VALUE);
            assertEquals(1, p.sharedCounts(bzip).get(bare(heavy)));
        }
    }

    @Test
    void aReadingOfSeveralSegmentsAtOnceCountsEachOfThem() {
        Mode current = Mode.parse("zstd-10");
        Mode bzip = Mode.parse("xor+bzip2-9");
        try (RatioProbe p = new RatioProbe()) {
            p.probe(current, List.of(bzip), List.of(text(1), text(2), text(3), text(4)), Long.MAX_VALUE); // an opening's four
            assertEquals(4, p.sharedCounts(current).get(bare(bzip)), "four segments read beside zstd-10, not one");
            assertFalse(new LiveReadings(p.relative(current), DeltaRelations.NONE, Map.of(), p.sharedCounts(current)).unconfirmed(bzip),
                    "a switch to it needs no second reading");
            p.probe(current, List.of(bzip), List.of(text(5)), Long.MAX_VALUE);
            assertEquals(5, p.sharedCounts(current).get(bare(bzip)));
        }
    }

    private static Mode bare(Mode m) {
        return m.withDelta(org.cloudlet.handoff.delta.DeltaAlgorithm.NONE);
    }

    @Test
    void compressorsNeverOrLeastRecentlyProbedGoFirst() {
        Mode lzma1 = Mode.parse("lzma-1");
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode zstd3 = Mode.parse("zstd-3");
        // keyed without delta; in the caller's order where equal
        assertEquals(List.of(lzma1, bzip9, zstd3), RatioProbe.leastRecentFirst(
                List.of(Mode.parse("xor+lzma-1"), bzip9, Mode.parse("bsdiff+zstd-3"), lzma1), Map.of(), m -> 0));
        assertEquals(List.of(bzip9, zstd3, lzma1), RatioProbe.leastRecentFirst(List.of(lzma1, bzip9, zstd3), Map.of(lzma1, 5L, zstd3, 2L), m -> 0));
    }

    @Test
    void amongCompressorsReadEquallyLongAgoTheCheapestGoesFirst() {
        Mode lzma9 = Mode.parse("lzma-9");
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode zstd19 = Mode.parse("zstd-19");
        Mode gzip9 = Mode.parse("gzip-9");
        Map<Mode, Double> cost = Map.of(lzma9, 200.0, bzip9, 35.0, zstd19, 300.0, gzip9, 60.0);
        // never read: cheapest first, so a budget reads more families; a compressor read longer ago still goes first
        assertEquals(List.of(bzip9, gzip9, lzma9, zstd19),
                RatioProbe.leastRecentFirst(List.of(lzma9, bzip9, zstd19, gzip9), Map.of(), cost::get));
        assertEquals(List.of(zstd19, bzip9, lzma9, gzip9),
                RatioProbe.leastRecentFirst(List.of(lzma9, bzip9, zstd19, gzip9), Map.of(lzma9, 3L, bzip9, 3L, zstd19, 1L, gzip9, 4L), cost::get));
    }

    @Test
    void anchorsReadBeforeGoAheadOfLevelsNeverRead() {
        Mode bzip9 = Mode.parse("bzip2-9");
        Mode lzma9 = Mode.parse("lzma-9");
        Mode zstd12 = Mode.parse("zstd-12");
        Mode lzma5 = Mode.parse("lzma-5");
        List<Mode> order = RatioProbe.order(List.of(Mode.parse("xor+lzma-9"), bzip9), List.of(zstd12, lzma5, lzma9),
                Map.of(bzip9, 1L, lzma9, 2L), m -> 1);
        assertEquals(List.of(bzip9, lzma9, zstd12, lzma5), order, "keyed without delta, each once");
    }

    private static long compressed(String codec, byte[] data) {
        Mode m = Mode.parse(codec);
        try (org.cloudlet.handoff.compress.Codec c = org.cloudlet.handoff.compress.Codecs.open(m.codec(), m.level())) {
            return Math.min(data.length, c.compress(data, 0, data.length).length);
        }
    }

    @Test
    void compressorsCompareOnTheSamplesBothWereMeasuredOn() {
        byte[] a = text(5);
        byte[] b = new byte[128 * 1024];
        new Random(6).nextBytes(b); // a second sample nothing like the first
        try (RatioProbe p = new RatioProbe()) {
            Mode lzma = Mode.parse("lzma-3");
            p.probe(lzma, List.of(Mode.parse("bzip2-9")), List.of(a));
            p.probe(lzma, List.of(Mode.parse("zstd-19")), List.of(b));
            double expected = (double) compressed("bzip2-9", a) / compressed("lzma-3", a);
            // read beside lzma-3 on one sample: that figure, and the one through the reference on every sample
            double older = RatioProbe.RECENCY; // a, one sample older than b
            double lzmaOfReference = (older * compressed("lzma-3", a) + compressed("lzma-3", b))
                    / (older * compressed("zstd-1", a) + compressed("zstd-1", b));
            double viaAll = ((double) compressed("bzip2-9", a) / compressed("zstd-1", a)) / lzmaOfReference;
            assertEquals(Math.sqrt(expected * viaAll), p.relative(lzma).get(Mode.parse("bzip2-9")), 1e-12, "bzip2-9 against lzma-3 on sample a");
            // measured on different samples, bzip2-9 and zstd-19 compare through the reference on each one's own
            double viaReference = ((double) compressed("zstd-19", b) / compressed("zstd-1", b))
                    / ((double) compressed("bzip2-9", a) / compressed("zstd-1", a));
            assertEquals(viaReference, p.relative(Mode.parse("bzip2-9")).get(Mode.parse("zstd-19")), 1e-12);
        }
    }

    @Test
    void costsPerByteAreRelativeToTheCurrentCompressor() {
        try (RatioProbe p = new RatioProbe()) {
            Mode current = Mode.parse("zstd-1");
            p.probe(current, List.of(Mode.parse("bzip2-9"), Mode.parse("lzma-9"), Mode.parse("none")), List.of(text(7), text(8), text(9), text(10)));
            var cost = p.relativeCosts(current);
            assertEquals(1.0, cost.get(current));
            assertTrue(cost.get(Mode.parse("lzma-9")) > 3, cost.toString()); // zstd-1 is many times faster than either
            assertTrue(cost.get(Mode.parse("bzip2-9")) > 3, cost.toString());
            assertEquals(0.0, cost.get(Mode.parse("none")));
            // keyed with the current delta, like the sizes
            assertEquals(cost.get(Mode.parse("lzma-9")), p.relativeCosts(Mode.parse("xor+zstd-1")).get(Mode.parse("xor+lzma-9")));
            // nothing is relative to no compression
            assertTrue(p.relativeCosts(Mode.parse("none")).isEmpty());
        }
    }

    @Test
    void aRelationReadOnOddSegmentsAloneIsNotTakenAgainstWhatEverySampleSays() {
        Mode ref = RatioProbe.REFERENCE;
        Mode bzip2 = Mode.parse("bzip2-9");
        Mode lzma1 = Mode.parse("lzma-1");
        Mode lzma2 = Mode.parse("lzma-2");
        List<Map<Mode, Double>> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) { // the guest's usual pages: lzma a tenth bigger than bzip2-9
            samples.add(Map.of(ref, 100.0, bzip2, 70.0, lzma1, 78.0, lzma2, 77.0));
        }
        for (int i = 0; i < 2; i++) { // two segments lzma likes, the only ones lzma-2 was read on beside bzip2-9
            samples.add(Map.of(ref, 100.0, bzip2, 80.0, lzma2, 64.0));
        }
        // lzma-2 beside bzip2-9 only on the odd segments
        List<Map<Mode, Double>> odd = new java.util.ArrayList<>(samples.subList(0, 8).stream()
                .map(m -> { var c = new java.util.HashMap<>(m); c.remove(lzma2); return Map.copyOf(c); }).toList());
        odd.addAll(samples.subList(8, 10));
        Map<Mode, Double> careless = RatioProbe.relativeTo(bzip2, odd, false);
        assertEquals(0.8, careless.get(lzma2), 1e-9, "premise: the shared samples alone say 20 % smaller");
        Map<Mode, Double> rel = RatioProbe.relativeTo(bzip2, odd, true);
        // through the reference: lzma-2's 0.64 on its two samples over bzip2-9's on all ten, older ones counting less
        double r = RatioProbe.RECENCY;
        double bzip2Sizes = 0;
        double weights = 0;
        for (int i = 0; i < 10; i++) {
            double w = Math.pow(r, 9 - i);
            bzip2Sizes += w * (i < 8 ? 70.0 : 80.0);
            weights += w * 100.0;
        }
        double pooled = 0.64 / (bzip2Sizes / weights);
        assertTrue(pooled > 0.85, "premise: every sample through the reference says otherwise: " + pooled);
        assertEquals(Math.sqrt(0.8 * pooled), rel.get(lzma2), 1e-9, "the two figures, each counted alike: " + rel);
        assertEquals(1.0, rel.get(bzip2), 1e-9);
        assertEquals(78.0 / 70.0, rel.get(lzma1), 1e-9, "read beside it everywhere: both figures agree");
    }
}
