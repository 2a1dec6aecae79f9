package org.cloudlet.handoff.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testbed's experiment through libvirt ({@code --method virsh-handoff}): timed from libvirt's own events, with
 * a shared base VM.
 */
class LibvirtExperimentTest {
    @TempDir
    Path work;

    @Test
    void virshHandoffOnTheTestbedIsTimedAndVerified() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ObjectNode r = virshHandoff("memory-checksum.sh", "adaptive", false, log);
        assertTrue(r.path("verified").asBoolean(), "workload did not verify: " + r + "\n" + log);
        assertEquals("virsh-handoff", r.path("method").asText());
        double total = r.path("total_s").asDouble();
        double downtime = r.path("downtime_s").asDouble();
        assertTrue(downtime > 0 && downtime < total && total < 300, r.toString());
        assertTrue(r.path("wire_bytes").asLong() > 1_000_000, r.toString());
        // it starts where the shipped profile puts the start
        assertEquals(org.cloudlet.handoff.adapt.ModePolicy.adaptive(org.cloudlet.handoff.adapt.Profile.builtIn()).initial().name(),
                r.path("mode_changes").path(0).path("mode").asText(), r.toString());
        // a base recorded as the libvirt guest's RAM looks (its own RAM block under TCG) is shared and used
        assertTrue(r.path("base").asText().matches("[0-9a-f]{64}"), r.toString());
        String sourceLog = daemonLog("a");
        assertTrue(sourceLog.contains("started, base " + r.path("base").asText()), sourceLog); // both daemons agreed on it
        assertTrue(sourceLog.matches("(?s).*base-same [1-9].*"), sourceLog); // and pages equal to the base's stayed home
    }

    /**
     * A guest booted from a tracked disk, moved by virsh migrate: the hooks mount A's disk as the domain starts and a
     * fresh one over B's copy of the base as the migration begins (another path: the XML is rewritten); the daemons
     * find both through the QEMUs; the files the guest wrote are intact on the destination.
     */
    @Test
    void aGuestOnATrackedDiskMovesWithItsFilesThroughVirsh() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ObjectNode r = virshHandoff("disk-files.sh", "xor+zstd-1", true, log);
        assertTrue(r.path("verified").asBoolean(), "the files did not verify on the destination: " + r + "\n" + log);
        assertEquals("tracked", r.path("disk").asText());
        long changed = r.path("disk_changed_bytes").asLong();
        assertTrue(changed > 10_000_000, r.toString()); // the workload wrote ~20 MB of files in A
        assertTrue(r.path("disk_chunks_sent").asLong() > 0, r.toString());
        assertTrue(r.path("disk_wire_bytes").asLong() < changed, r.toString());
        String sourceLog = daemonLog("a");
        assertTrue(sourceLog.contains("the VM's disk changes go along, from overlay"), sourceLog);
        String destinationLog = daemonLog("b");
        assertTrue(destinationLog.contains("disk changes go to"), destinationLog);
        assertTrue(destinationLog.contains(r.path("destination_disk").asText().replaceFirst("^/", "")), destinationLog);
        assertTrue(r.path("destination_disk").asText().contains("/libvirt/b/disks/"), r.toString()); // B's own path, not A's
    }

    /** The tiny guest moved by virsh migrate through the daemons at 50 Mbit/s, 20 ms, with {@code workload} running. */
    private ObjectNode virshHandoff(String workload, String mode, boolean trackedDisk, ByteArrayOutputStream log) throws Exception {
        Experiment.Settings s = new Experiment.Settings(Experiment.Method.VIRSH_HANDOFF, "50mbit", 20, 192,
                TinyGuests.repoRoot().resolve("testbed/workloads/" + workload), TinyGuests.build(), work, mode, 300, false,
                Duration.ofMinutes(10), work.resolve("bases"), trackedDisk).onTestbed("hofflvx");
        return new Experiment(s, new PrintStream(log)).run();
    }

    /** What cloudlet {@code side}'s daemon logged. */
    private String daemonLog(String side) throws java.io.IOException {
        return java.nio.file.Files.readString(work.resolve("daemon-" + side + ".log"));
    }
}
