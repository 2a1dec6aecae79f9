package org.cloudlet.handoff.wire;

import java.io.IOException;

/** Bad wire data: says what was wrong and at which byte offset of the stream. */
public final class WireFormatException extends IOException {
    private final long offset;

    public WireFormatException(long offset, String message) {
        super("at stream offset " + offset + ": " + message);
        this.offset = offset;
    }

    public WireFormatException(long offset, String message, Throwable cause) {
        super("at stream offset " + offset + ": " + message, cause);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
