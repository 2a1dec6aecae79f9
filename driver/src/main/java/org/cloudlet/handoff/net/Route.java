package org.cloudlet.handoff.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
