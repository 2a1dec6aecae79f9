package org.cloudlet.handoff.segment;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.pipeline.ChunkStage;
import org.cloudlet.handoff.wire.ItemWriter;

import java.util.function.Consumer;

/** Serialises items in arrival order and cuts them into segments of about the target size. Single-threaded. */
public final class Segmenter implements ChunkStage {
    private final int targetSize;
    private final Consumer<Segment> out;
    private final ItemTally tally;
    private final ItemWriter writer;
    private int sequence;
    private int diskLength;

    public Segmenter(int targetSize, ItemTally tally, Consumer<Segment> out) {
        this.targetSize = targetSize;
        this.out = out;
        this.tally = tally;
        this.writer = new ItemWriter(capacity());
    }

    private int capacity() {
        return targetSize + targetSize / 8; // room for the item that crosses the target
    }

    @Override
    public boolean seesSettled() {
        return true;
    }

    @Override
    public boolean seesOpaque() {
        return true;
    }

    @Override
    public void process(Chunk chunk) {
        int before = writer.size();
        writer.write(chunk);
        if (!chunk.isOpaque() && chunk.space().kind() == SpaceKind.DISK) {
            diskLength += writer.size() - before;
        }
        tally.add(chunk.kind(), chunk.length());
        if (writer.size() >= targetSize) {
            emit();
        }
    }

    @Override
    public void flush() {
        if (writer.itemCount() > 0) {
            emit();
        }
    }

    @Override
    public void finish() {
        if (writer.itemCount() > 0) {
            emit();
        }
    }

    /** Segments emitted so far. */
    public int segments() {
        return sequence;
    }

    private void emit() {
        int size = writer.size();
        int items = writer.itemCount();
        byte[] digest = writer.takeDigest();
        out.accept(new Segment(sequence++, writer.take(capacity()), size, items, diskLength, digest));
        diskLength = 0;
    }
}
