package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.adapt.ModePolicy;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.qemu.MonitorSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The handoff daemon of one cloudlet. It listens for peer daemons (incoming handoffs, decoded for the local QEMU
 * waiting on the port the source names), and on each route's local port for a source QEMU
 * ({@code migrate tcp:127.0.0.1:PORT}), whose stream it sends to the route's peer.
 */
public final class HandoffDaemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HandoffDaemon.class.getName());

    /**
     * The VM's tracked disk on each side, or nulls for memory alone: as a source, the fuse-tracker overlay whose
     * changes go along; as a destination, the disk image (a fresh tracker mount over the same base) they go to.
     */
    public record Disks(Path sourceOverlay, Path destinationImage) {
        public static final Disks NONE = new Disks(null, null);
    }

    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, Mode mode, int decodeThreads)
            throws IOException {
        this(peerListen, routes, config, mode, decodeThreads, BaseCatalog.NONE);
    }

    /**
     * @param bases the base VMs this cloudlet holds: the one offered to peers as a source, and those a source's
     *              offer is looked up in; a handoff without a shared base sends everything
     */
    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, Mode mode, int decodeThreads,
                         BaseCatalog bases) throws IOException {
        this(peerListen, routes, config, mode, decodeThreads, bases, Disks.NONE);
    }

    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, Mode mode, int decodeThreads,
                         BaseCatalog bases, Disks disks) throws IOException {
        this(peerListen, routes, config, ModePolicy.fixed(mode), decodeThreads, bases, disks);
    }

    /** @param modes a fixed mode, or adaptation from a profile */
    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, ModePolicy modes, int decodeThreads,
                         BaseCatalog bases, Disks disks) throws IOException {
        this(peerListen, routes, config, modes, decodeThreads, bases, disks, SourceVmLocator.NONE, null);
    }

    /**
     * @param vms     finds the monitor (for iteration control) and base of a source VM whose route names no QMP socket
     *                (e.g. through libvirt)
     * @param control where source handoffs report their progress, or null
     */
    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, ModePolicy modes, int decodeThreads,
                         BaseCatalog bases, Disks disks, SourceVmLocator vms, ControlSocket control) throws IOException {
        try {
            ServerSocket peers = bind(peerListen, SourceSession.SOCKET_BUFFER);
            accept(peers, "peers", s -> new DestinationSession(s, decodeThreads, bases, disks.destinationImage()));
            for (Route r : routes) {
                ServerSocket local = bind(new InetSocketAddress(r.listen(), r.localPort()), SourceSession.QEMU_SOCKET_BUFFER);
                SourceVmLocator locator = r.qmp() != null ? s -> new SourceVm(MonitorSource.qmpSocket(r.qmp()), Optional.empty()) : vms;
                accept(local, "qemu:" + r.localPort(), s -> new SourceSession(s, r.peer(), r.destinationPort(), locator, config,
                        modes, bases, disks.sourceOverlay(), control == null ? new SessionStatus(r.localPort(), r.peer().toString())
                        : control.register(r.localPort(), r.peer().toString())));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The bound peer port (useful when asked for port 0). */
    public int peerPort() {
        return listeners.get(0).getLocalPort();
    }

    private ServerSocket bind(InetSocketAddress at, int receiveBuffer) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.setReceiveBufferSize(receiveBuffer); // accepted sockets inherit it: little hidden backlog
        try {
            s.bind(at);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + at + ": " + e.getMessage(), e);
        }
        listeners.add(s);
        return s;
    }

    private void accept(ServerSocket server, String name, Function<Socket, Runnable> session) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    Thread worker = new Thread(session.apply(s), "handoff-session-" + name);
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warning("accept on " + name + ": " + e.getMessage());
                    }
                }
            }
        }, "handoff-accept-" + name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : listeners) {
            try {
                s.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }
}
