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
        assertNull(m.update(0, 0, 0));
        LinkMeter.Reading r = m.update(1_000_000, S / 10, S); // 1 MB/s, waited 10 %: a lower bound
        assertFalse(r.linkBound());
        assertFalse(m.everBound());
        assertEquals(1e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(3_000_000, S / 10 + S / 2, 2 * S); // 2 MB/s, waited half the time: the link
        assertTrue(r.linkBound());
        assertEquals(2e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(3_500_000, S / 10 + S / 2, 3 * S); // the pipeline slowed down: the link did not
        assertFalse(r.linkBound());
        assertEquals(0.5e6, r.ackedBytesPerSecond(), 1);
        assertEquals(2e6, r.bandwidthBytesPerSecond(), 1);
        r = m.update(4_500_000, S / 10 + S, 4 * S); // link-bound at 1 MB/s: the link got slower
        assertEquals(1e6, r.bandwidthBytesPerSecond(), 1);
        assertTrue(m.everBound());
    }
}
