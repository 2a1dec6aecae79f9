package org.cloudlet.handoff.rebuild;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycles the decoder's segment-sized buffers (decompressed items, rebuilt chunks): a new 1 MiB array costs a
 * zeroing pass and garbage collection per segment, on a path that otherwise only touches each byte once or twice.
 */
final class BufferPool {
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int max;

    BufferPool(int max) {
        this.max = max;
    }

    /** A buffer of at least {@code min} bytes, with undefined contents. */
    byte[] take(int min) {
        byte[] b;
        while ((b = free.poll()) != null) {
            size.decrementAndGet();
            if (b.length >= min) {
                return b;
            }
        }
        return new byte[min];
    }

    void give(byte[] b) {
        if (b != null && b.length > 0 && size.incrementAndGet() <= max) {
            free.offer(b);
        } else if (b != null && b.length > 0) {
            size.decrementAndGet();
        }
    }
}
