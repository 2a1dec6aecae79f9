package org.cloudlet.handoff.net;

import org.cloudlet.handoff.qemu.MonitorSource;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;

/**
 * What the daemon can learn of the source VM whose migration stream arrived on a connection: its QEMU's monitor,
 * for iteration control, and the base it was started from, when its host records that.
 */
public interface SourceVmLocator {
    /** Nothing to learn: QEMU decides its iterations alone, the daemon offers its own base. */
    SourceVmLocator NONE = qemu -> null;

    /** Where to open the monitor of the QEMU at the other end of {@code qemu}, or null for none. */
    MonitorSource locate(Socket qemu);

    /** The id (hex) of the base the VM was started from, when its host says (e.g. its libvirt domain's metadata). */
    default Optional<String> baseOf(Socket qemu) throws IOException, InterruptedException {
        return Optional.empty();
    }
}
