package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window against a simulated link (a rate, a one-way delay each way, acks every 50 ms): it starts small, grows
 * until the link is full, and settles near twice the bandwidth-delay product — not at a fixed size that at 5 Mbit/s
 * would hold seconds of data.
 */
class WindowSizerTest {
    private static final long MS = 1_000_000L;

    /** @return {window at the end, bytes delivered per second over the last half} */
    private static double[] simulate(double mbit, int rttMs, int seconds) {
        WindowSizer sizer = new WindowSizer(50 * MS);
        double bytesPerMs = mbit * 1e6 / 8 / 1000;
        long written = 0;
        double delivered = 0;
        long acked = 0;
        ArrayDeque<long[]> inLink = new ArrayDeque<>(); // (offset, when it reaches the far end)
        ArrayDeque<long[]> ackWay = new ArrayDeque<>(); // (offset, when the ack reaches the source)
        double linkFreeAt = 0;
        double deliveredAtHalf = 0;
        for (long t = 0; t < seconds * 1000L; t++) {
            long now = t * MS;
            while (written - acked < sizer.window()) { // the sender fills the window in 16 KiB frames
                written += 16384;
                sizer.written(written, now);
                linkFreeAt = Math.max(linkFreeAt, t) + 16384 / bytesPerMs;
                inLink.addLast(new long[]{written, (long) linkFreeAt + rttMs / 2});
            }
            while (!inLink.isEmpty() && inLink.peekFirst()[1] <= t) {
                delivered = inLink.pollFirst()[0];
            }
            if (t % 50 == 0) {
                ackWay.addLast(new long[]{(long) delivered, t + rttMs / 2});
            }
            while (!ackWay.isEmpty() && ackWay.peekFirst()[1] <= t) {
                acked = ackWay.pollFirst()[0];
                sizer.acknowledged(acked, now);
            }
            if (t == seconds * 500L) {
                deliveredAtHalf = delivered;
            }
        }
        return new double[]{sizer.window(), (delivered - deliveredAtHalf) / (seconds / 2.0)};
    }

    @Test
    void startsSmall() {
        assertEquals(WindowSizer.MIN, new WindowSizer(50 * MS).window());
    }

    @Test
    void fillsTheLinkWithoutHoldingSecondsOfData() {
        for (double mbit : new double[]{5, 10, 25, 100}) {
            for (int rtt : new int[]{0, 50, 100}) {
                double[] r = simulate(mbit, rtt, 20);
                double rate = mbit * 1e6 / 8;
                // the ack loop: round trip + up to one ack interval of waiting for the next ack
                double bdp = rate * (rtt + 100) / 1000.0;
                assertTrue(r[1] > 0.9 * rate, mbit + " Mbit/s, " + rtt + " ms: delivered " + r[1] * 8 / 1e6 + " Mbit/s");
                assertTrue(r[0] <= Math.max(WindowSizer.MIN, 2.2 * bdp + 2 * 16384),
                        mbit + " Mbit/s, " + rtt + " ms: window " + r[0] + " for a BDP of " + bdp);
                // in flight at most ~half a second at these rates, whatever the link
                assertTrue(r[0] / rate < 0.5, mbit + " Mbit/s, " + rtt + " ms: window holds " + r[0] / rate + " s");
            }
        }
    }
}
