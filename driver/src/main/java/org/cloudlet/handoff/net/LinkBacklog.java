package org.cloudlet.handoff.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Encoded frames queued for the link, written to it by a thread of their own, so the link keeps sending while the
 * source pauses. QEMU pauses at its dirty-bitmap syncs (seen: the link idle 4 s at the end of the first pass of the
 * testbed's 1 GiB guest under TCG; QEMU's own trace timed its syncs at 0.2-0.6 s later on) and whenever the host
 * is busy; link time lost that way is lost for good. How much may wait is set from outside
 * ({@link #allow}): a deep backlog is harmless while QEMU is held in its first pass, and delays the switchover after
 * it. With no allowance a write waits until the frames before it are on their way, as if it wrote to the link itself.
 */
final class LinkBacklog extends OutputStream {
    private final OutputStream link;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread writer;
    /** Bytes queued or being written to the link. */
    private long queued;
    private long allowance;
    private IOException failure;
    private boolean closing;

    LinkBacklog(OutputStream link, String name) {
        this.link = link;
        this.writer = new Thread(this::drainLoop, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Lets up to {@code bytes} wait for the link (0: one write at a time). */
    synchronized void allow(long bytes) {
        allowance = Math.max(0, bytes);
        notifyAll();
    }

    synchronized long queued() {
        return queued;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        while (failure == null && !closing && queued > 0 && queued + len > allowance) {
            await();
        }
        check();
        queue.addLast(Arrays.copyOfRange(b, off, off + len));
        queued += len;
        notifyAll();
    }

    /** Nothing to do: queued bytes go to the link as soon as it takes them. */
    @Override
    public void flush() throws IOException {
        synchronized (this) {
            check();
        }
    }

    /** Waits until everything written is on its way to the link, then stops the writer thread. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            while (failure == null && queued > 0) {
                await();
            }
            closing = true;
            notifyAll();
            if (failure != null) {
                check();
            }
        }
        link.flush();
    }

    /** Drops whatever waits and stops the writer thread: the session has failed. */
    void abort() {
        synchronized (this) {
            if (failure == null) {
                failure = new IOException("link backlog aborted");
            }
            closing = true;
            queue.clear();
            notifyAll();
        }
        writer.interrupt();
    }

    private void check() throws IOException {
        if (failure != null) {
            throw new IOException("writing to the destination failed: " + failure.getMessage(), failure);
        }
        if (closing) {
            throw new IOException("link backlog closed");
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the link");
        }
    }

    private void drainLoop() {
        while (true) {
            byte[] next;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.peekFirst();
            }
            try {
                link.write(next);
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                    queue.clear();
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                if (queue.peekFirst() == next) { // not dropped by abort() meanwhile
                    queue.removeFirst();
                }
                queued -= next.length;
                notifyAll();
            }
        }
    }
}
