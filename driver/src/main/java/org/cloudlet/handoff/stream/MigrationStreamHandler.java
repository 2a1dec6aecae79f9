package org.cloudlet.handoff.stream;

import java.io.IOException;
import java.util.List;

/**
 * Receives a QEMU migration stream taken apart: RAM pages one by one, and every other byte, in order, as opaque
 * runs. Writing the opaque runs and the pages back in the order received re-creates the stream; pages between two
 * opaque runs may be written in any order among themselves.
 */
public interface MigrationStreamHandler {

    /** Bytes to pass through unchanged (headers, device state, section framing, commands). */
    void opaque(byte[] buf, int off, int len) throws IOException;

    /** The RAM blocks of the ram section's setup; called once, before any page. */
    void ramBlocks(List<RamBlock> blocks) throws IOException;

    /** A page QEMU sent as a zero page, with its fill byte (0 in every QEMU since 2.x). */
    void zeroPage(RamBlock block, long offset, int fill) throws IOException;

    /** A page QEMU sent in full: {@code buf[off..off+4096)}, valid only during the call. */
    void page(RamBlock block, long offset, byte[] buf, int off) throws IOException;

    /**
     * The reader is about to wait for more of the stream: a good moment to send on what is buffered, since the
     * source may be waiting for the other side before it writes more.
     */
    default void idle() throws IOException {
    }

    /**
     * The source VM has stopped: its last RAM pages and its device state follow (QEMU sends the ram section's END
     * only from its completion phase, after vm_stop drained and flushed the block devices).
     */
    default void completing() throws IOException {
    }

    /** The end of the stream (the source closed it). */
    default void end() throws IOException {
    }
}
