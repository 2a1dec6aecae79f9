package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;

/**
 * The daemon's local control: a Unix socket (root's alone) where a client sends one JSON request line and gets one
 * JSON line back, then the connection closes. {@code {"op":"status"}} answers {@code {"sessions": [...]}}, the
 * source handoffs running and the last ones finished ({@link SessionStatus}; {@code handoff migrate} reads it for
 * its progress line and summary); other operations ({@code handoff base …} run by the daemon on its store) go to the
 * {@link Handler} installed for them. Each connection is served on a thread of its own (a base creation takes
 * minutes).
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControlSocket.class.getName());
    /** The default path; a host with several daemons gives each its own. */
    public static final Path DEFAULT = Path.of("/run/cloudlet-handoff/daemon.sock");
    private static final int FINISHED_KEPT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ServerSocketChannel server;
    private final Deque<SessionStatus> sessions = new ArrayDeque<>();
    private volatile boolean closed;
    private volatile Handler handler = request -> error("unknown operation " + request.path("op"));

    /** Answers a request other than status. */
    @FunctionalInterface
    public interface Handler {
        ObjectNode handle(ObjectNode request) throws Exception;
    }

    /** Serves every operation but status with {@code h}. */
    public void handle(Handler h) {
        this.handler = h;
    }

    /** A reply saying the request failed. */
    public static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private ControlSocket(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /** Listens at {@code path}; a socket file there that no daemon answers any more is replaced. */
    public static ControlSocket open(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException("another handoff daemon answers at " + path + " (give this one --control PATH)");
            } catch (java.net.SocketException stale) {
                Files.deleteIfExists(path);
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        ControlSocket c = new ControlSocket(path, s);
        Thread t = new Thread(c::serve, "handoff-control");
        t.setDaemon(true);
        t.start();
        return c;
    }

    /** A new source session, reported from now on. */
    SessionStatus register(int qemuPort, String peer) {
        SessionStatus s = new SessionStatus(qemuPort, peer);
        synchronized (sessions) {
            sessions.addLast(s);
            long finished = sessions.stream().filter(SessionStatus::finished).count();
            for (var it = sessions.iterator(); it.hasNext() && finished > FINISHED_KEPT; ) {
                if (it.next().finished()) {
                    it.remove();
                    finished--;
                }
            }
        }
        return s;
    }

    /** The status line a client gets. */
    private ObjectNode status() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("sessions");
        List<SessionStatus> all;
        synchronized (sessions) {
            all = new ArrayList<>(sessions);
        }
        all.forEach(s -> list.add(s.toJson()));
        return root;
    }

    private void serve() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> answer(client), "handoff-control-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning("control socket " + path + ": " + e.getMessage());
                }
            }
        }
    }

    private void answer(SocketChannel client) {
        try (SocketChannel c = client) {
            ObjectNode reply;
            try {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(c),
                        StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    return; // a probe (another daemon checking whether this one is alive)
                }
                ObjectNode request = JSON.readTree(line) instanceof ObjectNode o ? o : null;
                if (request == null || request.path("op").asText().isEmpty()) {
                    reply = error("expected one JSON line with an \"op\"");
                } else if (request.path("op").asText().equals("status")) {
                    reply = status();
                } else {
                    reply = handler.handle(request);
                }
            } catch (Exception e) {
                reply = error(String.valueOf(e.getMessage()));
            }
            writeLine(c, reply);
        } catch (IOException e) {
            if (!closed) {
                LOG.warning("control socket " + path + ": " + e.getMessage());
            }
        }
    }

    /** Reads a daemon's status line from its control socket. */
    public static String read(Path path) throws IOException {
        return request(path, JSON.createObjectNode().put("op", "status"));
    }

    /** Sends one request to the daemon at {@code path} and returns its reply line. */
    public static String request(Path path, ObjectNode request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            writeLine(c, request);
            return new String(java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("no handoff daemon answers at " + path + " (" + e.getMessage() + ")", e);
        }
    }

    /** One JSON line, the whole of it: each side of the socket sends exactly one. */
    private static void writeLine(SocketChannel c, ObjectNode message) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Files.deleteIfExists(path);
    }
}
