package org.cloudlet.handoff.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff disk mount|mark|dirty|flatten} on a real FUSE mount. */
class DiskCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void mountWriteMarkListAndFlatten(@TempDir Path dir) throws Exception {
        byte[] baseBytes = new byte[64 * 4096];
        new Random(5).nextBytes(baseBytes);
        Path base = Files.write(dir.resolve("base.img"), baseBytes);
        Path overlay = dir.resolve("overlay");
        Path mnt = dir.resolve("mnt");
        Path image = mnt.resolve("disk.img");
        // The mount command serves until unmounted; it runs here on its own thread, with its own output.
        Main mounter = new Main(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> mounter.run(new String[] {"disk", "mount",
                "--base", base.toString(), "--overlay", overlay.toString(), mnt.toString()}));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.isRegularFile(image) && Files.size(image) == baseBytes.length) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            byte[] expected = baseBytes.clone();
            try (FileChannel f = FileChannel.open(image, StandardOpenOption.WRITE)) {
                f.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 3 * 4096 + 7);
                f.force(false);
            }
            expected[3 * 4096 + 7] = 1;
            expected[3 * 4096 + 8] = 2;
            expected[3 * 4096 + 9] = 3;
            assertEquals(Main.OK, run("disk", "mark", "--overlay", overlay.toString()), err.toString());
            assertEquals("1", out.toString().strip());
            try (FileChannel f = FileChannel.open(image, StandardOpenOption.WRITE)) {
                f.write(ByteBuffer.wrap(new byte[4096 * 2]), 40 * 4096);
            }
            java.util.Arrays.fill(expected, 40 * 4096, 42 * 4096, (byte) 0);
            assertEquals(Main.OK, run("disk", "dirty", "--overlay", overlay.toString()));
            assertEquals("3\n40\n41\n", out.toString());
            assertEquals(Main.OK, run("disk", "dirty", "--overlay", overlay.toString(), "--since", "1"));
            assertEquals("40\n41\n", out.toString());
            assertEquals(Main.FAILED, run("disk", "dirty", "--overlay", overlay.toString(), "--since", "2"));
            assertTrue(err.toString().contains("no mark 2"), err.toString());
            assertEquals(Main.FAILED, run("disk", "flatten", "--base", base.toString(), "--overlay", overlay.toString(), "-o", dir.resolve("x.img").toString()));
            assertTrue(err.toString().contains("unmount it first"), err.toString());
        } finally {
            new ProcessBuilder("fusermount", "-u", mnt.toString()).start().waitFor();
        }
        assertEquals(Main.OK, served.get(20, TimeUnit.SECONDS), "the mount command returns once unmounted");
        Path full = dir.resolve("full.img");
        assertEquals(Main.OK, run("disk", "flatten", "--base", base.toString(), "--overlay", overlay.toString(), "-o", full.toString()), err.toString());
        byte[] expectedAll = baseBytes.clone();
        expectedAll[3 * 4096 + 7] = 1;
        expectedAll[3 * 4096 + 8] = 2;
        expectedAll[3 * 4096 + 9] = 3;
        java.util.Arrays.fill(expectedAll, 40 * 4096, 42 * 4096, (byte) 0);
        assertArrayEquals(expectedAll, Files.readAllBytes(full));
        assertEquals(Main.USAGE, run("disk", "dirty", "--overlay", dir.resolve("nothing").toString()));
        assertTrue(err.toString().contains("not an overlay directory"), err.toString());
    }
}
