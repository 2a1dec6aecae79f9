package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `handoff encode/decode` on QEMU migration stream files: a base snapshot and a later snapshot of the same running
 * guest; the later one is encoded against the base, decoded back into a stream file, and a new QEMU that loads
 * that file runs the guest with the later data intact.
 */
class StreamFileHandoffTest {
    @TempDir
    Path dir;

    @Test
    void laterSnapshotEncodedAgainstTheBaseSnapshotLoadsAndVerifies() throws Exception {
        Path guest = TinyGuests.build();
        Path base = dir.resolve("base.mig");
        Path later = dir.resolve("later.mig");
        try (QemuVm vm = QemuVm.boot(QemuVm.Spec.of(guest, 160), dir.resolve("vm"));
             GuestConsole console = vm.console(Duration.ofSeconds(30))) {
            console.awaitShell(Duration.ofSeconds(90));
            assertEquals(0, console.run("dd if=/dev/urandom of=/work/a bs=1M count=8 2>/dev/null && seq 1 100000 > /work/b",
                    Duration.ofSeconds(60)).status());
            vm.qmp().execute("migrate", Map.of("uri", "exec:cat > " + base));
            vm.qmp().awaitMigration(Duration.ofSeconds(120), "completed");
            vm.qmp().execute("cont");
            GuestConsole.Result r = console.run("dd if=/dev/urandom of=/work/c bs=1M count=4 2>/dev/null && "
                    + "sed -i s/7/seven/ /work/b && md5sum /work/a /work/b /work/c > /work/sums", Duration.ofSeconds(60));
            assertEquals(0, r.status(), r.output());
            vm.qmp().execute("migrate", Map.of("uri", "exec:cat > " + later));
            vm.qmp().awaitMigration(Duration.ofSeconds(120), "completed");
        }
        Path disk = Files.write(dir.resolve("disk.img"), new byte[1 << 20]);
        Path encoded = dir.resolve("state.hoff");
        Path rebuilt = dir.resolve("rebuilt.mig");
        assertEquals(0, cli("encode", "--base-disk", disk.toString(), "--disk", disk.toString(), "--base-memory", base.toString(),
                "--memory", later.toString(), "--mode", "xor+zstd-1", "-o", encoded.toString()));
        assertEquals(0, cli("decode", "--base-disk", disk.toString(), "--base-memory", base.toString(), "-i", encoded.toString(),
                "--disk-out", dir.resolve("disk2.img").toString(), "--memory-out", rebuilt.toString()));
        assertTrue(Files.size(encoded) < Files.size(later) / 2,
                "encoded " + Files.size(encoded) + " bytes for a " + Files.size(later) + "-byte stream");

        try (QemuVm vm = QemuVm.incoming(QemuVm.Spec.of(guest, 160), dir.resolve("loaded"), "exec:cat " + rebuilt);
             GuestConsole console = vm.console(Duration.ofSeconds(30))) {
            vm.awaitRunning(Duration.ofSeconds(120));
            GuestConsole.Result check = console.run("md5sum -c /work/sums", Duration.ofSeconds(60));
            assertEquals(0, check.status(), "guest data after loading the decoded stream: " + check.output());
        }
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Main(new PrintStream(out), new PrintStream(err)).run(args);
        if (rc != 0) {
            System.err.println(out + "\n" + err);
        }
        return rc;
    }
}
