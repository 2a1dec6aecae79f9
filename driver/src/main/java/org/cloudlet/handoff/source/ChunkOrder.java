package org.cloudlet.handoff.source;

import java.util.SplittableRandom;

/**
 * The order in which a window of chunks enters the pipeline: as they lie, or shuffled (seeded) so that runs of
 * similar pages spread over all workers and segments. Correctness never depends on the order.
 */
public final class ChunkOrder {
    private final SplittableRandom random;

    private ChunkOrder(SplittableRandom random) {
        this.random = random;
    }

    public static ChunkOrder sequential() {
        return new ChunkOrder(null);
    }

    public static ChunkOrder shuffled(long seed) {
        return new ChunkOrder(new SplittableRandom(seed));
    }

    public boolean isShuffled() {
        return random != null;
    }

    /** Fills {@code order[0..n)} with a permutation of 0..n-1. */
    public void permutation(int[] order, int n) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (random == null) {
            return;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
