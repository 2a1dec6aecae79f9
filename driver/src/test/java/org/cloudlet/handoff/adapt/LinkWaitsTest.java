package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkWaitsTest {
    private static final long MS = 1_000_000L;

    @Test
    void waitsTheDestinationsHoldUpsExplainAreNotTheLinks() {
        LinkWaits w = new LinkWaits();
        assertEquals(0, w.update(0, 0));
        assertEquals(80 * MS, w.update(80 * MS, 0), "no hold-ups: the link's");
        assertEquals(80 * MS, w.update(180 * MS, 100 * MS), "the destination held the stream up all the while");
        assertEquals(110 * MS, w.update(280 * MS, 170 * MS), "held 70 of the 100 ms waited: 30 were the link's");
        assertEquals(110 * MS, w.update(290 * MS, 300 * MS), "hold-ups beyond the waits count for nothing");
        assertEquals(210 * MS, w.update(390 * MS, 300 * MS));
    }
}
