package org.cloudlet.handoff.pipeline;

import java.util.concurrent.atomic.AtomicReference;

/** The first failure of any stage; once set, every queue operation of the pipeline gives up. */
final class Failure {
    private final AtomicReference<PipelineException> first = new AtomicReference<>();

    void record(String stage, Throwable t) {
        first.compareAndSet(null, new PipelineException("stage " + stage + " failed: " + t.getMessage(), t));
    }

    boolean failed() {
        return first.get() != null;
    }

    void check() {
        PipelineException e = first.get();
        if (e != null) {
            throw e;
        }
    }
}
