package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.segment.Segment;

/** A stage over whole segments (compression). One instance per worker thread. */
public interface SegmentStage extends AutoCloseable {

    void process(Segment segment) throws Exception;

    @Override
    default void close() {
    }
}
