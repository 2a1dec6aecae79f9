package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlSocketTest {
    @TempDir
    Path dir;

    @Test
    void reportsEachSessionsCountsAsTheyGrowAndKeepsTheLastOnceFinished() throws Exception {
        Path path = dir.resolve("d.sock");
        try (ControlSocket control = ControlSocket.open(path)) {
            assertEquals(0, sessions(path).size());
            SessionStatus s = control.register(49170, "/10.0.0.2:7070");
            AtomicLong qemu = new AtomicLong(1000);
            s.running(qemu::get, () -> 300, () -> "xor+zstd-3");
            s.domain("vm1");
            s.iteration(2);
            JsonNode n = sessions(path).get(0);
            assertEquals("running", n.path("state").asText());
            assertEquals(1000, n.path("qemu_bytes").asLong());
            assertEquals("vm1", n.path("domain").asText());
            qemu.set(5000);
            assertEquals(5000, sessions(path).get(0).path("qemu_bytes").asLong());
            s.complete(7000, "/t/handoff-1.json");
            qemu.set(9999); // a finished session keeps its last counts
            n = sessions(path).get(0);
            assertEquals("complete", n.path("state").asText());
            assertEquals(5000, n.path("qemu_bytes").asLong());
            assertEquals(7000, n.path("modified_bytes").asLong());
            assertEquals("/t/handoff-1.json", n.path("trace").asText());
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefusedAndAStaleSocketReplaced() throws Exception {
        Path path = dir.resolve("d.sock");
        try (ControlSocket first = ControlSocket.open(path)) {
            IOException e = assertThrows(IOException.class, () -> ControlSocket.open(path));
            assertTrue(e.getMessage().contains("another handoff daemon answers"), e.getMessage());
        }
        java.nio.file.Files.createFile(path); // left behind by a daemon killed hard
        try (ControlSocket again = ControlSocket.open(path)) {
            assertEquals(0, sessions(path).size());
        }
        IOException gone = assertThrows(IOException.class, () -> ControlSocket.read(path));
        assertTrue(gone.getMessage().contains("no handoff daemon answers at"), gone.getMessage());
    }

    private static JsonNode sessions(Path path) throws IOException {
        return new ObjectMapper().readTree(ControlSocket.read(path)).path("sessions");
    }
}
