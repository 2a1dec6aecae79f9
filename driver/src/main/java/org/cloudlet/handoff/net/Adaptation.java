package org.cloudlet.handoff.net;

import org.cloudlet.handoff.adapt.AdaptationController;
import org.cloudlet.handoff.adapt.AdaptationTrace;
import org.cloudlet.handoff.adapt.ModePolicy;
import org.cloudlet.handoff.adapt.SessionCounters;
import org.cloudlet.handoff.adapt.ThroughputModel;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * A source session's adaptation, if its policy asks for one: the controller reading this session's pipeline and
 * link, and on close the trace written to the policy's directory ({@code handoff-<millis>.json}).
 */
final class Adaptation implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Adaptation.class.getName());

    private final AdaptationController controller;
    private final AdaptationTrace trace;
    private final Path traceFile;

    private Adaptation(AdaptationController controller, AdaptationTrace trace, Path traceFile) {
        this.controller = controller;
        this.trace = trace;
        this.traceFile = traceFile;
    }

    static Adaptation start(ModePolicy policy, PipelineConfig config, ModeSwitch mode, SessionCounters counters) throws IOException {
        if (!policy.adaptive()) {
            return new Adaptation(null, null, null);
        }
        Path file = null;
        if (policy.traceDir() != null) {
            Files.createDirectories(policy.traceDir());
            file = policy.traceDir().resolve("handoff-" + System.currentTimeMillis() + ".json");
        }
        AdaptationTrace trace = new AdaptationTrace();
        return new Adaptation(new AdaptationController(new ThroughputModel(policy.profile(), config), mode, counters, trace).start(),
                trace, file);
    }

    /** Where the trace is written when the handoff ends, or null. */
    Path traceFile() {
        return traceFile;
    }

    /** QEMU is being released to switch over after {@code iteration} dirty syncs (see {@link AdaptationController#switchover}). */
    void switchover(long iteration) {
        if (controller != null) {
            controller.switchover(iteration);
        }
    }

    /**
     * {@code allow} (how many encoded bytes may wait for the link) as it stands once the controller has settled on a
     * mode ({@link AdaptationController#settled()}), 0 before: a backlog filled in a mode about to be left puts that
     * mode's bytes on the link. A fixed mode is settled from the start.
     */
    LongConsumer backlogOnceSettled(LongConsumer allow) {
        return bytes -> allow.accept(controller == null || controller.settled() ? bytes : 0);
    }

    /** An iteration-control decision, recorded beside the mode decisions. */
    void iterationControl(Map<String, Object> decision) {
        if (trace != null) {
            trace.event("iteration_control", decision);
        }
    }

    @Override
    public void close() {
        if (controller == null) {
            return;
        }
        controller.close();
        long changes = trace.decisions().stream().filter(d -> Boolean.TRUE.equals(d.get("changed"))).count();
        LOG.info("adaptation: " + trace.decisions().size() + " decisions, " + changes + " mode changes");
        if (traceFile != null) {
            try {
                trace.write(traceFile);
            } catch (IOException e) {
                LOG.warning("adaptation trace " + traceFile + ": " + e.getMessage()); // the handoff itself succeeded
            }
        }
    }
}
