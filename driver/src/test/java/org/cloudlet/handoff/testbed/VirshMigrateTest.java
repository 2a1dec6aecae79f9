package org.cloudlet.handoff.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's {@code virsh migrate --live} between two libvirtd instances (one per cloudlet) goes through the
 * handoff daemons: the source libvirtd dials the migrate URI, where cloudlet A's daemon listens, and the destination
 * QEMU libvirt started listens on B's 127.0.0.1, where B's daemon feeds it. Root, QEMU and libvirt (bin/setup).
 */
class VirshMigrateTest {
    @TempDir
    Path work;

    @Test
    void virshMigrateMovesARunningGuestThroughTheHandoff() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "50mbit", "tiny-virsh")) {
            c.migrate(true);
            assertEquals("running", c.hosts.virsh(false, "domstate", c.name).strip());
            assertTrue(c.hosts.virsh(true, "list", "--all", "--name").strip().isEmpty(), "the source still lists the guest");
            c.verifyIn(false);
            String sourceLog = Files.readString(c.daemonLog(true));
            assertTrue(sourceLog.matches("(?s).*complete, \\d{7,} bytes acknowledged.*"), "the bytes did not go through the handoff: " + sourceLog);
            // the daemon found the domain behind the connection and steered its QEMU through libvirt
            assertTrue(sourceLog.contains("iteration control: downtime-limit"), sourceLog);
            assertTrue(!sourceLog.contains("QEMU decides alone"), sourceLog);

            c.migrateWithoutUri(false); // and back, as nova asks libvirt: each daemon routes its peer's migration ports
            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip());
            c.verifyIn(true);
            assertTrue(Files.readString(c.daemonLog(false)).contains("bytes acknowledged"), c.logs());
            assertTrue(Files.readString(c.daemonLog(false)).contains("destination QEMU port"), c.logs());
        }
    }

    @Test
    void aStreamTheDaemonCannotTakeApartIsRefusedAndTheGuestStays() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "50mbit", "tiny-xbzrle")) {
            List<String> cmd = new java.util.ArrayList<>(c.migrateCommand(true));
            cmd.addAll(List.of("--compressed", "--comp-methods", "xbzrle")); // QEMU's own page encoding in the stream
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor() != 0, "virsh migrate went through: " + out);
            // refused when QEMU connects, by its capabilities: not left to an xbzrle page that may come late or never
            assertTrue(Files.readString(c.daemonLog(true)).contains("migration capability xbzrle"), "the daemon did not say why: " + c.logs());
            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip());
            c.verifyIn(true);
            assertTrue(c.hosts.virsh(false, "list", "--all", "--name").strip().isEmpty(), "the destination kept a guest");
        }
    }

    @Test
    void theDomainsMetadataNamesTheBaseTheHandoffUses() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "50mbit", "tiny-based", true)) {
            c.migrate(true);
            c.verifyIn(false);
            String sourceLog = Files.readString(c.daemonLog(true));
            // the daemon offers no base of its own: the one named in the domain's XML was agreed and used
            assertTrue(sourceLog.contains("started, base " + c.baseId), sourceLog);
            assertTrue(sourceLog.matches("(?s).*base-same [1-9].*"), sourceLog);
        }
    }

    @Test
    void domjobabortLeavesTheSourceRunningAndTheDaemonsReady() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "4mbit", "tiny-abort")) {
            ProcessBuilder pb = new ProcessBuilder(c.migrateCommand(true)).redirectErrorStream(true);
            Process migrate = pb.start();
            Path sourceLog = c.daemonLog(true);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(sourceLog).contains("handoff to")) { // the daemon has the migration
                assertTrue(System.nanoTime() < deadline && migrate.isAlive(), "no handoff started: " + Files.readString(sourceLog));
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            String job = c.hosts.virsh(true, "domjobinfo", c.name); // QEMU's side: what the daemon has taken so far
            assertTrue(job.matches("(?s).*Job type: +Unbounded.*Data processed: +[0-9.]+ [KMG]iB.*"), job);
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

    /**
     * Aborting the handoff of a guest on a tracked disk: the source runs on with its files, the disk B's hook mounted
     * for the incoming guest is unmounted (its overlay kept), and the next migration gets a fresh one and succeeds.
     */
    @Test
    void domjobabortOfATrackedDiskReleasesTheDestinationsDisk() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "4mbit", "tiny-disk-abort", true, true)) {
            assertTrue(c.trackedDiskMounted(true), "A's hook did not mount the guest's disk");
            Process migrate = new ProcessBuilder(c.migrateCommand(true)).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(c.daemonLog(true)).contains("the VM's disk changes go along")) {
                assertTrue(System.nanoTime() < deadline && migrate.isAlive(), "no handoff with the disk: " + c.logs());
                Thread.sleep(100);
            }
            assertTrue(c.trackedDiskMounted(false), "B's hook did not mount a disk for the incoming guest: " + c.logs());
            Thread.sleep(2000);
            c.hosts.virsh(true, "domjobabort", c.name);
            String out = new String(migrate.getInputStream().readAllBytes());
            assertTrue(migrate.waitFor() != 0, "virsh migrate did not fail: " + out + c.logs());

            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip(), c.logs());
            c.verifyIn(true); // the files and the log on A's disk
            assertTrue(c.trackedDiskMounted(true));
            assertTrue(c.hosts.virsh(false, "list", "--all", "--name").strip().isEmpty(), "the destination kept a guest");
            assertTrue(!c.trackedDiskMounted(false), "B's disk is still mounted after the abort");
            assertTrue(Files.isDirectory(c.trackedImage(c.hosts, false).getParent().resolveSibling("overlay")), "B's overlay was deleted");

            c.net.setRate("50mbit");
            c.migrate(true); // a fresh disk in B (the aborted one moved aside), the guest's files intact there
            c.verifyIn(false);
            assertTrue(c.trackedDiskMounted(false));
            assertTrue(!c.trackedDiskMounted(true), "A's disk is still mounted after the guest left");
        }
    }
}
