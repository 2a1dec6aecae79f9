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
        Path guest = TinyGuests.build();
        Path workload = TinyGuests.repoRoot().resolve("testbed/workloads/memory-checksum.sh");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment.Settings s = new Experiment.Settings(Experiment.Method.VIRSH_HANDOFF, "50mbit", 20, 192, workload, guest, work,
                "adaptive", 300, false, Duration.ofMinutes(10), work.resolve("bases"), false).onTestbed("hofflvx");
        ObjectNode r = new Experiment(s, new PrintStream(log)).run();
        assertTrue(r.path("verified").asBoolean(), "workload did not verify: " + r + "\n" + log);
        assertEquals("virsh-handoff", r.path("method").asText());
        double total = r.path("total_s").asDouble();
        double downtime = r.path("downtime_s").asDouble();
        assertTrue(downtime > 0 && downtime < total && total < 300, r.toString());
        assertTrue(r.path("wire_bytes").asLong() > 1_000_000, r.toString());
        assertEquals("xor+zstd-1", r.path("mode_changes").path(0).path("mode").asText(), r.toString());
        // a base recorded as the libvirt guest's RAM looks (its own RAM block under TCG) is shared and used
        assertTrue(r.path("base").asText().matches("[0-9a-f]{64}"), r.toString());
        String sourceLog = java.nio.file.Files.readString(work.resolve("daemon-a.log"));
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
        Path guest = TinyGuests.build();
        Path workload = TinyGuests.repoRoot().resolve("testbed/workloads/disk-files.sh");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment.Settings s = new Experiment.Settings(Experiment.Method.VIRSH_HANDOFF, "50mbit", 20, 192, workload, guest, work,
                "xor+zstd-1", 300, false, Duration.ofMinutes(10), work.resolve("bases"), true).onTestbed("hofflvx");
        ObjectNode r = new Experiment(s, new PrintStream(log)).run();
        assertTrue(r.path("verified").asBoolean(), "the files did not verify on the destination: " + r + "\n" + log);
        assertEquals("tracked", r.path("disk").asText());
        long changed = r.path("disk_changed_bytes").asLong();
        assertTrue(changed > 10_000_000, r.toString()); // the workload wrote ~20 MB of files in A
        assertTrue(r.path("disk_chunks_sent").asLong() > 0, r.toString());
        assertTrue(r.path("disk_wire_bytes").asLong() < changed, r.toString());
        String sourceLog = java.nio.file.Files.readString(work.resolve("daemon-a.log"));
        assertTrue(sourceLog.contains("the VM's disk changes go along, from overlay"), sourceLog);
        String destinationLog = java.nio.file.Files.readString(work.resolve("daemon-b.log"));
        assertTrue(destinationLog.contains("disk changes go to"), destinationLog);
        assertTrue(destinationLog.contains(r.path("destination_disk").asText().replaceFirst("^/", "")), destinationLog);
        assertTrue(r.path("destination_disk").asText().contains("/libvirt/b/disks/"), r.toString()); // B's own path, not A's
    }
}
