package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillBlendTest {
    private static final double LINK = 4.3e6; // 35 Mbit/s less overheads, bytes per second

    /** A mode processing {@code processing} bytes a second at output ratio {@code ratio} on {@link #LINK}. */
    private static Prediction mode(String name, double processing, double ratio) {
        return new Prediction(Mode.parse(name), processing, LINK / ratio, ratio, 1);
    }

    @Test
    void theBlendRunsTheCpuAndTheLinkFullAndBeatsEitherCompressorAlone() {
        // the change set's fast stretch: bzip2 CPU-bound at 18.5 MB/s with R 0.19; zstd-9 8 times cheaper at R 0.23
        Prediction heavy = mode("bzip2-5", 18.5e6, 0.19);
        Prediction light = mode("zstd-9", 8 * 18.5e6, 0.23);
        FillBlend b = FillBlend.of(heavy, light, 0);
        assertEquals(0.174, b.share(), 0.002);
        assertEquals(21.8e6, b.bytesPerSecond(), 0.1e6);
        double cpu = 1 / ((1 - b.share()) / 18.5e6 + b.share() / (8 * 18.5e6));
        double link = LINK / ((1 - b.share()) * 0.19 + b.share() * 0.23);
        assertEquals(cpu, link, 1e-6 * cpu, "both resources run full");
        assertTrue(b.bytesPerSecond() > heavy.expectedBytesPerSecond() && b.bytesPerSecond() > light.expectedBytesPerSecond());
        // with headroom both forecasts count for less, and the light one takes more
        FillBlend careful = FillBlend.of(heavy, light, 0.2);
        assertTrue(careful.share() > b.share() && careful.bytesPerSecond() < b.bytesPerSecond());
    }

    @Test
    void nothingToGainGivesNoBlend() {
        Prediction light = mode("zstd-9", 150e6, 0.23);
        assertNull(FillBlend.of(mode("bzip2-5", 30e6, 0.19), light, 0), "the heavy one keeps up with the link alone");
        assertNull(FillBlend.of(mode("bzip2-5", 18e6, 0.19), mode("lzma-1", 15e6, 0.21), 0), "the light one is no lighter");
        assertNull(FillBlend.of(mode("bzip2-9", 18e6, 0.19), mode("bzip2-7", 40e6, 0.195), 0), "nor light enough to count on");
        assertNull(FillBlend.of(mode("bzip2-5", 18e6, 0.19), mode("lzma-9", 40e6, 0.18), 0), "nor bigger: then it is the better mode");
    }

    @Test
    void theShareStopsAtHalfTheInput() {
        // far from the link: half the input through the light one, and the CPU still limits
        FillBlend b = FillBlend.of(mode("lzma-9", 2e6, 0.18), mode("zstd-1", 400e6, 0.3), 0);
        assertEquals(FillBlend.MAX_SHARE, b.share());
        assertEquals(1 / (0.5 / 2e6 + 0.5 / 400e6), b.bytesPerSecond(), 1);
    }
}
