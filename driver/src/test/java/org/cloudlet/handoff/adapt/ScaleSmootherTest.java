package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScaleSmootherTest {
    private static final Mode FAST = Mode.parse("xor+zstd-1");
    private static final Mode HEAVY = Mode.parse("xor+lzma-9");

    private static Profile profile() throws IOException {
        return ProfileTest.profile(ProfileTest.row("xor+zstd-1", 1, 0.5, 1, 5) + ProfileTest.row("xor+lzma-9", 1, 0.25, 1, 395));
    }

    /** {@code mode} measured at {@code scale} × its profiled compress cost and {@code rScale} × its profiled ratio. */
    private static Measurement run(Profile p, Mode mode, long chunks, double scale, double rScale) {
        Map<String, Double> micros = new LinkedHashMap<>();
        p.entry(mode).stageMicros().forEach((s, v) -> micros.put(s, s.equals("compress") ? v * scale : v));
        long in = chunks * 4096;
        return new Measurement(5, chunks, in, Math.round(in * p.entry(mode).ratio() * rScale), micros, 2, 1e6, true);
    }

    @Test
    void averagesScalesWeightedByInputAndForgetsOldIntervals() throws IOException {
        Profile p = profile();
        ScaleSmoother s = new ScaleSmoother(p);
        Measurement first = s.smooth(FAST, run(p, FAST, 1000, 2.0, 1.0));
        assertEquals(10.0, first.stageMicros().get("compress"), 1e-9, "the first interval alone");
        // an interval in another mode with R at 0.5 × its profile, as much input: weights 500 (halved) and 1000
        Measurement second = s.smooth(HEAVY, run(p, HEAVY, 1000, 2.0, 0.5));
        assertEquals(0.25 * (1.0 * 500 + 0.5 * 1000) / 1500, second.ratio(), 1e-6);
        assertEquals(395 * 2.0, second.stageMicros().get("compress"), 1e-9, "the same scale, in the heavy mode's terms");
        // a tiny interval barely moves it
        Measurement third = s.smooth(HEAVY, run(p, HEAVY, 10, 2.0, 4.0));
        assertEquals(0.25 * (0.6667 * 750 + 4.0 * 10) / 760, third.ratio(), 1e-4);
        assertEquals(second.ratio(), third.ratio(), 0.02);
    }

    @Test
    void anIntervalOfChangedDataStartsTheAverageAfresh() throws IOException {
        Profile p = profile();
        ScaleSmoother s = new ScaleSmoother(p);
        s.smooth(FAST, run(p, FAST, 20_000, 1.0, 0.2)); // a zero-rich start: much input, R a fifth of the profile's
        // dense pages: five times the R on a tenth of the input, each chunk three times the CPU
        Measurement dense = s.smooth(FAST, run(p, FAST, 2_000, 3.0, 1.0));
        assertEquals(0.5, dense.ratio(), 1e-6, "not (0.2 x 10000 + 1.0 x 2000) / 12000 of the profile's");
        assertEquals(15.0, dense.stageMicros().get("compress"), 1e-9);
        // the same rise on a few chunks is averaged in
        ScaleSmoother t = new ScaleSmoother(p);
        t.smooth(FAST, run(p, FAST, 20_000, 1.0, 0.2));
        assertEquals(0.5 * (0.2 * 10_000 + 1.0 * 100) / 10_100, t.smooth(FAST, run(p, FAST, 100, 3.0, 1.0)).ratio(), 1e-4);
    }
}
