package org.cloudlet.handoff.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff migrate DOMAIN --to URI} on a source cloudlet: libvirt's migration through the daemons, summed up. */
class HandoffMigrateTest {
    @TempDir
    Path work;

    @Test
    void handoffMigrateMovesTheDomainAndSaysWhatCrossed() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "50mbit", "tiny-migrate")) {
            Path trace = work.resolve("trace.json");
            Path report = work.resolve("report.png");
            List<String> cmd = new ArrayList<>(c.hosts.in(true));
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                    "org.cloudlet.handoff.cli.Main", "migrate", c.name, "--to", c.hosts.peerUri(false),
                    "--control", c.control(true).toString(), "--trace", trace.toString(), "--report", report.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out + c.logs());
            System.out.println(out); // the test report keeps what an operator sees

            assertEquals("running", c.hosts.virsh(false, "domstate", c.name).strip());
            c.verifyIn(false);
            assertTrue(out.matches("(?s).*tiny-migrate moved in [0-9.]+ s, downtime [0-9.]+ s.*"), out);
            assertTrue(out.matches("(?s).*on the wire [0-9.]+ MB.*wire / modified = 0\\.\\d+.*"), out);
            assertTrue(out.contains("daemon's session complete"), out);
            assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(trace.toFile()).path("samples").size() > 10, out);
            assertTrue(Files.size(report) > 10_000, "report " + Files.size(report) + " bytes");
        }
    }

    @Test
    void aDomainThatIsNotThereIsNamed() throws Exception {
        try (LibvirtCloudlets c = new LibvirtCloudlets(work, "50mbit", "tiny-there")) {
            List<String> cmd = new ArrayList<>(c.hosts.in(true));
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                    "org.cloudlet.handoff.cli.Main", "migrate", "no-such-vm", "--to", c.hosts.peerUri(false), "--control", c.control(true).toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(1, p.waitFor(), out);
            assertTrue(out.contains("no domain 'no-such-vm'"), out);
            assertEquals("running", c.hosts.virsh(true, "domstate", c.name).strip());
        }
    }
}
