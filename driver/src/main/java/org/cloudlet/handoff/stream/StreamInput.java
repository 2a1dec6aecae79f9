package org.cloudlet.handoff.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Buffered big-endian reads over the migration stream that know their offset, and a capture buffer: bytes read
 * while capturing are kept, to be handed on unchanged as one opaque run.
 */
final class StreamInput {
    private final InputStream in;
    private MigrationStreamHandler idle;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long consumed; // stream offset of buf[0]
    private byte[] captured = new byte[4096];
    private int capturedLength;

    StreamInput(InputStream in) {
        this.in = in;
    }

    /**
     * How long the source may pause before it counts as idle. Idle flushes the pipeline, cutting the compressor's
     * segment short; a live QEMU's migration thread pauses for a moment all the time (descheduled on a busy host,
     * or our read just ahead of its write), and flushing at each of those pauses cut the segments to a fraction of
     * their size and cost ratio.
     */
    static final long IDLE_GRACE_NANOS = 20_000_000L;

    /** Who to tell before a read that would block. */
    void idleListener(MigrationStreamHandler h) {
        this.idle = h;
    }

    long offset() {
        return consumed + pos;
    }

    /** Whether bytes become available within {@link #IDLE_GRACE_NANOS} (polled: a stream has no timed read). */
    private boolean arrivesWithinGrace() throws IOException {
        long deadline = System.nanoTime() + IDLE_GRACE_NANOS;
        while (System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for the migration stream");
            }
            if (in.available() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The next byte without consuming it, or -1 at the end of the stream. */
    int peek() throws IOException {
        return fill(1) ? buf[pos] & 0xff : -1;
    }

    /** A byte that is not captured (part of a page record). */
    int u8Uncaptured(String what) throws IOException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u8(String what) throws IOException {
        need(1, what);
        int v = buf[pos++] & 0xff;
        capture(buf, pos - 1, 1);
        return v;
    }

    int be16(String what) throws IOException {
        return (int) bytes(2, what);
    }

    int be32(String what) throws IOException {
        return (int) bytes(4, what);
    }

    long be64(String what) throws IOException {
        return bytes(8, what);
    }

    /** A be64 that is not captured: the caller decides whether it belongs to an opaque run. */
    long be64Uncaptured(String what) throws IOException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[pos++] & 0xff);
        }
        return v;
    }

    void captureBe64(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        capture(b, 0, 8);
    }

    String string(int len, String what) throws IOException {
        byte[] b = new byte[len];
        read(b, 0, len, what, true);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code len} bytes into {@code dst}, captured or not. */
    void read(byte[] dst, int off, int len, String what, boolean capture) throws IOException {
        while (len > 0) {
            need(1, what);
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            if (capture) {
                capture(buf, pos, n);
            }
            pos += n;
            off += n;
            len -= n;
        }
    }

    void skipCaptured(int len, String what) throws IOException {
        while (len > 0) {
            need(1, what);
            int n = Math.min(len, limit - pos);
            capture(buf, pos, n);
            pos += n;
            len -= n;
        }
    }

    /** Hands the buffered rest of the input, then everything up to the end of the stream, to {@code sink}. */
    void pumpRest(MigrationStreamHandler sink) throws IOException {
        flushCapture(sink);
        while (fill(1)) {
            sink.opaque(buf, pos, limit - pos);
            pos = limit;
        }
    }

    void flushCapture(MigrationStreamHandler sink) throws IOException {
        if (capturedLength > 0) {
            sink.opaque(captured, 0, capturedLength);
            capturedLength = 0;
        }
    }

    private long bytes(int n, String what) throws IOException {
        need(n, what);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (buf[pos + i] & 0xff);
        }
        capture(buf, pos, n);
        pos += n;
        return v;
    }

    private void capture(byte[] b, int off, int len) {
        if (capturedLength + len > captured.length) {
            captured = Arrays.copyOf(captured, Math.max(captured.length * 2, capturedLength + len));
        }
        System.arraycopy(b, off, captured, capturedLength, len);
        capturedLength += len;
    }

    private void need(int n, String what) throws IOException {
        if (!fill(n)) {
            throw new EOFException("QEMU migration stream, byte " + offset() + ": the stream ends inside " + what);
        }
    }

    /** Makes at least {@code n} (≤ buffer size) bytes available; false if the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            if (idle != null && in.available() == 0 && !arrivesWithinGrace()) {
                flushCapture(idle); // what was read so far goes on before the wait
                idle.idle();
            }
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }
}
