package org.cloudlet.handoff.rebuild;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a decoder's time went while it held its input up, cumulative nanoseconds: the reader waiting for room among
 * the segments read ahead ({@link #reader}: the input is not being taken), and the applier waiting for a segment's
 * decoding ({@link #decoding}). Together they tell a destination whose decoders are too slow, which a lighter mode
 * relieves, from one whose output is (QEMU loading the pages), which no mode changes.
 */
public final class HoldUps {
    private final AtomicLong reader = new AtomicLong();
    private final AtomicLong decoding = new AtomicLong();

    public long reader() {
        return reader.get();
    }

    public long decoding() {
        return decoding.get();
    }

    void readerWaited(long nanos) {
        reader.addAndGet(nanos);
    }

    void decodingWaited(long nanos) {
        decoding.addAndGet(nanos);
    }
}
