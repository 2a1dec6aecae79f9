package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.net.SourceVmLocator;
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
public final class LibvirtVmLocator implements SourceVmLocator {
    /** libvirtd holds the socket until QEMU has it ({@code getfd}, then {@code migrate fd:}). */
    private static final long FIND_NANOS = 5_000_000_000L;
    /** The XML namespace of the handoff's domain metadata. */
    public static final String METADATA_NS = "https://cloudlet-handoff.org/xmlns/libvirt/1";
    /** libvirt's VIR_DOMAIN_METADATA_ELEMENT. */
    private static final int METADATA_ELEMENT = 2;
    private static final java.util.regex.Pattern BASE_ID = java.util.regex.Pattern.compile("\\bid=['\"]([0-9a-f]{64})['\"]");
    private final String uri;
    private final ConnectionOwners owners;
    private final Path proc;

    public LibvirtVmLocator(String uri) {
        this(uri, new ConnectionOwners(), Path.of("/proc"));
    }

    LibvirtVmLocator(String uri, ConnectionOwners owners, Path proc) {
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

    /**
     * The base named in the domain's metadata ({@code <handoff:base id="HEX"/>} in {@link #METADATA_NS}), or empty:
     * none named, or not a libvirt domain's migration.
     */
    @Override
    public Optional<String> baseOf(Socket qemu) throws InterruptedException {
        String name;
        try {
            name = domain(qemu.getLocalPort(), qemu.getPort());
        } catch (IOException e) {
            return Optional.empty(); // iteration control reports it
        }
        LibvirtErrors.silence();
        org.libvirt.Connect c = null;
        try {
            c = new org.libvirt.Connect(uri);
            String xml = c.domainLookupByName(name).getMetadata(METADATA_ELEMENT, METADATA_NS, 0);
            java.util.regex.Matcher m = BASE_ID.matcher(xml);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (org.libvirt.LibvirtException e) {
            return Optional.empty(); // no such metadata: the daemon's own base
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (org.libvirt.LibvirtException ignored) {
                    // nothing left to do
                }
            }
        }
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
