package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.adapt.DrainMeter;
import org.cloudlet.handoff.adapt.IterationPolicy;
import org.cloudlet.handoff.adapt.SessionCounters;
import org.cloudlet.handoff.qemu.QmpClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Steers the source QEMU of one handoff through a QMP socket of its own (QEMU takes several {@code -qmp}): polls
 * {@code query-migrate} every {@link #POLL_MILLIS}, measures the handoff's drain rate ({@link DrainMeter}) and applies
 * the {@link IterationPolicy}'s downtime limits with {@code migrate-set-parameters}.
 * Without a socket the handoff runs as QEMU decides.
 */
final class QmpSteering implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QmpSteering.class.getName());
    private static final long POLL_MILLIS = 200;

    private Thread thread;
    private volatile boolean closed;

    private QmpSteering() {
    }

    /**
     * Starts steering the QEMU behind {@code socket} (none: nothing to do) by what {@code counters} say of the
     * handoff's pace; {@code decisions} hears each limit set.
     */
    static QmpSteering start(Path socket, SessionCounters counters, Consumer<Map<String, Object>> decisions) {
        return start(socket, counters, decisions, bytes -> { });
    }

    /** As {@link #start(Path, SessionCounters, Consumer)}; {@code backlog} hears how many encoded bytes may wait for the link. */
    static QmpSteering start(Path socket, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog) {
        QmpSteering steering = new QmpSteering();
        if (socket != null) {
            steering.thread = new Thread(() -> steering.run(socket, counters, decisions, backlog), "handoff-qmp-steering");
            steering.thread.setDaemon(true);
            steering.thread.start();
        }
        return steering;
    }

    private void run(Path socket, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog) {
        long start = System.nanoTime();
        DrainMeter drain = new DrainMeter();
        long configured = -1;
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            configured = qmp.execute("query-migrate-parameters").path("downtime-limit").asLong(300);
            IterationPolicy policy = IterationPolicy.defaults(configured);
            long allowedAhead = 0;
            try {
                while (!closed) {
                    JsonNode m = qmp.execute("query-migrate");
                    String status = m.path("status").asText();
                    if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                        return;
                    }
                    DrainMeter.Drain drained = drain.update(counters, System.nanoTime());
                    double drainRate = drained.bytesPerSecond();
                    JsonNode ram = m.path("ram");
                    long iteration = ram.path("dirty-sync-count").asLong();
                    long remaining = ram.path("remaining").asLong();
                    double rate = ram.path("mbps").asDouble() * 1e6 / 8;
                    boolean running = status.equals("active") || status.equals("setup");
                    long ahead = running ? policy.backlogBytes(iteration, drained.linkBytesPerSecond()) : 0;
                    if (ahead > 0 != allowedAhead > 0) {
                        LOG.info("iteration control: up to " + ahead + " encoded bytes may wait for the link (iteration " + iteration + ")");
                    }
                    allowedAhead = ahead;
                    backlog.accept(ahead);
                    OptionalLong limit = running ? policy.next(iteration, remaining, rate, drained) : OptionalLong.empty();
                    if (limit.isPresent()) {
                        qmp.execute("migrate-set-parameters", Map.of("downtime-limit", limit.getAsLong()));
                        String why = why(policy, iteration, limit.getAsLong());
                        LOG.info("iteration control: downtime-limit " + limit.getAsLong() + " ms (" + why + ", "
                                + remaining + " bytes left, drain " + Math.round(drainRate) + " B/s, backlog " + Math.round(drained.backlogSeconds() * 1000)
                                + " ms, QEMU " + Math.round(rate) + " B/s)");
                        decisions.accept(Map.of("t_s", Math.round((System.nanoTime() - start) / 1e6) / 1e3, "iteration", iteration,
                                "remaining_bytes", remaining, "qemu_Bps", Math.round(rate), "drain_Bps", Math.round(drainRate),
                                "backlog_ms", Math.round(drained.backlogSeconds() * 1000),
                                "downtime_limit_ms", limit.getAsLong(), "why", why));
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (IOException e) {
                backlog.accept(0); // QEMU's own rule would count a backlog as sent
                if (!closed) {
                    // Holding QEMU without us would keep it iterating forever: give it back its own rule.
                    LOG.warning("iteration control: " + socket + ": " + e.getMessage() + "; QEMU decides alone from here");
                    qmp.execute("migrate-set-parameters", Map.of("downtime-limit", configured));
                }
            }
        } catch (IOException e) {
            backlog.accept(0);
            if (!closed) {
                LOG.warning("iteration control: " + socket + ": " + e.getMessage() + (configured < 0 ? "; QEMU decides alone"
                        : "; QEMU may be left holding at a 1 ms downtime limit: set it back with migrate-set-parameters"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String why(IterationPolicy policy, long iteration, long limit) {
        if (!IterationPolicy.releases(limit)) {
            return "iteration " + iteration + ": holding until the rest fits";
        }
        if (iteration >= policy.hard()) {
            return "iteration " + iteration + " ≥ " + policy.hard() + ": completing";
        }
        return "iteration " + iteration + ": the rest fits " + (iteration >= policy.soft() ? "the " + policy.targetDowntimeMs() + " ms target" : "the configured limit");
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
