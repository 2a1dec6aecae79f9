package org.cloudlet.handoff.disk;

import java.io.IOException;

/** A write or discard outside the disk: a disk image under the tracker keeps its base's size. */
public final class DiskRangeException extends IOException {
    public DiskRangeException(String message) {
        super(message);
    }
}
