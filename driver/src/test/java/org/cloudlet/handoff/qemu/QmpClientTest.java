package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QmpClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A monitor that answers every command with its own name and id, the first one only after {@code lateMillis}
     * (as QEMU does while the end of a migration holds its main loop).
     */
    private static Thread slowMonitor(Path socket, long lateMillis) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try (server; SocketChannel ch = server.accept()) {
                OutputStream out = Channels.newOutputStream(ch);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
                int seen = 0;
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode cmd = JSON.readTree(line);
                    String name = cmd.path("execute").asText();
                    if (!name.equals("qmp_capabilities") && seen++ == 0) {
                        Thread.sleep(lateMillis);
                    }
                    out.write((JSON.writeValueAsString(Map.of("return", Map.of("command", name), "id", cmd.path("id"))) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the client closed the connection
            }
        });
        t.start();
        return t;
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
