package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.pipeline.ChunkStage;

/**
 * Turns chunks the destination can find by hash alone into references: zero chunks, and copies of any chunk of
 * the base disk or base memory. Read-only lookups, so it runs in parallel before the (costly) delta stage.
 */
public final class BaseDedupStage implements ChunkStage {
    private final BaseLookup lookup;

    public BaseDedupStage(Base base) {
        this.lookup = new BaseLookup(base);
    }

    @Override
    public void process(Chunk chunk) {
        if (ChunkHashes.isZeroHash(chunk.hash(), chunk.length())) {
            chunk.kind(ItemKind.ZERO);
        } else if (lookup.find(SpaceKind.DISK, chunk.hash()) != null) {
            chunk.kind(ItemKind.BASE_DISK);
        } else if (lookup.find(SpaceKind.MEMORY, chunk.hash()) != null) {
            chunk.kind(ItemKind.BASE_MEMORY);
        }
    }
}
