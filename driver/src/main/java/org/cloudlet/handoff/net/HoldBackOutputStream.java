package org.cloudlet.handoff.net;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The destination's side of the end-to-end check: passes the re-created stream to QEMU except its last
 * {@code hold} bytes, which hold the end of the device state, until the source's trailer confirms that the whole
 * stream has the digest of the one the source QEMU sent ({@code StreamDigest}). A stream that differs never completes, so the
 * destination VM never starts on wrong memory. If the stream goes quiet (a source QEMU with a return path keeps its
 * connection open until the destination has loaded everything, so no trailer can come first) the held bytes are
 * let go and the check happens after the fact.
 */
final class HoldBackOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] held;
    private int heldCount;
    private long lastWrite = System.nanoTime();
    private boolean releasedEarly;

    HoldBackOutputStream(OutputStream out, int hold) {
        this.out = out;
        this.held = new byte[hold];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        lastWrite = System.nanoTime();
        if (len >= held.length) { // everything held so far and the head of this write go out
            out.write(held, 0, heldCount);
            out.write(b, off, len - held.length);
            System.arraycopy(b, off + len - held.length, held, 0, held.length);
            heldCount = held.length;
            return;
        }
        int overflow = heldCount + len - held.length;
        if (overflow > 0) {
            out.write(held, 0, overflow);
            System.arraycopy(held, overflow, held, 0, heldCount - overflow);
            heldCount -= overflow;
        }
        System.arraycopy(b, off, held, heldCount, len);
        heldCount += len;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** The stream checked out: the held end goes to QEMU. */
    synchronized void release() throws IOException {
        out.write(held, 0, heldCount);
        heldCount = 0;
        out.flush();
    }

    /** Lets the held bytes go if nothing was written for {@code quietNanos}; true if it did. */
    synchronized boolean releaseIfQuiet(long quietNanos) throws IOException {
        if (heldCount == 0 || System.nanoTime() - lastWrite < quietNanos) {
            return false;
        }
        releasedEarly = true;
        release();
        return true;
    }

    /** True if held bytes were ever let go before the check. */
    synchronized boolean releasedEarly() {
        return releasedEarly;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
