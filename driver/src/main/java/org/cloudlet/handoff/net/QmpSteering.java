package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.adapt.IterationPolicy;
import org.cloudlet.handoff.qemu.QmpClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Steers the source QEMU of one handoff through a QMP socket of its own (QEMU takes several {@code -qmp}): polls
 * {@code query-migrate} and applies the {@link IterationPolicy}'s downtime limits with {@code migrate-set-parameters}.
 * Without a socket the handoff runs as QEMU decides.
 */
final class QmpSteering implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QmpSteering.class.getName());
    private static final long POLL_MILLIS = 500;

    private Thread thread;
    private volatile boolean closed;

    private QmpSteering() {
    }

    /** Starts steering the QEMU behind {@code socket} (none: nothing to do); {@code decisions} hears each limit set. */
    static QmpSteering start(Path socket, Consumer<Map<String, Object>> decisions) {
        QmpSteering steering = new QmpSteering();
        if (socket != null) {
            steering.thread = new Thread(() -> steering.run(socket, decisions), "handoff-qmp-steering");
            steering.thread.setDaemon(true);
            steering.thread.start();
        }
        return steering;
    }

    private void run(Path socket, Consumer<Map<String, Object>> decisions) {
        long start = System.nanoTime();
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            long initial = qmp.execute("query-migrate-parameters").path("downtime-limit").asLong(300);
            IterationPolicy policy = IterationPolicy.defaults(initial);
            while (!closed) {
                JsonNode m = qmp.execute("query-migrate");
                String status = m.path("status").asText();
                if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                    return;
                }
                JsonNode ram = m.path("ram");
                long iteration = ram.path("dirty-sync-count").asLong();
                long remaining = ram.path("remaining").asLong();
                double rate = ram.path("mbps").asDouble() * 1e6 / 8;
                OptionalLong limit = status.equals("active") ? policy.next(iteration, remaining, rate) : OptionalLong.empty();
                if (limit.isPresent()) {
                    qmp.execute("migrate-set-parameters", Map.of("downtime-limit", limit.getAsLong()));
                    String why = iteration >= policy.hard() ? "iteration " + iteration + " ≥ " + policy.hard() + ": completing"
                            : "iteration " + iteration + ": " + remaining + " bytes left fit in the " + policy.targetDowntimeMs() + " ms target";
                    LOG.info("iteration control: downtime-limit " + limit.getAsLong() + " ms (" + why + ")");
                    decisions.accept(Map.of("t_s", Math.round((System.nanoTime() - start) / 1e6) / 1e3, "iteration", iteration,
                            "remaining_bytes", remaining, "qemu_Bps", Math.round(rate), "downtime_limit_ms", limit.getAsLong(), "why", why));
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warning("iteration control: " + socket + ": " + e.getMessage() + "; QEMU decides alone from here");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
