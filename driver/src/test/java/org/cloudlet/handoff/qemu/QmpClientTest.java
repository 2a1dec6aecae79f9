package org.cloudlet.handoff.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QmpClientTest {
    /**
     * A monitor that answers every command with its own name, the first one only after {@code lateMillis} (as QEMU
     * does while the end of a migration holds its main loop).
     */
    private static Thread slowMonitor(Path socket, long lateMillis) throws IOException {
        int[] seen = {0};
        return FakeQmpMonitor.serve(socket, cmd -> {
            String name = cmd.path("execute").asText();
            if (!name.equals("qmp_capabilities") && seen[0]++ == 0) {
                Thread.sleep(lateMillis);
            }
            return Map.of("command", name);
        });
    }

    @Test
    void aReplyThatComesAfterItsCommandGaveUpIsNotTakenForTheNext(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        Thread monitor = slowMonitor(socket, 400);
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            IOException late = assertThrows(IOException.class, () -> qmp.execute("query-migrate", Map.of(), Duration.ofMillis(100)));
            assertTrue(late.getMessage().contains("no QMP reply to query-migrate"), late.getMessage());
            // query-migrate's reply arrives while this one waits: it must be skipped
            assertEquals("query-status", qmp.execute("query-status").path("command").asText());
        }
        monitor.join(5000);
    }

    @Test
    void aSlowReplyIsWaitedForUpToTheGivenTime(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        Thread monitor = slowMonitor(socket, 300);
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            assertEquals("query-migrate", qmp.execute("query-migrate", Map.of(), Duration.ofSeconds(5)).path("command").asText());
        }
        monitor.join(5000);
    }
}
