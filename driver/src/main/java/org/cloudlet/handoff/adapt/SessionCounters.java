package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.List;

/** What the controller reads from a running handoff every 100 ms: all cumulative since the session began. */
public interface SessionCounters {
    /** The pipeline's stage counters in pipeline order (empty before the pipeline started). */
    List<StageCounters.Sample> stages();

    /** Stream bytes the destination has acknowledged. */
    long ackedBytes();

    /** Nanoseconds the sender has spent waiting for the link (its send window full). */
    long windowWaitNanos();

    /**
     * Nanoseconds QEMU's stream has waited for the pipeline to take its pages (the pipeline's first queue full): the
     * pipeline or the link, not QEMU, set the pace then.
     */
    default long inputWaitNanos() {
        return 0;
    }

    /**
     * CPU nanoseconds the destination daemon has spent on the cores this daemon runs on (0 on another host): on a
     * shared host its decoding competes with the encoding.
     */
    default long peerCpuNanos() {
        return 0;
    }

    /** The share of the destination daemon's CPU time that runs on this daemon's cores (0: another host). */
    default double peerShare() {
        return 0;
    }

    /**
     * Nanoseconds the destination's reader has waited for room among the segments it read ahead: the sender's waits
     * for the window then measure the destination, not the link.
     */
    default long peerHeldNanos() {
        return 0;
    }

    /**
     * Nanoseconds the destination's applier has waited for its decoders: where the reader was held up, its decoding
     * (which a lighter mode relieves) and not its output (QEMU loading the pages) was the reason.
     */
    default long peerDecodingNanos() {
        return 0;
    }

    /**
     * The link's bandwidth in bytes per second as measured while it never ran dry, the median of the last seconds
     * (0: unknown). A sender can wait for its window while the link idles part of the time (frames ready in bursts
     * from a pipeline slower than the link); this tells such waits from a full link.
     */
    default double linkBandwidth() {
        return 0;
    }

    /**
     * Whether {@link #linkBandwidth} was measured while the link never ran dry (the link's capacity), rather than being
     * a floor under it: the most a sender that never filled the link has shown.
     */
    default boolean linkRateKnown() {
        return false;
    }
}
