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
    /**
     * Writes go to the socket in pieces no larger than this: the window holds to within a piece, and the ack of a
     * piece written into an idle link times the path with no more than the piece's own transmission in it (a whole
     * frame's, hundreds of kilobytes, is most of a second at 5 Mbit/s).
     */
    static final int PIECE = 16 * 1024;
    private final WindowSizer sizer;
    private long written;
    private long acked;
    private boolean closed;
    /**
     * Time spent waiting for the link, finished waits only: for room in the window, or in the socket's write (its
     * send buffer full); plus the wait under way since {@code waitingSince}.
     */
    private long waitedNanos;
    private long waitingSince = -1;

    AckWindow(OutputStream out, WindowSizer sizer) {
        super(out);
        this.sizer = sizer;
    }

    /** The destination has received {@code bytes} in all. */
    synchronized void acknowledged(long bytes) {
        acknowledged(bytes, false);
    }

    /** As {@link #acknowledged(long)}; {@code destinationHeld}: the destination itself (its decoders or its output), not the link, held the stream up meanwhile. */
    synchronized void acknowledged(long bytes, boolean destinationHeld) {
        if (bytes > acked) {
            acked = bytes;
            sizer.acknowledged(bytes, System.nanoTime(), waitingSince >= 0, destinationHeld);
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

    /** Whether {@link #linkBandwidth} is the link's own rate, not a floor under it. */
    synchronized boolean linkRateKnown() {
        return sizer.linkRateKnown();
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
        for (int done = 0; done < len; ) {
            int n = Math.min(PIECE, len - done);
            writePiece(b, off + done, n);
            done += n;
        }
    }

    private void writePiece(byte[] b, int off, int len) throws IOException {
        awaitRoom();
        long start;
        synchronized (this) {
            start = System.nanoTime();
            waitingSince = start;
        }
        boolean done = false;
        try {
            out.write(b, off, len); // returns at once unless the socket's send buffer is full: then the link is what waits
            done = true;
        } finally {
            synchronized (this) {
                waitedNanos += System.nanoTime() - waitingSince;
                waitingSince = -1;
                if (done) {
                    written += len;
                    // timed from its start: a writer descheduled after the call would time an ack too early
                    // (seen: a 5 ms "round trip" on a 50 ms path on a busy host, and a window half the link's need)
                    sizer.written(written, start);
                }
            }
        }
    }

    /**
     * Nanoseconds the writer has spent waiting for the link — for the window, or blocked in the socket behind a
     * queue of frames (a backlog ahead of the link fills the socket's buffer first, and the writer then never waits
     * on the window: seen, 15 MB queued at 25 Mbit/s and no wait counted, so the link-bound stretches read as
     * CPU-bound and a lighter mode was chosen for a link taken to be three times as fast): the adaptation's sign that
     * the link is the bottleneck.
     */
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
