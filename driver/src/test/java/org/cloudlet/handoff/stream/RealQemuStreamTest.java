package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against real QEMU 7.2 (TCG) and a real guest: a stream recorded with {@code migrate "exec:cat > f"} is
 * re-created byte for byte, and re-created with its pages shuffled it still loads into a new QEMU, whose guest
 * runs and finds its data intact.
 */
class RealQemuStreamTest {
    @TempDir
    static Path dir;
    static Path guest;
    static Path stream;

    @BeforeAll
    static void recordAStreamFromARunningGuest() throws Exception {
        guest = TinyGuests.build();
        try (QemuVm vm = QemuVm.boot(QemuVm.Spec.of(guest, 192), dir.resolve("source"));
             GuestConsole console = vm.console(Duration.ofSeconds(30))) {
            console.awaitShell(Duration.ofSeconds(90));
            GuestConsole.Result r = console.run("dd if=/dev/urandom of=/work/blob bs=1M count=12 2>/dev/null && "
                    + "seq 1 200000 > /work/seq && md5sum /work/blob /work/seq > /work/sums", Duration.ofSeconds(60));
            assertEquals(0, r.status(), r.output());
            stream = dir.resolve("stream.bin");
            vm.qmp().execute("migrate", Map.of("uri", "exec:cat > " + stream));
            vm.qmp().awaitMigration(Duration.ofSeconds(120), "completed");
        }
    }

    @AfterAll
    static void removeTheStream() throws IOException {
        if (stream != null) {
            Files.deleteIfExists(stream);
        }
    }

    @Test
    void recreatedWithoutReorderingItIsByteIdentical() throws IOException {
        Path copy = dir.resolve("copy.bin");
        MigrationStreamReader r;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stream));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(copy))) {
            r = new MigrationStreamReader(in, new MigrationStreamWriter(out));
            r.run();
        }
        assertTrue(r.pages() > 3000, "pages: " + r.pages());
        assertTrue(r.blocks().stream().anyMatch(b -> b.idstr().equals("pc.ram")), r.blocks().toString());
        assertEquals(-1, Files.mismatch(stream, copy), "re-created stream differs");
        Files.delete(copy);
    }

    @Test
    void recreatedWithPagesShuffledQemuLoadsItAndTheGuestRuns() throws Exception {
        long seed = Seeds.seed();
        Path shuffled = dir.resolve("shuffled.bin");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stream));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(shuffled))) {
            new MigrationStreamReader(in, new Shuffler(new MigrationStreamWriter(out), new Random(seed))).run();
        }
        assertTrue(Files.mismatch(stream, shuffled) >= 0, "shuffling changed nothing");
        try (QemuVm vm = QemuVm.incoming(QemuVm.Spec.of(guest, 192), dir.resolve("dest"), "exec:cat " + shuffled);
             GuestConsole console = vm.console(Duration.ofSeconds(30))) {
            vm.awaitRunning(Duration.ofSeconds(120));
            GuestConsole.Result r = console.run("md5sum -c /work/sums && uname -r", Duration.ofSeconds(60));
            assertEquals(0, r.status(), "guest data after loading the shuffled stream (" + Seeds.describe(seed) + "): " + r.output());
        } finally {
            Files.deleteIfExists(shuffled);
        }
    }

    /** Holds pages until the next opaque run, then writes them in a random order. */
    private static final class Shuffler implements MigrationStreamHandler {
        private final MigrationStreamWriter w;
        private final Random rnd;
        private final List<Object[]> held = new ArrayList<>();

        Shuffler(MigrationStreamWriter w, Random rnd) {
            this.w = w;
            this.rnd = rnd;
        }

        public void opaque(byte[] buf, int off, int len) throws IOException {
            Collections.shuffle(held, rnd);
            for (Object[] p : held) {
                if (p[2] == null) {
                    w.zeroPage((RamBlock) p[0], (Long) p[1], 0);
                } else {
                    w.page((RamBlock) p[0], (Long) p[1], (byte[]) p[2], 0);
                }
            }
            held.clear();
            w.opaque(buf, off, len);
        }

        public void ramBlocks(List<RamBlock> blocks) {
            w.ramBlocks(blocks);
        }

        public void zeroPage(RamBlock block, long offset, int fill) {
            held.add(new Object[]{block, offset, null});
        }

        public void page(RamBlock block, long offset, byte[] buf, int off) {
            held.add(new Object[]{block, offset, Arrays.copyOfRange(buf, off, off + QemuStreamFormat.PAGE_SIZE)});
        }
    }
}
