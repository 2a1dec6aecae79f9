package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckWindowTest {
    /** A socket whose send buffer takes one write per permit: a full buffer blocks the writer. */
    private static final class FullSocket extends OutputStream {
        final Semaphore room = new Semaphore(0);

        @Override
        public void write(int b) {
            room.acquireUninterruptibly();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room.acquireUninterruptibly();
        }
    }

    @Test
    void timeBlockedInTheSocketCountsAsWaitingForTheLink() throws Exception {
        FullSocket socket = new FullSocket();
        AckWindow w = new AckWindow(socket, new WindowSizer(DestinationSession.ACK_INTERVAL_NANOS));
        socket.room.release();
        w.write(new byte[1000], 0, 1000); // room in the buffer and the window: no wait to speak of
        assertTrue(w.waitedNanos() < 50_000_000L, w.waitedNanos() + " ns");
        assertEquals(1000, w.written());
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                w.write(new byte[1000], 0, 1000);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        long during = w.waitedNanos();
        assertTrue(during >= 250_000_000L, "a write under way counts as it waits: " + during + " ns");
        socket.room.release();
        blocked.get(5, TimeUnit.SECONDS);
        assertTrue(w.waitedNanos() >= during, w.waitedNanos() + " ns");
        assertEquals(2000, w.written());
    }
}
