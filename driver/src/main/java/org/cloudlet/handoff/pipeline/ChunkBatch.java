package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.chunk.Chunk;

/** Chunks travel between stages in batches so that a queue hand-off costs little per chunk. */
final class ChunkBatch {
    final Chunk[] chunks;
    int size;

    ChunkBatch(int capacity) {
        this.chunks = new Chunk[capacity];
    }

    boolean add(Chunk c) {
        chunks[size++] = c;
        return size == chunks.length;
    }
}
