package org.cloudlet.handoff.disk;

/** The tracker's unit: 4 KiB chunks, the same as the handoff pipeline's and the guest's pages. */
public final class DiskGeometry {
    public static final int CHUNK = 4096;
    static final int SHIFT = 12;

    private DiskGeometry() {
    }

    public static long chunkCount(long length) {
        return (length + CHUNK - 1) >>> SHIFT;
    }

    public static long chunkOf(long position) {
        return position >>> SHIFT;
    }

    public static long start(long chunk) {
        return chunk << SHIFT;
    }
}
