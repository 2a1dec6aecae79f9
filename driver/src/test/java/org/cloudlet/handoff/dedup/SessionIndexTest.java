package org.cloudlet.handoff.dedup;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SessionIndexTest {
    private static byte[] h(int v) {
        byte[] b = new byte[32];
        b[0] = (byte) v;
        b[31] = (byte) v;
        return b;
    }

    @Test
    void anOverwrittenAddressStopsHoldingItsOldBytes() {
        SessionIndex s = new SessionIndex();
        long a = SessionIndex.address(0, 7);
        long b = SessionIndex.address(1, 7);
        s.written(a, h(1), true);
        assertEquals(a, s.find(h(1)));
        s.written(b, h(1), true);
        assertEquals(a, s.find(h(1)), "the first holder stays the holder");
        s.written(a, h(2), true);
        assertEquals(-1, s.find(h(1)), "a no longer holds h1");
        assertEquals(a, s.find(h(2)));
        s.written(a, null, false);
        assertEquals(-1, s.find(h(2)));
        assertEquals(1, SessionIndex.spaceOf(b));
        assertEquals(7, SessionIndex.indexOf(b));
    }
}
