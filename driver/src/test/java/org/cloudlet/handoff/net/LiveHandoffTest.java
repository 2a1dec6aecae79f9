package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.qemu.QmpClient;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running guest moves between two QEMUs through two handoff daemons: the source QEMU migrates to its daemon's
 * local port, the destination daemon feeds the destination QEMU, the return path is relayed. The guest keeps
 * dirtying memory throughout; afterwards it answers on the destination and its data checks out.
 */
class LiveHandoffTest {
    @TempDir
    Path dir;

    @Test
    void aRunningGuestMovesThroughTheDaemonsWithItsDataIntact() throws Exception {
        Path guest = TinyGuests.build();
        int sourcePort = freePort();
        int destinationPort = freePort();
        PipelineConfig config = PipelineConfig.live(2);
        try (HandoffDaemon destinationDaemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0), List.of(), config, Mode.parse("lz4"), 2);
             HandoffDaemon sourceDaemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0),
                     List.of(new Route(sourcePort, new InetSocketAddress("127.0.0.1", destinationDaemon.peerPort()), destinationPort)
                             .withQmp(QemuVm.secondQmpSocket(dir.resolve("source")))),
                     config, Mode.parse("xor+zstd-1"), 2);
             QemuVm source = QemuVm.boot(QemuVm.Spec.of(guest, 192), dir.resolve("source"));
             GuestConsole sourceConsole = source.console(Duration.ofSeconds(30))) {
            sourceConsole.awaitShell(Duration.ofSeconds(90));
            GuestConsole.Result r = sourceConsole.run("dd if=/dev/urandom of=/work/blob bs=1M count=16 2>/dev/null && "
                    + "seq 1 300000 > /work/seq && md5sum /work/blob /work/seq > /work/sums", Duration.ofSeconds(60));
            assertEquals(0, r.status(), r.output());
            // A memory dirtier that runs on through the handoff: later page versions must win on the destination.
            r = sourceConsole.run("(i=0; while true; do i=$((i+1)); echo $i > /work/counter; "
                    + "dd if=/work/seq of=/work/scratch bs=64k count=8 2>/dev/null; done) &", Duration.ofSeconds(30));
            assertEquals(0, r.status(), r.output());

            try (QemuVm destination = QemuVm.incoming(QemuVm.Spec.of(guest, 192), dir.resolve("destination"),
                    "tcp:127.0.0.1:" + destinationPort)) {
                QmpClient src = source.qmp();
                List<String> steering = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.logging.Logger log = java.util.logging.Logger.getLogger(QmpSteering.class.getName());
                java.util.logging.Handler listen = new java.util.logging.Handler() {
                    @Override
                    public void publish(java.util.logging.LogRecord record) {
                        steering.add(record.getMessage());
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                };
                log.addHandler(listen);
                JsonNode done;
                try {
                    src.execute("migrate", Map.of("uri", "tcp:127.0.0.1:" + sourcePort));
                    done = src.awaitMigration(Duration.ofSeconds(240), "completed");
                } finally {
                    log.removeHandler(listen);
                }
                // The daemon held QEMU's own switchover rule (on this unshaped loopback QEMU may still finish a pass
                // that small by itself; releasing is the testbed test's, over a shaped link) and the handoff ended.
                assertTrue(steering.stream().anyMatch(m -> m.contains("downtime-limit 1 ms")), steering.toString());
                destination.qmp().awaitEvent(e -> e.name().equals("RESUME"), Duration.ofSeconds(60));
                assertTrue(done.path("ram").path("transferred").asLong() > 16_000_000, done.toString());
                try (GuestConsole console = destination.console(Duration.ofSeconds(30))) {
                    GuestConsole.Result check = console.run("md5sum -c /work/sums && cat /work/counter", Duration.ofSeconds(60));
                    assertEquals(0, check.status(), "guest data on the destination: " + check.output() + " (serial: " + java.nio.file.Files.readString(dir.resolve("destination/serial.log")) + ")");
                    GuestConsole.Result alive = console.run("cat /work/counter", Duration.ofSeconds(30));
                    assertTrue(Long.parseLong(alive.output().strip().lines().reduce((a, b) -> b).orElse("0")) > 0, alive.output());
                }
            }
        }
    }

    /** With the base memory on both sides: the source offers its id, the destination holds it, pages refer to it. */
    @Test
    void withASharedBaseMemoryTheGuestMovesAndVerifies() throws Exception {
        Path guest = TinyGuests.build();
        Path baseStream = dir.resolve("base.mig");
        int sourcePort = freePort();
        int destinationPort = freePort();
        try (QemuVm source = QemuVm.boot(QemuVm.Spec.of(guest, 160), dir.resolve("source2"));
             GuestConsole console = source.console(Duration.ofSeconds(30))) {
            console.awaitShell(Duration.ofSeconds(90));
            assertEquals(0, console.run("dd if=/dev/urandom of=/work/a bs=1M count=8 2>/dev/null", Duration.ofSeconds(60)).status());
            source.qmp().execute("migrate", Map.of("uri", "exec:cat > " + baseStream)); // the base snapshot
            source.qmp().awaitMigration(Duration.ofSeconds(120), "completed");
            source.qmp().execute("cont");
            GuestConsole.Result r = console.run("dd if=/dev/urandom of=/work/b bs=1M count=4 2>/dev/null && "
                    + "md5sum /work/a /work/b > /work/sums", Duration.ofSeconds(60));
            assertEquals(0, r.status(), r.output());
            try (org.cloudlet.handoff.base.Base base = org.cloudlet.handoff.stream.RamImages.openBase(null, baseStream, 2);
                 HandoffDaemon destinationDaemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0), List.of(),
                         PipelineConfig.live(2), Mode.parse("lz4"), 2, BaseCatalog.of(base));
                 HandoffDaemon sourceDaemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0),
                         List.of(new Route(sourcePort, new InetSocketAddress("127.0.0.1", destinationDaemon.peerPort()), destinationPort)),
                         PipelineConfig.live(2), Mode.parse("xor+zstd-1"), 2, BaseCatalog.of(base));
                 QemuVm destination = QemuVm.incoming(QemuVm.Spec.of(guest, 160), dir.resolve("destination2"),
                         "tcp:127.0.0.1:" + destinationPort)) {
                source.qmp().execute("migrate", Map.of("uri", "tcp:127.0.0.1:" + sourcePort));
                source.qmp().awaitMigration(Duration.ofSeconds(240), "completed");
                destination.qmp().awaitEvent(e -> e.name().equals("RESUME"), Duration.ofSeconds(60));
                try (GuestConsole dest = destination.console(Duration.ofSeconds(30))) {
                    GuestConsole.Result check = dest.run("md5sum -c /work/sums", Duration.ofSeconds(60));
                    assertEquals(0, check.status(), "guest data on the destination: " + check.output());
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
