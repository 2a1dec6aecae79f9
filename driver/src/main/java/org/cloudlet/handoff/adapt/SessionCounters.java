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
}
