package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.StageCounters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnedCostsTest {
    private static final Mode Z14 = Mode.parse("xor+zstd-14");
    private static final Mode Z15 = Mode.parse("xor+zstd-15");
    private static final Mode PLAIN15 = Mode.parse("zstd-15");
    private static final long MB = 1 << 20;

    private static Profile profile() throws IOException {
        return ProfileTest.profile(ProfileTest.row(Z14.name(), 1, 0.30, 2, 60) + ProfileTest.row(Z15.name(), 1, 0.26, 2, 62)
                + ProfileTest.row(PLAIN15.name(), 1, 0.4, 0.1, 62));
    }

    /** An interval that fed {@code bytes} to the delta and compress stages at these CPU ns per byte. */
    private static List<StageCounters.Sample> interval(long bytes, double deltaNsPerByte, double compressNsPerByte) {
        return List.of(new StageCounters.Sample("hash", bytes, bytes, bytes, bytes / 4096, bytes / 4096),
                new StageCounters.Sample("delta", (long) (deltaNsPerByte * bytes), bytes, bytes, 0, 0),
                new StageCounters.Sample("compress", (long) (compressNsPerByte * bytes), bytes, bytes / 4, 0, 0));
    }

    @Test
    void aSwitchTeachesTheNewModesCostRelativeToTheOld() throws IOException {
        LearnedCosts c = new LearnedCosts(profile());
        c.observe(Z14, interval(8 * MB, 1, 10));
        c.observe(Z15, interval(8 * MB, 1, 25)); // 2.5× zstd-14 where the profile has 62/60
        assertEquals(2.5 * 60, c.entry(Z15).micros("compress"), 1e-6);
        assertEquals(2, c.entry(Z15).micros("delta"), 1e-6, "same delta cost per byte: the profile held");
        assertEquals(60, c.entry(Z14).micros("compress"), 1e-9, "the mode left keeps the profile's figure");
        c.observe(Z14, interval(8 * MB, 1, 10)); // back: 14 relative to the corrected 15 is as profiled
        assertEquals(60, c.entry(Z14).micros("compress"), 1e-6);
    }

    @Test
    void whatAModeCostWhenItRanOutweighsAProbeOfIt() throws IOException {
        ThroughputModel model = new ThroughputModel(profile(), org.cloudlet.handoff.pipeline.PipelineConfig.live(2));
        java.util.Map<String, Double> stages = new java.util.LinkedHashMap<>(java.util.Map.of("hash", 1.0, "delta", 2.0, "compress", 60.0));
        Measurement m = new Measurement(5, 10_000, 10_000 * 4096L, 10_000 * 1024L, stages, 2, 1e6, true);
        LiveReadings probed = new LiveReadings(java.util.Map.of(), DeltaRelations.NONE, java.util.Map.of(Z15, 1.1), java.util.Map.of());
        double others = model.predict(Z15, Z14, m, LiveReadings.NONE).cpuMicrosPerChunk() - 62; // the profile's 62 / 60
        assertEquals(60 * 1.1, model.predict(Z15, Z14, m, probed).cpuMicrosPerChunk() - others, 1e-6, "the probe's relation");
        model.costs().observe(Z14, interval(8 * MB, 1, 10));
        model.costs().observe(Z15, interval(8 * MB, 1, 25)); // ran: 2.5 times zstd-14
        model.costs().observe(Z14, interval(8 * MB, 1, 10));
        assertEquals(60 * 2.5, model.predict(Z15, Z14, m, probed).cpuMicrosPerChunk() - others, 1e-6, "what it took when it ran");
    }

    @Test
    void nothingIsLearnedWithoutASwitchOrFromTooLittleInput() throws IOException {
        LearnedCosts c = new LearnedCosts(profile());
        c.observe(Z14, interval(8 * MB, 1, 10));
        c.observe(Z14, interval(8 * MB, 1, 30)); // the data changed, not the mode
        c.observe(Z15, interval(LearnedCosts.MIN_BYTES / 2, 1, 99));
        assertTrue(c.factors().isEmpty(), c.factors().toString());
    }

    @Test
    void theCompressorIsNotComparedAcrossDeltaAlgorithms() throws IOException {
        LearnedCosts c = new LearnedCosts(profile());
        c.observe(Z15, interval(8 * MB, 1, 10));
        c.observe(PLAIN15, interval(8 * MB, 0.01, 30)); // other input (no xor): its cost per byte says nothing of the level
        assertEquals(62, c.entry(PLAIN15).micros("compress"), 1e-9);
    }

    @Test
    void repeatedReadingsAverageAndWildOnesAreIgnored() throws IOException {
        LearnedCosts c = new LearnedCosts(profile());
        c.observe(Z14, interval(8 * MB, 1, 10));
        c.observe(Z15, interval(8 * MB, 1, 20));
        c.observe(Z14, interval(8 * MB, 1, 10));
        c.observe(Z15, interval(8 * MB, 1, 40));
        assertEquals(Math.sqrt(2 * 4) * 60, c.entry(Z15).micros("compress"), 1e-6); // geometric mean of 2× and 4×
        c.observe(Z14, interval(8 * MB, 1, 10));
        c.observe(Z15, interval(8 * MB, 1, 1000)); // 100×: a change of data, not of the mode
        assertEquals(Math.sqrt(2 * 4) * 60, c.entry(Z15).micros("compress"), 1e-6);
    }

    @Test
    void aSwitchFromAnotherCompressorCorrectsEveryLevelOfTheNewOneAlike() throws IOException {
        Mode lzma9 = Mode.parse("xor+lzma-9");
        Mode bzip9 = Mode.parse("xor+bzip2-9");
        Mode bzip1 = Mode.parse("xor+bzip2-1");
        LearnedCosts c = new LearnedCosts(ProfileTest.profile(ProfileTest.row(lzma9.name(), 1, 0.2, 2, 400)
                + ProfileTest.row(bzip9.name(), 1, 0.2, 2, 132) + ProfileTest.row(bzip1.name(), 1, 0.21, 2, 120)));
        c.observe(lzma9, interval(8 * MB, 1, 40));
        c.observe(bzip9, interval(8 * MB, 1, 10)); // a quarter of lzma-9 where the profile has 132/400
        assertEquals(0.25 * 400, c.entry(bzip9).micros("compress"), 1e-6, "the relation measured");
        assertEquals(120.0 / 132, c.entry(bzip1).micros("compress") / c.entry(bzip9).micros("compress"), 1e-9,
                "the levels' relation stays the profile's");
        assertTrue(c.learned(bzip9, "compress"), "bzip2-9 ran");
        assertTrue(!c.learned(bzip1, "compress"), "bzip2-1 did not: a probe of it still counts");
        c.observe(bzip1, interval(8 * MB, 1, 5)); // then a level of the same compressor: that level alone
        assertEquals(0.5 * 100, c.entry(bzip1).micros("compress"), 1e-6);
        assertEquals(100, c.entry(bzip9).micros("compress"), 1e-6, "the level left keeps its figure");
        assertEquals(400, c.entry(lzma9).micros("compress"), 1e-9);
    }
}
