package org.cloudlet.handoff.rebuild;

import java.io.IOException;

/** Receives the source stream's own bytes ({@code OPAQUE} items), in wire order between the chunks. */
@FunctionalInterface
public interface OpaqueSink {
    void opaque(byte[] buf, int off, int len) throws IOException;

    /** The decoder has applied everything it has and waits for input: push out anything buffered. */
    default void flush() throws IOException {
    }
}
