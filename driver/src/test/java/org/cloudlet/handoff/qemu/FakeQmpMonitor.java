package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.Map;

/** A QMP monitor on a Unix socket for tests: greets one client and answers each command as QEMU does (with its id). */
public final class FakeQmpMonitor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to answer a command with: its "return" value. May block, as a busy QEMU does. */
    @FunctionalInterface
    public interface Answer {
        Object reply(JsonNode command) throws Exception;
    }

    private FakeQmpMonitor() {
    }

    /** Binds {@code socket} and serves one client on a new thread until it disconnects. */
    public static Thread serve(Path socket, Answer answer) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try (server; SocketChannel ch = server.accept()) {
                OutputStream out = Channels.newOutputStream(ch);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode cmd = JSON.readTree(line);
                    Object reply = answer.reply(cmd);
                    out.write((JSON.writeValueAsString(Map.of("return", reply, "id", cmd.path("id"))) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the client closed the connection
            }
        }, "fake-qmp");
        t.start();
        return t;
    }
}
