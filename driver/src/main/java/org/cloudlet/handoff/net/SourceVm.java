package org.cloudlet.handoff.net;

import org.cloudlet.handoff.qemu.MonitorSource;

import java.util.Optional;

/**
 * What a daemon learnt of the source VM behind a migration connection: where its QEMU's monitor opens (null: none,
 * QEMU decides its iterations alone) and the id (hex) of the base it was started from, when its host says.
 */
public record SourceVm(MonitorSource monitor, Optional<String> baseId) {
    /** Nothing known. */
    public static final SourceVm UNKNOWN = new SourceVm(null, Optional.empty());
}
