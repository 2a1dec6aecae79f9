package org.cloudlet.handoff.net;

import org.cloudlet.handoff.qemu.MonitorSource;

import java.net.Socket;

/** Finds the monitor of the source QEMU whose migration stream arrived on a connection, for iteration control. */
@FunctionalInterface
public interface MonitorLocator {
    /** No monitor: QEMU decides its iterations alone. */
    MonitorLocator NONE = qemu -> null;

    /** Where to open the monitor of the QEMU at the other end of {@code qemu}, or null for none. */
    MonitorSource locate(Socket qemu);
}
