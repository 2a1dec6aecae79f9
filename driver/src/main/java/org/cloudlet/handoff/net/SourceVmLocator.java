package org.cloudlet.handoff.net;

import java.io.IOException;
import java.net.Socket;

/** Finds out about the source VM whose migration stream arrived on a connection, once per handoff. */
@FunctionalInterface
public interface SourceVmLocator {
    /** Nothing to learn: QEMU decides its iterations alone, the daemon offers its own base. */
    SourceVmLocator NONE = qemu -> SourceVm.UNKNOWN;

    /** Throws if what it found forbids the handoff (a VM on several tracked disks). */
    SourceVm locate(Socket qemu) throws IOException, InterruptedException;
}
