package org.cloudlet.handoff.pipeline;

/** A stage failed; the cause is the stage's own exception. */
public final class PipelineException extends RuntimeException {
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
