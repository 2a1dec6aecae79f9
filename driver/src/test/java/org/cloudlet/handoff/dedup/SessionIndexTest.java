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

    /** Random writes against a plain-map model of the same rules, over few hashes so they collide and repeat. */
    @Test
    void matchesASimpleModelUnderRandomWrites() {
        long seed = org.cloudlet.handoff.testing.Seeds.seed();
        java.util.Random rnd = new java.util.Random(seed);
        SessionIndex s = new SessionIndex();
        java.util.Map<Integer, Long> holderOf = new java.util.HashMap<>();   // hash number → holder
        java.util.Map<Long, Integer> heldBy = new java.util.HashMap<>();     // holder → hash number
        for (int step = 0; step < 300_000; step++) {
            long address = SessionIndex.address(rnd.nextInt(2), rnd.nextInt(20_000));
            int hash = rnd.nextInt(30_000);
            boolean sent = rnd.nextInt(4) != 0;
            Integer old = heldBy.remove(address);
            if (old != null) {
                holderOf.remove(old);
            }
            if (sent && !holderOf.containsKey(hash)) {
                holderOf.put(hash, address);
                heldBy.put(address, hash);
            }
            s.written(address, sent ? big(hash) : null, sent);
            if (step % 97 == 0) {
                int probe = rnd.nextInt(30_000);
                assertEquals(holderOf.getOrDefault(probe, -1L), s.find(big(probe)),
                        "step " + step + ", " + org.cloudlet.handoff.testing.Seeds.describe(seed));
            }
        }
        assertEquals(holderOf.size(), s.size());
        for (int h = 0; h < 30_000; h++) {
            assertEquals(holderOf.getOrDefault(h, -1L), s.find(big(h)), "hash " + h);
        }
    }

    private static byte[] big(int v) {
        byte[] b = new byte[32];
        // same 8-byte prefix for groups of hashes, to exercise full-hash comparison on probe collisions
        b[7] = (byte) (v % 16);
        b[30] = (byte) (v >>> 8);
        b[31] = (byte) v;
        return b;
    }
}
