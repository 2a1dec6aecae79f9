package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThroughputModelTest {
    private static final Mode SMALL_BLOCKS = Mode.parse("bzip2-5");
    private static final Mode LARGE_BLOCKS = Mode.parse("bzip2-9");

    /** Both encode at 150 µs per chunk with the same R; bzip2-9 decodes at 120 µs per chunk, bzip2-5 at 60. */
    private static ThroughputModel model() throws IOException {
        return new ThroughputModel(ProfileTest.profile(ProfileTest.row("bzip2-5", 1, 0.2, 0, 150, 0.006)
                + ProfileTest.row("bzip2-9", 1, 0.2, 0, 150, 0.012)), PipelineConfig.live(2));
    }

    /** bzip2-5 ran as profiled, 4000 chunks a second on {@code cores}, the destination at {@code peerMicros} per chunk on our cores. */
    private static Measurement ran(double cores, double peerMicros) {
        return new Measurement(5, 20_000, 20_000 * 4096L, 20_000 * 4096L / 5, ProfileTest.stages(0, 150), cores, 1e9, false, peerMicros, 1.0);
    }

    /** bzip2-5's and bzip2-9's forecast processing after bzip2-5 measured {@code m}. */
    private static double[] smallAndLarge(Measurement m) throws IOException {
        ThroughputModel model = model();
        return new double[]{model.predict(SMALL_BLOCKS, SMALL_BLOCKS, m, Map.of()).processingBytesPerSecond(),
                model.predict(LARGE_BLOCKS, SMALL_BLOCKS, m, Map.of()).processingBytesPerSecond()};
    }

    @Test
    void onAnotherHostTheDecoderCostsTheSourceNothing() throws IOException {
        double[] p = smallAndLarge(ran(1.0, 0));
        assertEquals(p[0], p[1], 1e-6);
    }

    @Test
    void onASharedHostAModeThatDecodesSlowlyProcessesLess() throws IOException {
        // the destination took 100 µs per chunk of our cores at 4000 chunks/s: 0.4 of a core; bzip2-5's decoding at
        // our compressor's scale (1: it ran as profiled) is 60 of them, freed for the next mode, which pays its own
        double[] p = smallAndLarge(ran(1.0, 100));
        double small = p[0];
        double large = p[1];
        double cpu = 154; // the stages above
        double cores = 1.0 + 0.4 * 60 / 100;
        assertEquals(cores * 1e6 / (cpu + 60) * 4096, small, 1e-3);
        assertEquals(cores * 1e6 / (cpu + 120) * 4096, large, 1e-3, "bzip2-9 decodes 60 µs per chunk slower, as profiled");
        assertTrue(large < 0.8 * small);
    }

    @Test
    void decodersThatHeldTheStreamUpLimitEveryModeByItsDecodingTime() throws IOException {
        ThroughputModel model = model();
        // bzip2-9 ran; the destination's decoders, on another host, took 5 MB/s of input as they held the stream up
        Measurement held = new Measurement(5, 20_000, 20_000 * 4096L, 20_000 * 4096L / 5, ProfileTest.stages(0, 150), 2.0, 1e9, false, 0, 0, 5e6);
        assertEquals(5e6, model.predict(LARGE_BLOCKS, LARGE_BLOCKS, held, Map.of()).processingBytesPerSecond(), 1e-3);
        assertEquals(10e6, model.predict(SMALL_BLOCKS, LARGE_BLOCKS, held, Map.of()).processingBytesPerSecond(), 1e-3,
                "bzip2-5 decodes in half bzip2-9's time, as profiled");
        // on our own host: by the destination's time per chunk there, 200 µs of it bzip2-9's, 140 once bzip2-5's 60 replace its 120
        Measurement shared = new Measurement(5, 20_000, 20_000 * 4096L, 20_000 * 4096L / 5, ProfileTest.stages(0, 150), 2.0, 1e9, false, 200, 1.0, 5e6);
        assertEquals(5e6 * 120 / 60, model.predict(SMALL_BLOCKS, LARGE_BLOCKS, shared, Map.of()).processingBytesPerSecond(), 1e-3,
                "its time per chunk taken at most its decoding's, 120, so 60 for bzip2-5");
        Measurement free = held.withDestination(0);
        assertTrue(model.predict(LARGE_BLOCKS, LARGE_BLOCKS, free, Map.of()).processingBytesPerSecond() > 20e6, "held nothing up: no limit");
    }

    @Test
    void aLightDecodersCostOnTheDestinationIsMostlyWhatEveryModeCostsThere() throws IOException {
        // zstd-6 decodes at 7 µs per chunk in the profile, bzip2-5 at 60; zstd-6 ran at 3 times its profiled cost
        ThroughputModel model = new ThroughputModel(ProfileTest.profile(ProfileTest.row("zstd-6", 1, 0.25, 0, 20, 0.0007)
                + ProfileTest.row("bzip2-5", 1, 0.2, 0, 150, 0.006)), PipelineConfig.live(2));
        Map<String, Double> stages = new LinkedHashMap<>(ran(1.0, 0).stageMicros());
        stages.put("compress", 60.0);
        Measurement m = new Measurement(5, 20_000, 20_000 * 4096L, 20_000 * 4096L / 4, stages, 1.0, 1e9, false, 56, 1.0);
        Mode light = Mode.parse("zstd-6");
        Mode heavy = Mode.parse("bzip2-5");
        double peerNow = 3 * 7; // its decoding at our compressor's scale, of the 56 measured
        double peerThen = peerNow + 3 * (60 - 7); // the difference at that scale, not 56 × 60 / 7 = 480
        double cores = 1.0 + 0.224 * peerNow / 56;
        // the profile's compress cost at the running one's scale; segment and write, below the noise, at the whole's (64 / 24)
        double heavyCpu = 4 + 150 * 3 + (0.3 + 0.2) * (64.0 / 24 - 1);
        assertEquals(cores * 1e6 / (heavyCpu + peerThen) * 4096, model.predict(heavy, light, m, Map.of()).processingBytesPerSecond(), 1e-3);
        // and where the destination's CPU is only half on our cores, half of it counts
        Measurement half = new Measurement(5, 20_000, 20_000 * 4096L, 20_000 * 4096L / 4, stages, 1.0, 1e9, false, 28, 0.5);
        double halfNow = 1.5 * 7;
        double halfThen = halfNow + 1.5 * (60 - 7);
        double halfCores = 1.0 + 0.112 * halfNow / 28;
        assertEquals(halfCores * 1e6 / (heavyCpu + halfThen) * 4096, model.predict(heavy, light, half, Map.of()).processingBytesPerSecond(), 1e-3);
    }

    @Test
    void theDestinationsCpuBeyondTheCurrentModesDecodingPricesNoMode() throws IOException {
        // at a rise of the link: the destination works off a backlog, 1200 µs per chunk of the few that came in
        double[] p = smallAndLarge(ran(1.0, 1200));
        double small = p[0];
        double large = p[1];
        double cores = 1.0 + 4.8 * 60 / 1200;
        assertEquals(cores * 1e6 / (154 + 60) * 4096, small, 1e-3, "bzip2-5 at its own decoding, not at 1200");
        assertEquals(cores * 1e6 / (154 + 120) * 4096, large, 1e-3);
    }

    @Test
    void aModeThatRanCpuBoundIsForecastAtWhatItDidWhateverTheDestinationTook() throws IOException {
        ThroughputModel model = model();
        double cores = 0.8;
        double cpu = 154;
        // CPU-bound: it took in exactly what its cores allowed; the destination's share came on top
        Map<String, Double> stages = new LinkedHashMap<>(ran(cores, 0).stageMicros());
        long chunks = Math.round(cores * 1e6 / cpu * 5);
        Measurement m = new Measurement(5, chunks, chunks * 4096L, chunks * 4096L / 5, stages, cores, 1e9, false, 80, 1.0);
        assertEquals(cores * 1e6 / cpu * 4096, model.predict(SMALL_BLOCKS, SMALL_BLOCKS, m, Map.of()).processingBytesPerSecond(), 1e-3 * chunks);
    }
}
