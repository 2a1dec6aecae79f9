package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.chunk.Chunk;

import java.util.function.Consumer;

/**
 * Runs one {@link ChunkStage} over each batch, skipping chunks already decided, and books its CPU time and the
 * payload bytes before and after into the stage's counters.
 */
final class ChunkStageHandler implements StageRunner.Handler<ChunkBatch> {
    private final ChunkStage stage;
    private final StageCounters counters;
    private final Consumer<ChunkBatch> next;

    ChunkStageHandler(ChunkStage stage, StageCounters counters, Consumer<ChunkBatch> next) {
        this.stage = stage;
        this.counters = counters;
        this.next = next;
    }

    static long threadCpuNanos() {
        return StageCounters.threadCpuNanos();
    }

    @Override
    public void handle(ChunkBatch batch) throws Exception {
        long cpu = threadCpuNanos();
        long in = 0;
        long out = 0;
        long nIn = 0;
        long nOut = 0;
        for (int i = 0; i < batch.size; i++) {
            Chunk c = batch.chunks[i];
            boolean skip = c.isOpaque() ? !stage.seesOpaque()
                    : c.unchanged() ? !stage.seesUnchanged()
                    : !(c.needsPayload() || stage.seesSettled());
            if (skip) {
                continue;
            }
            int before = c.payloadSize();
            in += before;
            if (before > 0) {
                nIn++;
            }
            stage.process(c);
            long after = c.payloadSize();
            out += after;
            if (after > 0) {
                nOut++;
            }
        }
        if (batch.flush) {
            stage.flush();
        }
        counters.add(threadCpuNanos() - cpu, in, out, nIn, nOut);
        if (next != null) {
            next.accept(batch);
        }
    }

    @Override
    public void finish() throws Exception {
        stage.finish();
    }
}
