package org.cloudlet.handoff.disk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirtyChunkMapTest {

    @Test
    void agreesWithASortedSetModel() {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        DirtyChunkMap map = new DirtyChunkMap(100);
        TreeSet<Long> model = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            long c = r.nextInt(5000); // beyond the initial size: the map grows
            if (r.nextInt(3) == 0) {
                assertEquals(model.remove(c), map.clear(c), "clear " + c + ", seed " + seed);
            } else {
                assertEquals(model.add(c), map.mark(c), "mark " + c + ", seed " + seed);
            }
        }
        assertEquals(model.size(), map.count(), "seed " + seed);
        List<Long> listed = new ArrayList<>();
        map.forEach(listed::add);
        assertEquals(new ArrayList<>(model), listed, "seed " + seed);
        assertTrue(model.isEmpty() || map.isMarked(model.first()));
        assertFalse(map.isMarked(1_000_000));
    }
}
