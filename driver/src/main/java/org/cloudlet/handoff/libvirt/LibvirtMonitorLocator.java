package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.net.MonitorLocator;
import org.cloudlet.handoff.qemu.MonitorSource;
import org.cloudlet.handoff.qemu.QemuMonitor;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The monitor of the domain whose migration arrived on a connection, through the local libvirt: the source
 * libvirtd dials the migrate URI (the daemon) and hands the socket to the domain's QEMU, so the QEMU process holding
 * the other end of the connection names the domain ({@code -name guest=NAME}). Nothing has to be registered.
 */
public final class LibvirtMonitorLocator implements MonitorLocator {
    /** libvirtd holds the socket until QEMU has it ({@code getfd}, then {@code migrate fd:}). */
    private static final long FIND_NANOS = 5_000_000_000L;
    private final String uri;
    private final ConnectionOwners owners;
    private final Path proc;

    public LibvirtMonitorLocator(String uri) {
        this(uri, new ConnectionOwners(), Path.of("/proc"));
    }

    LibvirtMonitorLocator(String uri, ConnectionOwners owners, Path proc) {
        this.uri = uri;
        this.owners = owners;
        this.proc = proc;
    }

    @Override
    public MonitorSource locate(Socket qemu) {
        int port = qemu.getLocalPort();
        int peerPort = qemu.getPort();
        return new MonitorSource() {
            @Override
            public QemuMonitor open() throws IOException, InterruptedException {
                return LibvirtMonitor.open(uri, domain(port, peerPort));
            }

            @Override
            public String toString() {
                return "libvirt " + uri + " (the domain migrating from local port " + peerPort + ")";
            }
        };
    }

    /** The name of the domain whose QEMU holds the other end of the connection; waits for libvirtd to hand it over. */
    String domain(int port, int peerPort) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FIND_NANOS;
        List<Long> holders;
        do {
            holders = owners.of(peerPort, port);
            for (long pid : holders) {
                Optional<String> name = QemuCommandLine.guestName(proc, pid);
                if (name.isPresent()) {
                    return name.get();
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new IOException("no QEMU holds the migration connection from local port " + peerPort + " (held by "
                + (holders.isEmpty() ? "no process" : "pids " + holders) + "): not a libvirt domain's migration");
    }
}
