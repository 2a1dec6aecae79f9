package org.cloudlet.handoff.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/** Opening and closing libvirt connections, the same way for every user in this package. */
final class LibvirtConnections {
    private static boolean silenced;

    private LibvirtConnections() {
    }

    /** Opens {@code uri}. libvirt would print every error to stderr; ours arrive as exceptions and are reported where they matter. */
    static Connect open(String uri) throws LibvirtException {
        synchronized (LibvirtConnections.class) {
            if (!silenced) {
                try {
                    Connect.setErrorCallback(new ErrorCallback()); // does nothing with them
                } catch (LibvirtException ignored) {
                    // then libvirt goes on printing them
                }
                silenced = true;
            }
        }
        return new Connect(uri);
    }

    /** Closes {@code c} (null: nothing); a failure to close leaves nothing to do. */
    static void close(Connect c) {
        if (c != null) {
            try {
                c.close();
            } catch (LibvirtException ignored) {
                // nothing left to do
            }
        }
    }
}
