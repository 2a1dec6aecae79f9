package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.adapt.ModePolicy;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.qemu.MonitorSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
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
     * QEMU (or libvirtd) dials {@code listen}:{@code localPort} (a loopback address, 127.0.0.1 unless given); the peer
     * delivers to the QEMU listening on its own loopback at {@code destinationPort}.
     */
    public record Route(int localPort, InetSocketAddress peer, int destinationPort, Path qmp, InetAddress listen) {
        public Route(int localPort, InetSocketAddress peer, int destinationPort) {
            this(localPort, peer, destinationPort, null, InetAddress.getLoopbackAddress());
        }

        /** The same route with a QMP socket of the source QEMU, through which the daemon bounds its iterations. */
        public Route withQmp(Path socket) {
            return new Route(localPort, peer, destinationPort, socket, listen);
        }

        /** The most ports one range may name (a listener each). */
        public static final int MAX_RANGE = 1024;

        /**
         * Parses {@code [ADDR:]LOCALPORT=HOST:PORT[/DESTPORT]}, or {@code [ADDR:]FIRST-LAST=HOST:PORT}: a route per port
         * of the range, each to the same port at the peer (the ports the peer's libvirt gives its incoming QEMUs name
         * that peer). ADDR, where the daemon listens, is a loopback address (default 127.0.0.1).
         */
        public static List<Route> parse(String spec) {
            int eq = spec.indexOf('=');
            int colon = spec.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw new IllegalArgumentException("route '" + spec + "' (expected [ADDR:]LOCALPORT=HOST:PORT[/DESTPORT] or [ADDR:]FIRST-LAST=HOST:PORT)");
            }
            int slash = spec.indexOf('/', colon);
            String ports = spec.substring(0, eq);
            InetAddress listen = InetAddress.getLoopbackAddress();
            int at = ports.lastIndexOf(':');
            if (at >= 0) {
                listen = loopback(spec, ports.substring(0, at));
                ports = ports.substring(at + 1);
            }
            int dash = ports.indexOf('-');
            int first = port(spec, dash < 0 ? ports : ports.substring(0, dash));
            int last = dash < 0 ? first : port(spec, ports.substring(dash + 1));
            if (last < first || last - first >= MAX_RANGE) {
                throw new IllegalArgumentException("route '" + spec + "': a range of 1 to " + MAX_RANGE + " ports, low to high");
            }
            if (dash >= 0 && slash >= 0) {
                throw new IllegalArgumentException("route '" + spec + "': a range goes to the same ports at the peer (no /DESTPORT)");
            }
            InetSocketAddress peer = new InetSocketAddress(spec.substring(eq + 1, colon), port(spec, spec.substring(colon + 1, slash < 0 ? spec.length() : slash)));
            List<Route> routes = new ArrayList<>();
            for (int p = first; p <= last; p++) {
                routes.add(new Route(p, peer, slash < 0 ? p : port(spec, spec.substring(slash + 1)), null, listen));
            }
            return routes;
        }

        private static InetAddress loopback(String spec, String text) {
            try {
                InetAddress a = InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text);
                if (a.isLoopbackAddress()) {
                    return a;
                }
            } catch (java.net.UnknownHostException ignored) {
                // the message below
            }
            throw new IllegalArgumentException("route '" + spec + "': '" + text + "' is not a loopback address (QEMU's "
                    + "migration reaches the daemon on this host)");
        }

        private static int port(String spec, String text) {
            try {
                int p = Integer.parseInt(text);
                if (p > 0 && p < 65536) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // the message below
            }
            throw new IllegalArgumentException("route '" + spec + "': '" + text + "' is not a port");
        }
    }

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
        this(peerListen, routes, config, modes, decodeThreads, bases, disks, MonitorLocator.NONE);
    }

    /**
     * @param monitors finds the monitor of a source QEMU whose route names no QMP socket (e.g. through libvirt), for
     *                 iteration control
     */
    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, ModePolicy modes, int decodeThreads,
                         BaseCatalog bases, Disks disks, MonitorLocator monitors) throws IOException {
        this(peerListen, routes, config, modes, decodeThreads, bases, disks, monitors, null);
    }

    /** @param control where source handoffs report their progress, or null */
    public HandoffDaemon(InetSocketAddress peerListen, List<Route> routes, PipelineConfig config, ModePolicy modes, int decodeThreads,
                         BaseCatalog bases, Disks disks, MonitorLocator monitors, ControlSocket control) throws IOException {
        try {
            ServerSocket peers = bind(peerListen, SourceSession.SOCKET_BUFFER);
            accept(peers, "peers", s -> new DestinationSession(s, decodeThreads, bases, disks.destinationImage()));
            for (Route r : routes) {
                ServerSocket local = bind(new InetSocketAddress(r.listen(), r.localPort()), SourceSession.QEMU_SOCKET_BUFFER);
                MonitorLocator locator = r.qmp() != null ? s -> MonitorSource.qmpSocket(r.qmp()) : monitors;
                accept(local, "qemu:" + r.localPort(), s -> new SourceSession(s, r.peer(), r.destinationPort(), locator.locate(s), config,
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
