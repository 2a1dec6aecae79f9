package org.cloudlet.handoff.net;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Holds the source's writes back while more than {@code window} bytes are sent but not yet acknowledged by the
 * destination. Without it, the kernel's socket buffers and the link queue soak up megabytes: QEMU then counts a
 * rate the link never had, switches over too early, and the backlog becomes downtime.
 */
final class AckWindow extends FilterOutputStream {
    private final long window;
    private long written;
    private long acked;
    private boolean closed;

    AckWindow(OutputStream out, long window) {
        super(out);
        this.window = window;
    }

    /** The destination has received {@code bytes} in all. */
    synchronized void acknowledged(long bytes) {
        if (bytes > acked) {
            acked = bytes;
            notifyAll();
        }
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
        }
    }

    private synchronized void awaitRoom() throws IOException {
        while (!closed && written - acked > window) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the destination's acknowledgement");
            }
        }
    }
}
