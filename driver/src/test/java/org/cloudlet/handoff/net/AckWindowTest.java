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

    @Test
    void aWriteIsTimedFromItsStart() throws Exception {
        FullSocket socket = new FullSocket();
        WindowSizer sizer = new WindowSizer(DestinationSession.ACK_INTERVAL_NANOS);
        AckWindow w = new AckWindow(socket, sizer);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                w.write(new byte[1000], 0, 1000);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200); // the bytes leave while the write waits in the socket
        socket.room.release();
        blocked.get(5, TimeUnit.SECONDS);
        w.acknowledged(1000); // at once after the call returned: the round trip is still the 200 ms since it began
        assertTrue(sizer.pathDelayNanos() >= 190_000_000L, sizer.pathDelayNanos() + " ns");
    }

    @Test
    void aFrameGoesOutInPieces() throws Exception {
        java.util.List<Integer> writes = new java.util.ArrayList<>();
        OutputStream socket = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        AckWindow w = new AckWindow(socket, new WindowSizer(DestinationSession.ACK_INTERVAL_NANOS));
        int frame = 2 * AckWindow.PIECE + 100;
        w.write(new byte[frame], 0, frame);
        assertEquals(java.util.List.of(AckWindow.PIECE, AckWindow.PIECE, 100), writes);
        assertEquals(frame, w.written());
    }
}
