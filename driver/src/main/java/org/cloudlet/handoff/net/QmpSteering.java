package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.adapt.DrainMeter;
import org.cloudlet.handoff.adapt.IterationPolicy;
import org.cloudlet.handoff.adapt.SessionCounters;
import org.cloudlet.handoff.qemu.MonitorSource;
import org.cloudlet.handoff.qemu.QemuMonitor;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Steers the source QEMU of one handoff through a monitor (a QMP socket of its own, or libvirt's): polls
 * {@code query-migrate} every {@link #POLL_MILLIS}, measures the handoff's drain rate ({@link DrainMeter}) and applies
 * the {@link IterationPolicy}'s downtime limits with {@code migrate-set-parameters}.
 * Without a monitor the handoff runs as QEMU decides.
 */
final class QmpSteering implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QmpSteering.class.getName());
    private static final long POLL_MILLIS = 200;
    /** QEMU measures its rate over 100 ms slices; a new cap shows in its rate after one. */
    private static final long QEMU_RATE_WINDOW_MILLIS = 150;

    private Thread thread;
    private volatile boolean closed;

    private QmpSteering() {
    }

    /**
     * Starts steering the QEMU behind {@code monitor} (null: nothing to do) by what {@code counters} say of the
     * handoff's pace; {@code decisions} hears each limit set.
     */
    static QmpSteering start(MonitorSource monitor, SessionCounters counters, Consumer<Map<String, Object>> decisions) {
        return start(monitor, counters, decisions, bytes -> { });
    }

    /** As {@link #start(MonitorSource, SessionCounters, Consumer)}; {@code backlog} hears how many encoded bytes may wait for the link. */
    static QmpSteering start(MonitorSource monitor, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog) {
        return start(monitor, counters, decisions, backlog, iteration -> { });
    }

    /** As above; {@code releasing} hears QEMU's dirty-sync count just before QEMU is released to switch over. */
    static QmpSteering start(MonitorSource monitor, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog,
                             LongConsumer releasing) {
        return start(monitor, counters, decisions, backlog, releasing, new SessionStatus(0, ""));
    }

    /** As above; {@code status} hears the domain (when the monitor knows it) and QEMU's iteration. */
    static QmpSteering start(MonitorSource monitor, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog,
                             LongConsumer releasing, SessionStatus status) {
        QmpSteering steering = new QmpSteering();
        if (monitor != null) {
            steering.thread = new Thread(() -> steering.run(monitor, counters, decisions, backlog, releasing, status), "handoff-qmp-steering");
            steering.thread.setDaemon(true);
            steering.thread.start();
        }
        return steering;
    }

    private void run(MonitorSource monitor, SessionCounters counters, Consumer<Map<String, Object>> decisions, LongConsumer backlog,
                     LongConsumer releasing, SessionStatus session) {
        long start = System.nanoTime();
        DrainMeter drain = new DrainMeter();
        Settings configured = null;
        try (QemuMonitor qmp = monitor.open()) {
            qmp.domain().ifPresent(session::domain);
            JsonNode params = qmp.execute("query-migrate-parameters");
            configured = new Settings(params.path("downtime-limit").asLong(300), params.path("max-bandwidth").asLong(0));
            Settings set = configured;
            IterationPolicy policy = IterationPolicy.defaults(configured.downtimeLimitMs());
            long allowedAhead = 0;
            long pass = -1;
            try {
                while (!closed) {
                    JsonNode m = qmp.execute("query-migrate");
                    String status = m.path("status").asText();
                    if (status.equals("completed")) {
                        return;
                    }
                    if (status.equals("failed") || status.equals("cancelled")) {
                        restore(qmp, configured, set); // the VM goes on at the source: a later migration gets QEMU's own rule
                        return;
                    }
                    JsonNode ram = m.path("ram");
                    long iteration = ram.path("dirty-sync-count").asLong();
                    session.iteration(iteration);
                    long remaining = ram.path("remaining").asLong();
                    double rate = ram.path("mbps").asDouble() * 1e6 / 8;
                    if (iteration != pass) {
                        pass = iteration;
                        passBegan(decisions, start, iteration, remaining, rate);
                    }
                    long now = System.nanoTime();
                    DrainMeter.Drain drained = drain.update(counters, now, iteration);
                    boolean running = status.equals("active") || status.equals("setup");
                    long ahead = running ? policy.backlogBytes(iteration, remaining, drained, now) : 0;
                    if (ahead > 0 != allowedAhead > 0) {
                        LOG.info("iteration control: up to " + ahead + " encoded bytes may wait for the link (iteration " + iteration + ")");
                    }
                    allowedAhead = ahead;
                    backlog.accept(ahead);
                    Optional<IterationPolicy.Steer> steer = running ? policy.next(iteration, remaining, rate, drained) : Optional.empty();
                    if (steer.isPresent()) {
                        IterationPolicy.Steer st = steer.get();
                        if (st.releases() && !IterationPolicy.releases(set.downtimeLimitMs())) {
                            releasing.accept(iteration); // the pipeline's mode for the burst of the last dirty pages
                        }
                        set = apply(qmp, st, configured, set);
                        String why = why(policy, iteration, st);
                        LOG.info("iteration control: downtime-limit " + st.downtimeLimitMs() + " ms, max-bandwidth "
                                + (st.maxBandwidth() > 0 ? st.maxBandwidth() + " B/s" : "as configured") + " (" + why + ", "
                                + remaining + " bytes left, drain " + Math.round(drained.bytesPerSecond()) + " B/s, backlog "
                                + Math.round(drained.backlogSeconds() * 1000) + " ms, QEMU " + Math.round(rate) + " B/s)");
                        decisions.accept(Map.of("t_s", secondsSince(start), "iteration", iteration,
                                "remaining_bytes", remaining, "qemu_Bps", Math.round(rate), "drain_Bps", Math.round(drained.bytesPerSecond()),
                                "backlog_ms", Math.round(drained.backlogSeconds() * 1000),
                                "downtime_limit_ms", st.downtimeLimitMs(), "max_bandwidth_Bps", set.maxBandwidth(), "why", why));
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (IOException e) {
                backlog.accept(0); // QEMU's own rule would count a backlog as sent
                if (!closed) {
                    // Holding QEMU without us would keep it iterating forever: give it back its own rule.
                    LOG.warning("iteration control: " + monitor + ": " + e.getMessage() + "; QEMU decides alone from here");
                    restore(qmp, configured, set);
                }
            }
        } catch (IOException e) {
            backlog.accept(0);
            if (!closed) {
                LOG.warning("iteration control: " + monitor + ": " + e.getMessage() + (configured == null ? "; QEMU decides alone"
                        : "; QEMU may be left holding at a 1 ms downtime limit: set it back with migrate-set-parameters"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** QEMU's downtime limit (ms) and rate cap (bytes per second; 0: not reported, never changed). */
    private record Settings(long downtimeLimitMs, long maxBandwidth) {
    }

    /**
     * Sets {@code st} on QEMU and returns what is set now. Releasing: the cap first, and the limit only after one of
     * QEMU's 100 ms rate windows under it, so QEMU never decides on an uncapped rate with the new limit. Holding:
     * the limit first, then the configured cap back.
     */
    private static Settings apply(QemuMonitor qmp, IterationPolicy.Steer st, Settings configured, Settings set)
            throws IOException, InterruptedException {
        long cap = st.maxBandwidth() > 0 ? st.maxBandwidth() : configured.maxBandwidth();
        boolean capChanges = cap > 0 && cap != set.maxBandwidth();
        if (st.releases() && capChanges) {
            qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", cap));
            Thread.sleep(QEMU_RATE_WINDOW_MILLIS);
        }
        qmp.execute("migrate-set-parameters", Map.of("downtime-limit", st.downtimeLimitMs()));
        if (!st.releases() && capChanges) {
            qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", cap));
        }
        return new Settings(st.downtimeLimitMs(), capChanges ? cap : set.maxBandwidth());
    }

    private static void restore(QemuMonitor qmp, Settings configured, Settings set) {
        try {
            if (set.downtimeLimitMs() != configured.downtimeLimitMs()) {
                qmp.execute("migrate-set-parameters", Map.of("downtime-limit", configured.downtimeLimitMs()));
            }
            if (configured.maxBandwidth() > 0 && set.maxBandwidth() != configured.maxBandwidth()) {
                qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", configured.maxBandwidth()));
            }
        } catch (IOException e) {
            LOG.warning("iteration control: could not give QEMU back its downtime limit " + configured.downtimeLimitMs()
                    + " ms and max-bandwidth " + configured.maxBandwidth() + " B/s: " + e.getMessage());
        }
    }

    /** Seconds since {@code start} (nanoTime), to the millisecond, for the trace. */
    private static double secondsSince(long start) {
        return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
    }

    /** Each pass QEMU begins, with what its sync found dirty: how a handoff converged, in the log and the trace. */
    private static void passBegan(Consumer<Map<String, Object>> decisions, long start, long iteration, long remaining, double rate) {
        LOG.info("iteration control: QEMU began pass " + iteration + " with " + remaining + " bytes dirty (QEMU " + Math.round(rate) + " B/s)");
        decisions.accept(Map.of("t_s", secondsSince(start), "iteration", iteration,
                "remaining_bytes", remaining, "qemu_Bps", Math.round(rate), "why", "iteration " + iteration + " began"));
    }

    private static String why(IterationPolicy policy, long iteration, IterationPolicy.Steer st) {
        if (st.trickles()) {
            return "iteration " + iteration + ": holding at a trickle until what is on its way fits the downtime";
        }
        if (!st.releases()) {
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
