package org.cloudlet.handoff.net;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Holds the source's writes back while more bytes are sent but not yet acknowledged by the destination than the
 * link needs in flight ({@link WindowSizer}). Without it, the kernel's socket buffers and the link queue soak up
 * megabytes: QEMU then counts a rate the link never had, switches over too early, and the backlog becomes
 * downtime.
 */
final class AckWindow extends FilterOutputStream {
    private final WindowSizer sizer;
    private long written;
    private long acked;
    private boolean closed;
    /** Time spent waiting for room, finished waits only; plus the wait under way since {@code waitingSince}. */
    private long waitedNanos;
    private long waitingSince = -1;

    AckWindow(OutputStream out, WindowSizer sizer) {
        super(out);
        this.sizer = sizer;
    }

    /** The destination has received {@code bytes} in all. */
    synchronized void acknowledged(long bytes) {
        if (bytes > acked) {
            acked = bytes;
            sizer.acknowledged(bytes, System.nanoTime());
            notifyAll();
        }
    }

    /** Bytes handed to the socket so far. */
    synchronized long written() {
        return written;
    }

    /** The link's bandwidth, bytes per second, from intervals in which it never ran dry (0: not measured yet). */
    synchronized double linkBandwidth() {
        return sizer.bandwidth();
    }

    /** Bytes allowed in flight now. */
    synchronized long window() {
        return sizer.window();
    }

    /** Stops waiting for acknowledgements (the session ends). */
    synchronized void release() {
        closed = true;
        notifyAll();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        awaitRoom();
        out.write(b, off, len);
        synchronized (this) {
            written += len;
            sizer.written(written, System.nanoTime());
        }
    }

    /** Nanoseconds the writer has spent waiting for the link: the adaptation's sign that the link is the bottleneck. */
    synchronized long waitedNanos() {
        return waitedNanos + (waitingSince < 0 ? 0 : System.nanoTime() - waitingSince);
    }

    private synchronized void awaitRoom() throws IOException {
        if (closed || written - acked <= sizer.window()) {
            return;
        }
        waitingSince = System.nanoTime();
        try {
            while (!closed && written - acked > sizer.window()) {
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the destination's acknowledgement");
                }
            }
        } finally {
            waitedNanos += System.nanoTime() - waitingSince;
            waitingSince = -1;
        }
    }
}
