package org.cloudlet.handoff.store;

import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.qemu.QmpClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Records a base VM's memory: boots the base image, waits until the guest is idle — QEMU's own dirty-rate
 * measurement ({@code calc-dirty-rate}) below a threshold twice in a row — and saves its memory as a migration
 * stream ({@code migrate "exec:cat > FILE"}), the form a handoff's source stream is compared against.
 */
public final class BaseSnapshot {
    /** @param idleMBps dirty rate (MB/s) under which the guest counts as idle */
    public record Settings(QemuVm.Spec spec, double idleMBps, Duration idleTimeout) {
    }

    private static final int SAMPLE_SECONDS = 2;

    private BaseSnapshot() {
    }

    /**
     * Records a snapshot into a staging directory of {@code store} and commits it as a base named {@code name},
     * with the booted disk image when {@code withDisk} (and the spec has one). Nothing is left behind on failure.
     */
    public static StoredBase create(BaseStore store, String name, Settings s, boolean withDisk, int threads, PrintStream log)
            throws IOException, InterruptedException {
        Path staging = store.stage();
        try {
            record(s, staging.resolve(".vm"), staging.resolve(BaseStore.MEMORY), log);
            if (withDisk && s.spec().disk() != null) {
                Files.copy(s.spec().disk(), staging.resolve(BaseStore.DISK));
            }
            BaseStore.deleteTree(staging.resolve(".vm")); // the VM's logs and sockets
        } catch (IOException | InterruptedException | RuntimeException e) {
            BaseStore.deleteTree(staging);
            throw e;
        }
        return store.commit(staging, name, null, threads);
    }

    /** Boots, waits for idle, writes the snapshot to {@code out}; the VM is gone afterwards. */
    static void record(Settings s, Path work, Path out, PrintStream log) throws IOException, InterruptedException {
        try (QemuVm vm = QemuVm.boot(s.spec(), work)) {
            QmpClient qmp = vm.qmp();
            long start = System.nanoTime();
            int quiet = 0;
            double rate = Double.NaN;
            while (quiet < 2) {
                if (System.nanoTime() - start > s.idleTimeout().toNanos()) {
                    throw new IOException(String.format("the base VM did not become idle within %d s (last dirty rate %.1f MB/s, "
                            + "threshold %.1f MB/s); its console log is %s", s.idleTimeout().toSeconds(), rate, s.idleMBps(),
                            work.resolve("serial.log")));
                }
                if (!vm.isAlive()) {
                    throw new IOException("the base VM exited during boot; see " + work.resolve("qemu.log"));
                }
                rate = dirtyRate(qmp);
                quiet = rate <= s.idleMBps() ? quiet + 1 : 0;
                log.printf("base: guest dirty rate %.1f MB/s%s%n", rate, quiet > 0 ? " (idle)" : "");
            }
            qmp.execute("migrate", Map.of("uri", "exec:cat > '" + out.toString().replace("'", "'\\''") + "'"));
            JsonNode done = qmp.awaitMigration(Duration.ofMinutes(30), "completed");
            log.printf("base: memory snapshot %s (%d MB written)%n", out, done.path("ram").path("transferred").asLong() / 1_000_000);
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw new IOException("QEMU wrote no snapshot to " + out);
        }
    }

    /** One measurement of the guest's dirty rate in MB/s, over {@link #SAMPLE_SECONDS}. */
    private static double dirtyRate(QmpClient qmp) throws IOException, InterruptedException {
        qmp.execute("calc-dirty-rate", Map.of("calc-time", SAMPLE_SECONDS));
        Thread.sleep(SAMPLE_SECONDS * 1000L);
        for (int i = 0; i < 50; i++) {
            JsonNode r = qmp.execute("query-dirty-rate");
            if (r.path("status").asText().equals("measured")) {
                return r.path("dirty-rate").asDouble();
            }
            Thread.sleep(100);
        }
        throw new IOException("QEMU did not finish measuring the dirty rate");
    }
}
