package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.chunk.Chunk;

/**
 * One stage of the reduction: looks at a chunk that still needs its bytes sent and decides or transforms
 * something about it. Knows nothing of threads or queues; the runner calls it from one worker thread per
 * instance, so an instance may keep scratch state.
 */
public interface ChunkStage {

    void process(Chunk chunk) throws Exception;

    /**
     * True if the stage must also see chunks already settled as references (but never unchanged ones): the
     * stages that define the wire order need every item.
     */
    default boolean seesSettled() {
        return false;
    }

    /**
     * True if the stage must also see chunks found identical to the base at their address: the one that knows
     * whether the destination still holds the base bytes there, or bytes sent earlier in the session.
     */
    default boolean seesUnchanged() {
        return false;
    }

    /** True if the stage must see {@link Chunk#isOpaque() opaque} stream bytes: only the one that writes items. */
    default boolean seesOpaque() {
        return false;
    }

    /** Called after a batch that asks for a flush: a stage that buffers items hands them on now. */
    default void flush() throws Exception {
    }

    /** Called once, after the last chunk, from the thread that called {@link #process} last. */
    default void finish() throws Exception {
    }
}
