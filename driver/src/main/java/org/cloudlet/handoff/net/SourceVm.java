package org.cloudlet.handoff.net;

import org.cloudlet.handoff.qemu.MonitorSource;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a daemon learnt of the source VM behind a migration connection: where its QEMU's monitor opens (null: none,
 * QEMU decides its iterations alone), the id (hex) of the base it was started from, when its host says, and the
 * overlay of the tracked disk it runs on, if any (its changes go along).
 */
public record SourceVm(MonitorSource monitor, Optional<String> baseId, Optional<Path> diskOverlay) {
    /** Nothing known. */
    public static final SourceVm UNKNOWN = new SourceVm(null, Optional.empty(), Optional.empty());

    public SourceVm(MonitorSource monitor, Optional<String> baseId) {
        this(monitor, baseId, Optional.empty());
    }
}
