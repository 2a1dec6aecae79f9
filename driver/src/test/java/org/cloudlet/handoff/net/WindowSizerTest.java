package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.function.LongToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window against a simulated link (a rate, a one-way delay each way, acks every 50 ms): it starts small, grows
 * until the link is full, and settles near twice the bandwidth-delay product — not at a fixed size that at 5 Mbit/s
 * would hold seconds of data. A sender slower than the link, or a destination that stops reading for a while, must
 * not shrink it below what the link needs once the sender is fast again.
 */
class WindowSizerTest {
    private static final long MS = 1_000_000L;
    private static final int FRAME = 16384;

    /** A sender, a shaped link with its queue, a receiver and its periodic acks, stepped 1 ms at a time. */
    private static final class Link {
        final WindowSizer sizer = new WindowSizer(50 * MS);
        final int rttMs;
        /** Bytes per write: the encoder's frames. */
        int frame = FRAME;
        /** Link rate in bytes per ms, by ms. */
        final LongToDoubleFunction rate;
        /** Bytes per ms the sender produces, by ms (infinite: always has data). */
        LongToDoubleFunction produce = t -> Double.POSITIVE_INFINITY;
        /** Whether the receiver reads at ms t. */
        java.util.function.LongPredicate reading = t -> true;
        /** Bytes the receiver can read per ms (0: all that arrived), and whether its acks say it held the stream up. */
        long readCap;
        boolean destinationHeld;
        long t;
        long written;
        double produced;
        long arrived;
        long read;
        long acked;
        double linkBusyUntil;
        final ArrayDeque<long[]> inLink = new ArrayDeque<>(); // (offset, when it reaches the far end)
        final ArrayDeque<long[]> ackWay = new ArrayDeque<>(); // (offset, when the ack reaches the source)

        Link(int rttMs, LongToDoubleFunction rate) {
            this.rttMs = rttMs;
            this.rate = rate;
        }

        /** Runs until ms {@code end}; returns the bytes the receiver read in the meantime. */
        long runUntil(long end) {
            long readBefore = read;
            for (; t < end; t++) {
                long now = t * MS;
                double p = produce.applyAsDouble(t);
                produced = Double.isInfinite(p) ? Math.max(produced, written + frame) : produced + p; // never a backlog
                // the sender writes whole frames, each once what is in flight is within the window
                while (produced - written >= frame && written - acked <= sizer.window()) {
                    written += frame;
                    sizer.written(written, now);
                    linkBusyUntil = Math.max(linkBusyUntil, t) + frame / rate.applyAsDouble(t);
                    inLink.addLast(new long[]{written, (long) linkBusyUntil + rttMs / 2});
                }
                while (!inLink.isEmpty() && inLink.peekFirst()[1] <= t) {
                    arrived = inLink.pollFirst()[0];
                }
                if (reading.test(t)) {
                    read = readCap == 0 ? arrived : Math.min(arrived, read + readCap);
                }
                if (t % 50 == 0) {
                    ackWay.addLast(new long[]{read, t + rttMs / 2});
                }
                while (!ackWay.isEmpty() && ackWay.peekFirst()[1] <= t) {
                    long ack = ackWay.pollFirst()[0];
                    if (ack > acked) { // as AckWindow: only an ack that acknowledges more
                        acked = ack;
                        // the sender loop above left a frame unwritten only if the window held it back
                        sizer.acknowledged(acked, now, produced - written >= frame, destinationHeld);
                    }
                }
            }
            return read - readBefore;
        }
    }

    private static double perMs(double mbit) {
        return mbit * 1e6 / 8 / 1000;
    }

    @Test
    void startsSmall() {
        assertEquals(WindowSizer.MIN, new WindowSizer(50 * MS).window());
    }

    @Test
    void fillsTheLinkWithoutHoldingSecondsOfData() {
        for (double mbit : new double[]{5, 10, 25, 100}) {
            for (int rtt : new int[]{0, 50, 100}) {
                Link link = new Link(rtt, t -> perMs(mbit));
                link.runUntil(10_000);
                double delivered = link.runUntil(20_000) / 10.0;
                double window = link.sizer.window();
                double rate = mbit * 1e6 / 8;
                // the ack loop: round trip + up to one ack interval of waiting for the next ack
                double bdp = rate * (rtt + 100) / 1000.0;
                assertTrue(delivered > 0.9 * rate, mbit + " Mbit/s, " + rtt + " ms: delivered " + delivered * 8 / 1e6 + " Mbit/s");
                assertTrue(window <= Math.max(WindowSizer.MIN, 2.2 * bdp + 2 * FRAME),
                        mbit + " Mbit/s, " + rtt + " ms: window " + window + " for a BDP of " + bdp);
                // in flight at most ~half a second at these rates, whatever the link
                assertTrue(window / rate < 0.5, mbit + " Mbit/s, " + rtt + " ms: window holds " + window / rate + " s");
            }
        }
    }

    @Test
    void aSlowSenderDoesNotShrinkTheWindowTheLinkNeeds() {
        for (double mbit : new double[]{10, 25}) {
            Link link = new Link(50, t -> perMs(mbit));
            // full speed 5 s, then a pipeline producing half the link's rate for 20 s, then full speed again;
            // frames of 256 KiB, which the slow pipeline delivers in bursts, as two workers finishing together
            link.frame = 256 * 1024;
            link.produce = t -> t < 5_000 || t >= 25_000 ? Double.POSITIVE_INFINITY
                    : t % 800 == 0 ? perMs(mbit) * 400 : 0;
            link.runUntil(5_000);
            long full = link.sizer.window();
            link.runUntil(25_000);
            long slow = link.sizer.window();
            // (the path delay's minimum, a factor of the window, may still fall by up to an ack interval)
            assertTrue(slow >= 0.6 * full, mbit + " Mbit/s: window " + slow + " after the slow phase, " + full + " before");
            double after = link.runUntil(26_000);
            assertTrue(after > 0.9 * perMs(mbit) * 1000, mbit + " Mbit/s: the first second after the slow phase carried "
                    + after * 8 / 1e6 + " Mbit");
        }
    }

    @Test
    void aRateTheDestinationHeldTheStreamToIsNoLinkRate() {
        for (boolean held : new boolean[]{false, true}) {
            Link link = new Link(50, t -> perMs(35));
            link.readCap = (long) perMs(15); // decoding at 15 Mbit/s of a 35 Mbit/s link
            link.destinationHeld = held;
            link.runUntil(10_000);
            // told, the sizer keeps the rate as a floor: the link's own rate stays unknown for the adaptation
            assertEquals(!held, link.sizer.linkRateKnown(), "destination held: " + held);
            assertTrue(link.sizer.bandwidth() > 0.8 * perMs(15) * 1000, "the rate it got, at least: " + link.sizer.bandwidth());
        }
    }

    @Test
    void aReceiverThatPausesDoesNotShrinkTheWindow() {
        Link link = new Link(50, t -> perMs(10));
        // the destination stops reading for 2.5 s every 6 s (a slow segment to decode, a busy host)
        link.reading = t -> t % 6_000 >= 2_500;
        link.runUntil(6_000);
        long carried = 0;
        long possible = 0;
        for (long start = 6_000; start < 30_000; start += 6_000) {
            link.runUntil(start + 2_500);
            // the receiver reads again: what the sender had in flight plus the link's full rate should arrive
            carried += link.runUntil(start + 5_000);
            possible += (long) (perMs(10) * 2_500);
        }
        assertTrue(carried > 0.9 * possible, "after pauses the link carried " + carried + " of " + possible + " bytes");
        // what piled up during a pause arrives in a burst: not a faster link
        assertTrue(link.sizer.bandwidth() < 1.1 * perMs(10) * 1000, "bandwidth " + link.sizer.bandwidth() + " B/s on 10 Mbit/s");
    }

    @Test
    void aSlowerLinkShrinksTheWindowWithinSeconds() {
        Link link = new Link(50, t -> t < 10_000 ? perMs(25) : perMs(5));
        link.runUntil(10_000);
        long fast = link.sizer.window();
        link.runUntil(10_000 + WindowSizer.BANDWIDTH_SPAN_NANOS / MS + 3_000);
        long slow = link.sizer.window();
        double bdp = 5e6 / 8 * 0.150;
        assertTrue(slow <= Math.max(WindowSizer.MIN, 2.2 * bdp + 2 * FRAME), "window " + slow + " (was " + fast + ") on 5 Mbit/s");
    }

    @Test
    void aFasterLinkFillsWithinSeconds() {
        // 5 -> 35 Mbit/s: the window sized for the slow link holds the sender to a fraction of the fast one until it
        // grows; it must grow with each higher rate the acks show, not wait for a median of seconds to move
        Link link = new Link(50, t -> t < 10_000 ? perMs(5) : perMs(35));
        link.runUntil(12_000);
        double delivered = link.runUntil(14_000) / 2.0;
        assertTrue(delivered > 0.9 * perMs(35) * 1000, "2-4 s after the change: " + delivered * 8 / 1e6 + " Mbit/s of 35");
    }

    @Test
    void aFasterLinkShowsItsRateToASenderThatFillsItInBursts() {
        // 5 -> 35 Mbit/s, and from the rise a pipeline slower than the fast link, its frames ready in bursts (a heavy
        // compressor's segments): the link idles between bursts, so a second's rate is the pipeline's, but within a
        // burst it carries what the window lets through, and that must grow to the link's rate
        double fast = perMs(35);
        Link link = new Link(50, t -> t < 10_000 ? perMs(5) : fast);
        link.produce = t -> t < 10_000 ? Double.POSITIVE_INFINITY : t % 400 == 0 ? fast * 400 * 0.6 : 0;
        link.runUntil(12_000);
        double bandwidth = link.sizer.bandwidth();
        assertTrue(bandwidth > 0.85 * fast * 1000, "2 s after the rise: " + bandwidth * 8 / 1e6 + " Mbit/s of 35");
        assertTrue(bandwidth < 1.1 * fast * 1000, "2 s after the rise: " + bandwidth * 8 / 1e6 + " Mbit/s of 35");
        assertTrue(link.sizer.linkRateKnown(), "the link's own rate, read within the bursts: not a floor");
        // and the bursts then cross at the link's rate: no longer held back for most of their time
        long before = link.read;
        long start = link.t;
        while (link.read - before < fast * 400 * 0.6 * 0.95) {
            link.runUntil(link.t + 1);
        }
        assertTrue(link.t - start < 400 * 0.6 * 1.5 + 100, "a burst took " + (link.t - start) + " ms to cross");
    }

    @Test
    void twoAcksReadTogetherAfterAPauseAreNotARate() {
        Link link = new Link(50, t -> perMs(10));
        // full speed for 10 s, then nothing to send for longer than the bandwidth's span (a CPU-bound pipeline)
        link.produce = t -> t < 10_000 ? Double.POSITIVE_INFINITY : 0;
        link.runUntil(10_000 + WindowSizer.BANDWIDTH_SPAN_NANOS / MS + 1_000);
        double bandwidth = link.sizer.bandwidth();
        long window = link.sizer.window();
        // one frame goes out; its two acknowledgements are read from the socket together
        long now = link.t * MS;
        link.sizer.written(link.written + FRAME, now);
        link.sizer.acknowledged(link.written + FRAME / 2, now + 60 * MS, false);
        link.sizer.acknowledged(link.written + FRAME, now + 60 * MS + 10_000, false);
        assertTrue(link.sizer.bandwidth() < 1.1 * perMs(10) * 1000, "bandwidth " + link.sizer.bandwidth() + " B/s (was "
                + bandwidth + ") on 10 Mbit/s");
        assertTrue(link.sizer.window() <= window, "window " + link.sizer.window() + " (was " + window + ")");
    }
}
