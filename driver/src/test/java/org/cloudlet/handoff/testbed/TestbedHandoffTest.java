package org.cloudlet.handoff.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.testing.TinyGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testbed end to end, as CI runs it: two network namespaces, a tc-shaped link, a daemon and a QEMU per
 * cloudlet, 20 ms of round-trip time; the guest's base VM recorded in cloudlet A's store and imported into B's; the
 * tiny guest's workload (32 MB of data and a process rewriting memory) verifies on the destination.
 */
class TestbedHandoffTest {
    /** Not the default testbed: the tests may run while an experiment or a benchmark uses that one. */
    private static final String TESTBED = "hofftest";

    @TempDir
    Path work;

    @Test
    void aLiveGuestWithARunningWorkloadMovesOverAShapedLink() throws Exception {
        Path guest = TinyGuests.build();
        Path workload = TinyGuests.repoRoot().resolve("testbed/workloads/memory-checksum.sh");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment.Settings s = new Experiment.Settings(Experiment.Method.HANDOFF, "50mbit", 20, 192, workload, guest, work,
                "adaptive", 300, false, Duration.ofMinutes(10), work.resolve("bases"), false).onTestbed(TESTBED);
        Experiment experiment = new Experiment(s, new PrintStream(log));
        ObjectNode r = experiment.run();
        assertTrue(r.path("verified").asBoolean(), "workload did not verify: " + r + "\n" + log);
        // the adaptation ran beside it: its trace has the 100 ms samples, and the result the modes it went through
        var trace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(experiment.awaitTrace(Duration.ofSeconds(5)).toFile());
        assertTrue(trace.path("samples").size() >= 10, "samples: " + trace.path("samples").size());
        // it starts where the shipped profile puts the start
        assertEquals(org.cloudlet.handoff.adapt.ModePolicy.adaptive(org.cloudlet.handoff.adapt.Profile.builtIn()).initial().name(),
                r.path("mode_changes").path(0).path("mode").asText(), r.toString());
        assertTrue(r.path("wire_bytes").asLong() > 1_000_000, r.toString());
        assertTrue(r.path("base").asText().matches("[0-9a-f]{64}"), "no shared base was used: " + r);
        assertTrue(r.path("downtime_s").asDouble() > 0 && r.path("downtime_s").asDouble() < r.path("total_s").asDouble(), r.toString());
    }

    @Test
    void aGuestBootedFromATrackedDiskWritesFilesAndMovesWithIt() throws Exception {
        Path guest = TinyGuests.build();
        Path workload = TinyGuests.repoRoot().resolve("testbed/workloads/disk-files.sh");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment.Settings s = new Experiment.Settings(Experiment.Method.HANDOFF, "50mbit", 20, 192, workload, guest, work,
                "xor+zstd-1", 300, false, Duration.ofMinutes(10), work.resolve("bases"), true).onTestbed(TESTBED);
        ObjectNode r = new Experiment(s, new PrintStream(log)).run();
        assertTrue(r.path("verified").asBoolean(), "files did not verify on the destination: " + r + "\n" + log);
        assertEquals("tracked", r.path("disk").asText(), r.toString());
        assertTrue(r.path("disk_changed_bytes").asLong() > 16_000_000, "the workload wrote its files to the tracked disk: " + r);
        assertTrue(r.path("disk_chunks_sent").asLong() * 4096 >= r.path("disk_changed_bytes").asLong(), "every changed chunk was sent: " + r);
    }
}
