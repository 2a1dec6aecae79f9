package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of QEMU's monitor protocol (QMP) on a Unix socket: commands in, replies and asynchronous events
 * (STOP, RESUME, MIGRATION, …) out, each event with the local time it arrived, so downtime can be measured as
 * the source's STOP to the destination's RESUME. One reader thread per connection; commands are serialised.
 */
public final class QmpClient implements QemuMonitor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    /** An asynchronous QMP event with the {@link System#nanoTime()} it was read at. */
    public record Event(String name, JsonNode data, long receivedNanos) {
    }

    private final SocketChannel channel;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<Event> events = new ArrayList<>();
    private final Thread reader;
    private volatile IOException failure;
    private long nextId;

    private QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.out = SocketStreams.out(channel);
        BufferedReader in = new BufferedReader(new InputStreamReader(SocketStreams.in(channel), StandardCharsets.UTF_8));
        JsonNode greeting = JSON.readTree(in.readLine());
        if (greeting == null || !greeting.has("QMP")) {
            throw new IOException("not a QMP monitor: " + greeting);
        }
        this.reader = new Thread(() -> readLoop(in), "qmp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects, waiting up to {@code timeout} for QEMU to create the socket, and leaves capability negotiation. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                QmpClient c = new QmpClient(ch);
                c.execute("qmp_capabilities");
                return c;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no QMP monitor at " + socket + " after " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs a command and returns its "return" value; a QMP error becomes a {@link QmpException}. */
    @Override
    public JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        return execute(command, arguments, REPLY_TIMEOUT);
    }

    /**
     * As {@link #execute(String, Map)}, waiting up to {@code timeout} for the reply: QEMU answers its monitor only
     * between other work of its main loop, and the end of a migration can hold that for long (seen: multifd + zstd at
     * 5 Mbit/s, no reply to query-migrate for over 60 s). Each command carries an id, so a reply that comes after
     * its command gave up is not taken for the next command's.
     */
    public synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        long id = nextId++;
        ObjectNode msg = JSON.createObjectNode().put("execute", command).put("id", id);
        if (!arguments.isEmpty()) {
            msg.set("arguments", JSON.valueToTree(arguments));
        }
        out.write((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode reply;
        try {
            do {
                reply = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (reply != null && reply.path("id").asLong(-1) != id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for QMP " + command);
        }
        if (reply == null) {
            throw failure != null ? new IOException("QMP connection failed during " + command, failure)
                    : new IOException("no QMP reply to " + command + " within " + timeout.toSeconds() + " s");
        }
        if (reply.has("error")) {
            throw new QmpException(command, reply.get("error").path("class").asText(), reply.get("error").path("desc").asText());
        }
        return reply.get("return");
    }

    /** Every event received so far, oldest first. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits for the first event (already received or not) that matches, up to {@code timeout}. */
    public Event awaitEvent(Predicate<Event> match, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (match.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || failure != null) {
                    throw new IOException("QMP event not seen within " + timeout.toSeconds() + " s" + (failure != null ? ": " + failure.getMessage() : ""));
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * Polls query-migrate until the status is one of {@code done} (or failed/cancelled), returns the last reply. A
     * monitor that does not answer while the migration finishes is waited for up to {@code timeout} in all.
     */
    public JsonNode awaitMigration(Duration timeout, String... done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode m = execute("query-migrate", Map.of(), Duration.ofNanos(Math.max(REPLY_TIMEOUT.toNanos(), deadline - System.nanoTime())));
            String status = m.path("status").asText();
            for (String d : done) {
                if (d.equals(status)) {
                    return m;
                }
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new IOException("migration " + status + (m.has("error-desc") ? ": " + m.get("error-desc").asText() : ""));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("migration still '" + status + "' after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private void readLoop(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                if (n.has("event")) {
                    synchronized (events) {
                        events.add(new Event(n.get("event").asText(), n.path("data"), System.nanoTime()));
                        events.notifyAll();
                    }
                } else {
                    replies.add(n);
                }
            }
            failure = new IOException("QEMU closed the QMP connection");
        } catch (IOException e) {
            failure = e;
        } finally {
            synchronized (events) {
                events.notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
