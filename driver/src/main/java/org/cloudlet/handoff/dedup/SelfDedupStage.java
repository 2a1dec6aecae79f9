package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.pipeline.ChunkStage;

/**
 * Replaces a chunk whose bytes already crossed in this session with a SELF reference, so a chunk's bytes cross
 * at most once, and settles every other undecided chunk as RAW. Single-threaded: the order it sees is the
 * order on the wire, which the decoder replays to keep the same {@link SessionIndex}.
 */
public final class SelfDedupStage implements ChunkStage {
    private final SessionIndex session;

    public SelfDedupStage(SessionIndex session) {
        this.session = session;
    }

    @Override
    public boolean seesSettled() {
        return true; // every item overwrites its address, so every item updates the session index
    }

    @Override
    public void process(Chunk chunk) {
        if (chunk.needsPayload()) {
            if (session.find(chunk.hash()) >= 0) {
                chunk.clearDelta();
                chunk.kind(ItemKind.SELF);
            } else if (chunk.kind() == null) {
                chunk.kind(ItemKind.RAW);
            }
        }
        ItemKind kind = chunk.kind();
        session.written(SessionIndex.address(chunk.space().id(), chunk.index()), chunk.hash(),
                kind == ItemKind.RAW || kind == ItemKind.DELTA);
    }
}
