package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkBacklogTest {
    /** A link that takes one write per permit, and records what it took. */
    private static final class GatedLink extends OutputStream {
        final Semaphore permits = new Semaphore(0);
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        volatile IOException fail;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            permits.acquireUninterruptibly();
            if (fail != null) {
                throw fail;
            }
            synchronized (taken) {
                taken.write(b, off, len);
            }
        }
    }

    @Test
    void everythingReachesTheLinkInOrderBeforeCloseReturns() throws IOException {
        GatedLink link = new GatedLink();
        link.permits.release(Integer.MAX_VALUE / 2);
        LinkBacklog b = new LinkBacklog(link, "test-link");
        b.allow(64 * 1024);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random r = new Random(7);
        byte[] buf = new byte[5000];
        for (int i = 0; i < 500; i++) {
            r.nextBytes(buf);
            int len = 1 + r.nextInt(buf.length);
            b.write(buf, 0, len);
            expected.write(buf, 0, len);
            if (i % 50 == 0) {
                r.nextBytes(buf); // the caller reuses its buffer at once: what was queued must not change
            }
        }
        b.close();
        assertArrayEquals(expected.toByteArray(), link.taken.toByteArray());
        assertEquals(0, b.queued());
    }

    @Test
    void writesWaitOnceTheAllowanceIsQueued() throws Exception {
        GatedLink link = new GatedLink();
        LinkBacklog b = new LinkBacklog(link, "test-link");
        b.write(new byte[1000]); // an empty backlog always takes a write: the link writer holds it
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> write(b, 1000));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS),
                "no allowance: waits for the frame before it");
        b.allow(3000);
        second.get(5, TimeUnit.SECONDS); // 2000 queued ≤ 3000
        write(b, 1000);
        CompletableFuture<Void> fourth = CompletableFuture.runAsync(() -> write(b, 1000));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> fourth.get(200, TimeUnit.MILLISECONDS), "4000 > 3000");
        assertEquals(3000, b.queued());
        link.permits.release(1); // the link takes one frame
        fourth.get(5, TimeUnit.SECONDS);
        link.permits.release(3);
        b.close();
        assertEquals(4000, link.taken.size());
    }

    @Test
    void aFailedLinkFailsTheNextWriteAndClose() throws Exception {
        GatedLink link = new GatedLink();
        LinkBacklog b = new LinkBacklog(link, "test-link");
        b.allow(1 << 20);
        b.write(new byte[100]);
        b.write(new byte[100]);
        link.fail = new IOException("connection reset");
        link.permits.release(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        IOException e = null;
        while (e == null && System.nanoTime() < deadline) {
            try {
                b.write(new byte[100]);
                Thread.sleep(10);
            } catch (IOException thrown) {
                e = thrown;
            }
        }
        assertTrue(e != null && e.getMessage().contains("connection reset"), String.valueOf(e));
        assertThrows(IOException.class, b::close);
    }

    @Test
    void abortReleasesAWriterWaitingForRoom() throws Exception {
        GatedLink link = new GatedLink();
        LinkBacklog b = new LinkBacklog(link, "test-link");
        b.write(new byte[10]);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                b.write(new byte[10]);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        started.await();
        Thread.sleep(100);
        assertFalse(blocked.isDone());
        b.abort();
        assertTrue(blocked.get(5, TimeUnit.SECONDS) instanceof IOException);
        link.permits.release(10); // the link writer, interrupted or not, stops without writing more
        Thread.sleep(100);
        assertTrue(link.taken.size() <= 10);
    }

    private static void write(LinkBacklog b, int n) {
        try {
            b.write(new byte[n]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
