package org.cloudlet.handoff.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts batches back into submission order in front of the single-worker stage that fixes the wire order. The
 * parallel stages before it finish batches out of order; for a disk image that would not matter, but a QEMU
 * stream carries later versions of the same page and opaque runs that must stay between the right pages.
 * Out-of-order batches wait here; the bounded queues upstream bound how many.
 */
final class Resequencer implements StageRunner.Handler<ChunkBatch> {
    private final StageRunner.Handler<ChunkBatch> next;
    private final Map<Long, ChunkBatch> early = new HashMap<>();
    private long expected;

    Resequencer(StageRunner.Handler<ChunkBatch> next) {
        this.next = next;
    }

    @Override
    public void handle(ChunkBatch batch) throws Exception {
        if (batch.sequence != expected) {
            early.put(batch.sequence, batch);
            return;
        }
        next.handle(batch);
        expected++;
        ChunkBatch b;
        while ((b = early.remove(expected)) != null) {
            next.handle(b);
            expected++;
        }
    }

    @Override
    public void finish() throws Exception {
        if (!early.isEmpty()) {
            throw new IllegalStateException("batches " + early.keySet() + " arrived but batch " + expected + " never did");
        }
        next.finish();
    }
}
