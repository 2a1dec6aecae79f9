package org.cloudlet.handoff.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/** libvirt prints every error to stderr by default; ours arrive as exceptions and are reported where they matter. */
final class LibvirtErrors {
    private static boolean silenced;

    private LibvirtErrors() {
    }

    static synchronized void silence() {
        if (!silenced) {
            try {
                Connect.setErrorCallback(new ErrorCallback()); // does nothing with them
            } catch (LibvirtException ignored) {
                // then libvirt goes on printing them
            }
            silenced = true;
        }
    }
}
