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
    private static final int PORT = 49152;

    @TempDir
    Path work;

    @Test
    void virshMigrateMovesARunningGuestThroughTheHandoff() throws Exception {
        Path guest = TinyGuests.build();
        Path workload = TinyGuests.repoRoot().resolve("testbed/workloads/memory-checksum.sh");
        String name = "tiny-virsh";
        try (TwoCloudlets net = TwoCloudlets.create(TESTBED, "50mbit", 20);
             LibvirtHosts hosts = LibvirtHosts.start(net, work.resolve("libvirt"))) {
            Process b = HandoffDaemon.start(hosts.in(false), List.of("--listen", TwoCloudlets.ADDRESS_B + ":7070"), work.resolve("daemon-b.log"));
            Process a = HandoffDaemon.start(hosts.in(true), List.of("--listen", TwoCloudlets.ADDRESS_A + ":7070",
                    "--route", PORT + "=" + TwoCloudlets.ADDRESS_B + ":7070"), work.resolve("daemon-a.log"));
            try {
                Path xml = work.resolve(name + ".xml");
                Files.writeString(xml, GuestDomain.xml(name, QemuVm.Spec.of(guest, 192)));
                hosts.virsh(true, "create", xml.toString());
                try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(true, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
                    console.awaitShell(Duration.ofSeconds(120));
                    GuestWorkload.start(console, workload, Duration.ofMinutes(2));
                }

                hosts.virsh(true, "migrate", "--live", "--unsafe", name, hosts.peerUri(false),
                        "--migrateuri", "tcp://127.0.0.1:" + PORT, "--listen-address", "127.0.0.1");

                assertEquals("running", hosts.virsh(false, "domstate", name).strip());
                assertTrue(hosts.virsh(true, "list", "--all", "--name").strip().isEmpty(), "the source still lists the guest");
                try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(false, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
                    GuestConsole.Result v = GuestWorkload.verify(console, Duration.ofMinutes(2));
                    assertEquals(0, v.status(), "the workload's state after the move: " + v.output());
                }
                String sourceLog = Files.readString(work.resolve("daemon-a.log"));
                assertTrue(sourceLog.matches("(?s).*complete, \\d{7,} bytes acknowledged.*"), "the bytes did not go through the handoff: " + sourceLog);
            } finally {
                HandoffDaemon.stop(a);
                HandoffDaemon.stop(b);
            }
        }
    }
}
