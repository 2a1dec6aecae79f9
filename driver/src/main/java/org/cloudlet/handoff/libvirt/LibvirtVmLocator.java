package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.net.SourceVm;
import org.cloudlet.handoff.net.SourceVmLocator;
import org.cloudlet.handoff.proc.ConnectionOwners;
import org.cloudlet.handoff.proc.QemuCommandLine;
import org.cloudlet.handoff.proc.TrackedDiskFinder;
import org.cloudlet.handoff.qemu.MonitorSource;
import org.cloudlet.handoff.qemu.QemuMonitor;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The domain whose migration arrived on a connection, through the local libvirt: the source
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
    private final TrackedDiskFinder disks;

    public LibvirtVmLocator(String uri) {
        this(uri, new ConnectionOwners(), Path.of("/proc"), new TrackedDiskFinder());
    }

    LibvirtVmLocator(String uri, ConnectionOwners owners, Path proc, TrackedDiskFinder disks) {
        this.uri = uri;
        this.owners = owners;
        this.proc = proc;
        this.disks = disks;
    }

    /** A domain's QEMU process. */
    record Qemu(long pid, String name) {
    }

    /**
     * The domain behind the connection (waiting for libvirtd to hand it to QEMU): its monitor through libvirt, and
     * the base named in its metadata ({@code <handoff:base id="HEX"/>} in {@link #METADATA_NS}) and the overlay of
     * the tracked disk its QEMU runs on. Not a libvirt domain's migration: a monitor that fails to open with the
     * reason (iteration control reports it), no base, no disk.
     */
    @Override
    public SourceVm locate(Socket qemu) throws IOException, InterruptedException {
        int peerPort = qemu.getPort();
        Qemu domain;
        try {
            domain = domain(qemu.getLocalPort(), peerPort);
        } catch (IOException e) {
            return new SourceVm(new MonitorSource() {
                @Override
                public QemuMonitor open() throws IOException {
                    throw e;
                }

                @Override
                public String toString() {
                    return "libvirt " + uri;
                }
            }, Optional.empty());
        }
        String name = domain.name();
        return new SourceVm(new MonitorSource() {
            @Override
            public QemuMonitor open() throws IOException {
                return LibvirtMonitor.open(uri, name);
            }

            @Override
            public String toString() {
                return "libvirt " + uri + " (domain " + name + ", migrating from local port " + peerPort + ")";
            }
        }, baseOf(name), disks.ofProcess(domain.pid()).map(TrackedDiskFinder.TrackedDisk::overlay));
    }

    /** The base id in the domain's metadata, or empty (none: the daemon's own base). */
    private Optional<String> baseOf(String domain) {
        Connect c = null;
        try {
            c = LibvirtConnections.open(uri);
            java.util.regex.Matcher m = BASE_ID.matcher(c.domainLookupByName(domain).getMetadata(METADATA_ELEMENT, METADATA_NS, 0));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (LibvirtException e) {
            return Optional.empty(); // no such metadata
        } finally {
            LibvirtConnections.close(c);
        }
    }

    /** The domain whose QEMU holds the other end of the connection; waits for libvirtd to hand it over. */
    Qemu domain(int port, int peerPort) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FIND_NANOS;
        List<Long> holders;
        do {
            holders = owners.of(peerPort, port);
            for (long pid : holders) {
                Optional<String> name = QemuCommandLine.guestName(proc, pid);
                if (name.isPresent()) {
                    return new Qemu(pid, name.get());
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new IOException("no QEMU holds the migration connection from local port " + peerPort + " (held by "
                + (holders.isEmpty() ? "no process" : "pids " + holders) + "): not a libvirt domain's migration");
    }
}
