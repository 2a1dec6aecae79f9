package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainMeterTest {
    /** Counters advanced by hand: RAM bytes in, stream bytes out, acknowledged, time waited on the link. */
    private static final class Counters implements SessionCounters {
        long in, out, acked, waited;

        @Override
        public List<StageCounters.Sample> stages() {
            return List.of(new StageCounters.Sample("hash", 0, in, in, in / 4096, in / 4096),
                    new StageCounters.Sample("write", 0, out, out, 0, 0));
        }

        @Override
        public long ackedBytes() {
            return acked;
        }

        @Override
        public long windowWaitNanos() {
            return waited;
        }
    }

    @Test
    void whileTheLinkLimitsRamBytesCrossAtTheLinkRateOverTheRatio() {
        Counters c = new Counters();
        DrainMeter d = new DrainMeter();
        double rate = 0;
        for (int i = 0; i <= 30; i++) { // 100 ms steps: 10 MB/s of RAM in, R = 0.1, the link takes 0.6 MB/s
            rate = d.update(c, i * 100_000_000L).bytesPerSecond();
            c.in += 1_000_000;
            c.out += 100_000;
            c.acked += 60_000;
            c.waited += 80_000_000;
        }
        assertEquals(6e6, rate, 1e3, "0.6 MB/s of stream at R 0.1: 6 MB/s of RAM, whatever QEMU pushed in");
        DrainMeter.Drain last = d.update(c, 31 * 100_000_000L);
        assertEquals((c.out - c.acked) / 0.6e6, last.backlogSeconds(), 0.01, "written, not acknowledged: seconds of link");
        assertEquals(0.6e6, last.linkBytesPerSecond(), 1e3, "the link's own rate, in encoded bytes");
        for (int i = 32; i <= 60; i++) { // QEMU slows down: the link no longer limits, its rate is still known
            c.in += 100_000;
            c.out += 20_000;
            c.acked += 20_000;
            last = d.update(c, i * 100_000_000L);
        }
        // the link's last figure (from a span only partly link-bound: at most 0.6 MB/s) over this span's R 0.2, not
        // the 1 MB/s QEMU now gives
        assertTrue(last.bytesPerSecond() > 1.5e6 && last.bytesPerSecond() <= 3e6 + 1e3, "drain " + last.bytesPerSecond());
    }

    @Test
    void otherwiseThePipelinesInputRateAndNothingFromAnIdleSpan() {
        Counters c = new Counters();
        DrainMeter d = new DrainMeter();
        assertEquals(0, d.update(c, 0).bytesPerSecond());
        for (int i = 1; i <= 30; i++) {
            c.in += 500_000;
            c.out += 100_000;
            c.acked += 100_000;
            assertEquals(i < 10 ? 0 : 5e6, d.update(c, i * 100_000_000L).bytesPerSecond(), 1e3, "step " + i);
        }
        double last = 0;
        for (int i = 31; i <= 80; i++) { // QEMU idle: the figure falls with the input in the span, then stays
            double now = d.update(c, i * 100_000_000L).bytesPerSecond();
            assertTrue(now <= 5e6 + 1e3 && now > 0, "step " + i + ": " + now);
            last = now;
        }
        assertEquals(last, d.update(c, 81 * 100_000_000L).bytesPerSecond(), "an idle span says nothing: kept");
        assertTrue(last >= 256 * 1024 / 2.0, "kept at the last span with input: " + last);
    }
    @Test
    void aNewPassIsJudgedByItsOwnPagesNotByTheTailOfTheLast() {
        Counters c = new Counters();
        DrainMeter d = new DrainMeter();
        int step = 0;
        for (; step <= 30; step++) { // pass 1 ends on pages equal to the base: 10 MB per 100 ms at R 0.001
            d.update(c, step * 100_000_000L, 1);
            c.in += 10_000_000;
            c.out += 10_000;
            c.acked += 60_000;
            c.waited += 100_000_000;
        }
        DrainMeter.Drain d1 = null;
        for (; step <= 35; step++) { // pass 2: the guest's dirty pages, R 0.25, the link at 0.6 MB/s
            d1 = d.update(c, step * 100_000_000L, 2);
            c.in += 240_000;
            c.out += 60_000;
            c.acked += 60_000;
            c.waited += 100_000_000;
        }
        // the last 2 s alone: R ≈ 0.002, a drain of ~300 MB/s; the pass's own pages: 0.6 MB/s / 0.25
        assertEquals(2.4e6, d1.bytesPerSecond(), 0.1e6, "drain " + d1.bytesPerSecond());
        DrainMeter spanOnly = new DrainMeter();
        assertTrue(replay(spanOnly) > 100e6, "without passes the span's ratio decides");
    }

    /** The same counters as above without pass numbers: the drain rate at the end. */
    private static double replay(DrainMeter d) {
        Counters c = new Counters();
        double rate = 0;
        for (int step = 0; step <= 35; step++) {
            rate = d.update(c, step * 100_000_000L).bytesPerSecond();
            boolean tail = step < 31;
            c.in += tail ? 10_000_000 : 240_000;
            c.out += tail ? 10_000 : 60_000;
            c.acked += 60_000;
            c.waited += 100_000_000;
        }
        return rate;
    }
}
