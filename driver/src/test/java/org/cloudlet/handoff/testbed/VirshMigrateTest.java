package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's {@code virsh migrate --live} between two libvirtd instances (one per cloudlet) goes through the
 * handoff daemons: the source libvirtd dials the migrate URI, where cloudlet A's daemon listens, and the destination
 * QEMU libvirt started listens on B's 127.0.0.1, where B's daemon feeds it. Root, QEMU and libvirt (bin/setup).
 */
class VirshMigrateTest {
    private static final String TESTBED = "hofflv";

    @TempDir
    Path work;

    @Test
    void virshMigrateMovesARunningGuestThroughTheHandoff() throws Exception {
        try (Cloudlets c = new Cloudlets("50mbit", "tiny-virsh")) {
            c.migrate(true);
            assertEquals("running", c.hosts.virsh(false, "domstate", c.name).strip());
            assertTrue(c.hosts.virsh(true, "list", "--all", "--name").strip().isEmpty(), "the source still lists the guest");
            c.verifyIn(false);
            String sourceLog = Files.readString(work.resolve("daemon-a.log"));
            assertTrue(sourceLog.matches("(?s).*complete, \\d{7,} bytes acknowledged.*"), "the bytes did not go through the handoff: " + sourceLog);
            // the daemon found the domain behind the connection and steered its QEMU through libvirt
            assertTrue(sourceLog.contains("iteration control: downtime-limit"), sourceLog);
            assertTrue(!sourceLog.contains("QEMU decides alone"), sourceLog);

            c.migrate(false); // and back: each daemon routes its peer's migration ports
            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip());
            c.verifyIn(true);
            assertTrue(Files.readString(work.resolve("daemon-b.log")).contains("bytes acknowledged"), c.logs());
        }
    }

    @Test
    void domjobabortLeavesTheSourceRunningAndTheDaemonsReady() throws Exception {
        try (Cloudlets c = new Cloudlets("4mbit", "tiny-abort")) {
            ProcessBuilder pb = new ProcessBuilder(c.migrateCommand(true)).redirectErrorStream(true);
            Process migrate = pb.start();
            Path sourceLog = work.resolve("daemon-a.log");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(sourceLog).contains("handoff to")) { // the daemon has the migration
                assertTrue(System.nanoTime() < deadline && migrate.isAlive(), "no handoff started: " + Files.readString(sourceLog));
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            c.hosts.virsh(true, "domjobabort", c.name);
            String out = new String(migrate.getInputStream().readAllBytes());
            // libvirt says "operation aborted", or passes on QEMU's write error: when the cancel's shutdown of the
            // socket is seen as a file error, QEMU 7.2's migration_detect_error turns CANCELLING into FAILED
            assertTrue(migrate.waitFor() != 0, "virsh migrate did not fail: " + out + c.logs());

            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip(), c.logs());
            c.verifyIn(true);
            assertTrue(c.hosts.virsh(false, "list", "--all", "--name").strip().isEmpty(), "the destination kept a guest");
            // and the daemons take the next migration of the same guest
            c.net.setRate("50mbit");
            c.migrate(true);
            c.verifyIn(false);
        }
    }

    /** Both cloudlets with their libvirtd and handoff daemon, and a tiny guest running its workload in A. */
    private final class Cloudlets implements AutoCloseable {
        final TwoCloudlets net;
        final LibvirtHosts hosts;
        final String name;
        private final Process a;
        private final Process b;

        Cloudlets(String rate, String name) throws Exception {
            this.name = name;
            Path guest = TinyGuests.build();
            net = TwoCloudlets.create(TESTBED, rate, 20);
            LibvirtHosts h = null;
            Process pa = null;
            Process pb = null;
            try {
                h = LibvirtHosts.start(net, work.resolve("libvirt"));
                pb = DaemonProcess.start(h.in(false), List.of("--listen", TwoCloudlets.ADDRESS_B + ":7070",
                        "--route", h.migrationPorts(true) + "=" + TwoCloudlets.ADDRESS_A + ":7070", "--libvirt", "qemu:///system"), work.resolve("daemon-b.log"));
                pa = DaemonProcess.start(h.in(true), List.of("--listen", TwoCloudlets.ADDRESS_A + ":7070",
                        "--route", h.migrationPorts(false) + "=" + TwoCloudlets.ADDRESS_B + ":7070", "--libvirt", "qemu:///system"), work.resolve("daemon-a.log"));
                Path xml = work.resolve(name + ".xml");
                Files.writeString(xml, GuestDomain.xml(name, QemuVm.Spec.of(guest, 192)));
                h.virsh(true, "create", xml.toString());
                try (GuestConsole console = GuestConsole.connect(h.fromRoot(true, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
                    console.awaitShell(Duration.ofSeconds(120));
                    GuestWorkload.start(console, TinyGuests.repoRoot().resolve("testbed/workloads/memory-checksum.sh"), Duration.ofMinutes(2));
                }
            } catch (Exception e) {
                close(h, pa, pb);
                throw e;
            }
            hosts = h;
            a = pa;
            b = pb;
        }

        /**
         * What an operator types on the source host (run in that cloudlet): the migrate URI names no port, so the
         * destination's libvirt picks one of its migration ports, which the source's daemon routes to it.
         */
        List<String> migrateCommand(boolean fromA) {
            List<String> cmd = new java.util.ArrayList<>(net.in(fromA));
            cmd.addAll(List.of("virsh", "-c", hosts.uri(fromA), "migrate", "--live", "--unsafe", name, hosts.peerUri(!fromA),
                    "--migrateuri", "tcp://127.0.0.1", "--listen-address", "127.0.0.1"));
            return cmd;
        }

        void migrate(boolean fromA) throws Exception {
            Process p = new ProcessBuilder(migrateCommand(fromA)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "virsh migrate: " + out);
        }

        /** The daemons' logs, for a failure's message. */
        String logs() throws java.io.IOException {
            StringBuilder s = new StringBuilder();
            for (String d : new String[] {"a", "b"}) {
                s.append("\n--- daemon ").append(d).append(":\n").append(Files.readString(work.resolve("daemon-" + d + ".log")));
                Path qemuLog = hosts.fromRoot(d.equals("a"), "/var/log/libvirt/qemu/" + name + ".log");
                s.append("\n--- QEMU in ").append(d).append(":\n").append(Files.exists(qemuLog) ? Files.readString(qemuLog) : "(none)");
            }
            return s.toString();
        }

        void verifyIn(boolean cloudletA) throws Exception {
            try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(cloudletA, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
                GuestConsole.Result v = GuestWorkload.verify(console, Duration.ofMinutes(2));
                assertEquals(0, v.status(), "the workload's state in cloudlet " + (cloudletA ? "A" : "B") + ": " + v.output());
            }
        }

        private void close(LibvirtHosts h, Process pa, Process pb) throws InterruptedException {
            for (Process p : new Process[] {pa, pb}) {
                if (p != null) {
                    DaemonProcess.stop(p);
                }
            }
            if (h != null) {
                h.close();
            }
            net.close();
        }

        @Override
        public void close() throws InterruptedException {
            close(hosts, a, b);
        }
    }
}
