package org.cloudlet.handoff.net;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * With {@code HANDOFF_TRACE=DIR}, a source session writes a CSV of 100 ms samples — bytes read from QEMU, stream
 * bytes encoded, bytes handed to the socket, bytes acknowledged, the send window and the link bandwidth it is sized
 * for — to {@code DIR/source-<millis>.csv}, to line them up with QEMU's own migration events afterwards. Off by
 * default; flushed every sample, so a stall can be read while it happens.
 */
final class SessionTrace implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final PrintWriter out;

    private SessionTrace(ScheduledExecutorService timer, PrintWriter out) {
        this.timer = timer;
        this.out = out;
    }

    static SessionTrace start(LongSupplier fromQemu, LongSupplier sent, LongSupplier onLink, LongSupplier acked, LongSupplier window,
                              DoubleSupplier linkBandwidth) throws IOException {
        String dir = System.getenv("HANDOFF_TRACE");
        if (dir == null || dir.isEmpty()) {
            return new SessionTrace(null, null);
        }
        Files.createDirectories(Path.of(dir));
        long startMillis = System.currentTimeMillis();
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(dir, "source-" + startMillis + ".csv")));
        out.println("epoch_ms,t_s,qemu_bytes,sent_bytes,link_bytes,acked_bytes,window_bytes,link_Bps");
        long start = System.nanoTime();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "handoff-trace");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            synchronized (out) {
                out.printf("%d,%.3f,%d,%d,%d,%d,%d,%.0f%n", System.currentTimeMillis(), (System.nanoTime() - start) / 1e9,
                        fromQemu.getAsLong(), sent.getAsLong(), onLink.getAsLong(), acked.getAsLong(), window.getAsLong(),
                        linkBandwidth.getAsDouble());
                out.flush();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return new SessionTrace(timer, out);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            synchronized (out) {
                out.close();
            }
        }
    }
}
