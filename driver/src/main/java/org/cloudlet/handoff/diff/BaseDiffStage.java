package org.cloudlet.handoff.diff;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.pipeline.ChunkStage;

/**
 * Drops chunks whose bytes equal the base chunk at the same address: the destination has them already.
 * (A later live iteration that resends an address must not rely on this; see the session's dirty tracking.)
 */
public final class BaseDiffStage implements ChunkStage {
    private final Base base;

    public BaseDiffStage(Base base) {
        this.base = base;
    }

    @Override
    public void process(Chunk chunk) {
        BaseSpace same = base == null ? null : base.space(chunk.space().name());
        if (same != null && chunk.index() < same.chunkCount()
                && same.chunkLength(chunk.index()) == chunk.length()
                && same.index().hashEquals(chunk.index(), chunk.hash())) {
            chunk.markUnchanged();
        }
    }
}
