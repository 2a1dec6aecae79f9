package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.disk.CowDisk;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.stream.QemuStreamBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.cloudlet.handoff.stream.QemuStreamFormat.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A VM's tracked disk goes along with its memory: the source daemon sends the overlay's chunks while the stream's
 * live phase runs and the last changes once the stream shows the VM stopped; the destination daemon writes them
 * into its disk image before the destination QEMU gets the stream's device state. A fake QEMU at each end of two
 * real daemons; the source's tracker is the copy-on-write disk itself (no FUSE needed to test the handoff).
 */
class DiskHandoffTest {
    private static final int DISK = 512 * PAGE_SIZE;

    @Test
    void changesBeforeAndDuringTheHandoffAndAfterTheVmStoppedAllArrive(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        Random r = new Random(seed);
        byte[] baseBytes = new byte[DISK];
        r.nextBytes(baseBytes);
        Path base = Files.write(dir.resolve("base.img"), baseBytes);
        Path destinationImage = Files.write(dir.resolve("dest.img"), baseBytes); // stands in for a fresh tracked mount
        byte[] expected = baseBytes.clone();

        QemuStreamBuilder live = new QemuStreamBuilder().header().ramStart(2, "pc.ram", 64L * PAGE_SIZE).part(2);
        for (int p = 0; p < 64; p++) {
            byte[] page = new byte[PAGE_SIZE];
            r.nextBytes(page);
            live.page("pc.ram", (long) p * PAGE_SIZE, page);
        }
        int split = live.eos().footer(2).bytes().length;
        byte[] page = new byte[PAGE_SIZE];
        r.nextBytes(page);
        // One builder: a page record continues the block of the one before it, across sections, as QEMU's do.
        byte[] stream = live.end(2).page("pc.ram", 0, page).eos().footer(2).deviceStateAndEof().bytes();
        byte[] liveBytes = Arrays.copyOf(stream, split);
        byte[] completion = Arrays.copyOfRange(stream, split, stream.length);

        try (CowDisk source = CowDisk.open(base, dir.resolve("overlay"));
             ServerSocket fakeQemu = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HandoffDaemon destination = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0), List.of(), PipelineConfig.live(2),
                     Mode.parse("xor+zstd-1"), 2, BaseCatalog.NONE, new HandoffDaemon.Disks(null, destinationImage))) {
            write(source, expected, r, 40, "before the handoff");
            int localPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                localPort = probe.getLocalPort();
            }
            try (HandoffDaemon sourceDaemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0),
                    List.of(new Route(localPort, new InetSocketAddress("127.0.0.1", destination.peerPort()), fakeQemu.getLocalPort())),
                    // pages in stream order, so the destination QEMU's stream can be compared byte for byte
                    PipelineConfig.live(2).withShuffleWindow(0), Mode.parse("xor+zstd-1"), 2, BaseCatalog.NONE,
                    new HandoffDaemon.Disks(dir.resolve("overlay"), null))) {
                // The destination QEMU: once the whole stream is in, the disk must already be complete.
                CompletableFuture<byte[]> diskWhenLoaded = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = fakeQemu.accept(); InputStream in = s.getInputStream()) {
                        byte[] got = in.readNBytes(stream.length);
                        assertArrayEquals(stream, got, "the destination QEMU's stream");
                        return Files.readAllBytes(destinationImage);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                try (Socket qemu = new Socket("127.0.0.1", localPort); OutputStream out = qemu.getOutputStream()) {
                    out.write(liveBytes);
                    out.flush();
                    Thread.sleep(300);
                    write(source, expected, r, 30, "during the live phase");
                    Thread.sleep(1500); // a live round takes these
                    write(source, expected, r, 20, "while the VM stops"); // only the final round can carry these
                    out.write(completion);
                    out.flush();
                    byte[] got = diskWhenLoaded.get(60, TimeUnit.SECONDS);
                    assertArrayEquals(expected, got, "destination disk when its QEMU had the whole stream (seed " + seed + ")");
                }
            }
        }
    }

    private static void write(CowDisk disk, byte[] model, Random r, int writes, String when) throws Exception {
        for (int i = 0; i < writes; i++) {
            int at = r.nextInt(DISK - 3 * PAGE_SIZE);
            byte[] b = new byte[1 + r.nextInt(3 * PAGE_SIZE)];
            if (r.nextBoolean()) {
                Arrays.fill(b, (byte) r.nextInt(4)); // compressible, sometimes zero
            } else {
                r.nextBytes(b);
            }
            disk.write(at, ByteBuffer.wrap(b));
            System.arraycopy(b, 0, model, at, b.length);
        }
    }
}
