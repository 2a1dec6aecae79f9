package org.cloudlet.handoff.stream;

import java.io.IOException;

/**
 * The stream uses something this codec does not carry (postcopy, xbzrle, compression, block migration, an unknown
 * section or flag) or is not a QEMU migration stream at all. The proxy refuses it before the source VM stops.
 */
public final class UnsupportedStreamException extends IOException {
    private final long offset;

    public UnsupportedStreamException(long offset, String message) {
        super("QEMU migration stream, byte " + offset + ": " + message);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
