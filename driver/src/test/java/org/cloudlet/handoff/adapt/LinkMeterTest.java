package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkMeterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void ackedRateIsTheLinkOnlyWhileTheSenderWaited() {
        LinkMeter m = new LinkMeter();
        assertNull(m.update(0, 0, 0, 0));
        LinkMeter.Reading r = m.update(1_000_000, S / 10, S, 0); // 1 MB/s, waited 10 %: a lower bound
        assertFalse(r.linkBound());
        assertFalse(m.everBound());
        assertEquals(1e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(3_000_000, S / 10 + S / 2, 2 * S, 0); // 2 MB/s, waited half the time: the link
        assertTrue(r.linkBound());
        assertEquals(2e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(3_500_000, S / 10 + S / 2, 3 * S, 0); // the pipeline slowed down: the link did not
        assertFalse(r.linkBound());
        assertEquals(0.5e6, r.ackedBytesPerSecond(), 1);
        assertEquals(2e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(4_500_000, S / 10 + S, 4 * S, 0); // link-bound at 1 MB/s: the link got slower
        assertEquals(1e6, r.bandwidthBytesPerSecond(), 1);
        assertTrue(m.everBound());
    }

    @Test
    void waitsAtAFractionOfTheKnownBandwidthAreThePipelinesNotTheLinks() {
        LinkMeter m = new LinkMeter();
        m.update(0, 0, 0, 0);
        LinkMeter.Reading r = m.update(1_200_000, S * 9 / 10, S, 1.25e6); // waited 90 %, carried 96 %: the link
        assertTrue(r.linkBound());
        assertEquals(1.2e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(2_150_000, S * 9 / 10 + S / 2, 2 * S, 1.25e6); // waited half the time, carried 76 %: bursts
        assertFalse(r.linkBound());
        assertEquals(1.2e6, r.bandwidthBytesPerSecond(), 1, "the link's figure stays");
        r = m.update(2_650_000, S * 9 / 10 + S, 3 * S, 0.5e6); // the link slowed down: its measured bandwidth too
        assertTrue(r.linkBound());
        assertEquals(0.5e6, r.bandwidthBytesPerSecond(), 1);
    }
}
