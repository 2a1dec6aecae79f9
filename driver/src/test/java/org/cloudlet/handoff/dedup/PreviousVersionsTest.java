package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keeps exactly the last {@code capacity} addresses sent as data, each with its latest bytes (a reference model decides). */
class PreviousVersionsTest {
    private static final int C = ChunkFormat.CHUNK_SIZE;

    @Test
    void holdsTheMostRecentlySentAddressesWithTheirLatestBytes() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            int capacity = 300;
            PreviousVersions kept = new PreviousVersions(capacity);
            LinkedHashMap<Long, byte[]> model = new LinkedHashMap<>();
            for (int round = 0; round < 20_000; round++) {
                long address = random.nextInt(900);
                if (random.nextInt(5) == 0) {
                    kept.overwritten(address);
                    model.remove(address);
                    continue;
                }
                byte[] data = new byte[random.nextInt(8) == 0 ? 100 + random.nextInt(C - 100) : C];
                random.nextBytes(data);
                kept.sent(address, data, data.length);
                model.remove(address);
                model.put(address, data);
                if (model.size() > capacity) {
                    Map.Entry<Long, byte[]> eldest = model.entrySet().iterator().next();
                    model.remove(eldest.getKey());
                }
            }
            byte[] read = new byte[C];
            for (long address = 0; address < 900; address++) {
                byte[] want = model.get(address);
                int length = kept.get(address, read);
                assertEquals(want == null ? -1 : want.length, length, "seed " + seed + " address " + address);
                if (want != null) {
                    assertArrayEquals(want, java.util.Arrays.copyOf(read, length), "seed " + seed + " address " + address);
                }
            }
        }
    }

    @Test
    void noCapacityKeepsNothing() {
        PreviousVersions none = new PreviousVersions(0);
        none.sent(1, new byte[C], C);
        assertEquals(-1, none.get(1, new byte[C]));
    }
}
