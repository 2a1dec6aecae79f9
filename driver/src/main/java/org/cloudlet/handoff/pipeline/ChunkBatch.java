package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.chunk.Chunk;

/** Chunks travel between stages in batches so that a queue hand-off costs little per chunk. */
final class ChunkBatch {
    final Chunk[] chunks;
    final long sequence; // submission order, restored before the stage that fixes the wire order
    int size;
    boolean flush; // after this batch, write out whatever is buffered (a live source went quiet)

    ChunkBatch(int capacity, long sequence) {
        this.chunks = new Chunk[capacity];
        this.sequence = sequence;
    }

    boolean add(Chunk c) {
        chunks[size++] = c;
        return size == chunks.length;
    }
}
