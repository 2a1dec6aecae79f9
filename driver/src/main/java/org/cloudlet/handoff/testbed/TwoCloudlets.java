package org.cloudlet.handoff.testbed;

import java.io.IOException;
import java.util.List;

/**
 * Two cloudlets on one machine: network namespaces {@code <prefix>-a} and {@code <prefix>-b} joined by a veth
 * pair (10.77.0.1 ↔ 10.77.0.2), both ends shaped with a token bucket to the link rate. Traffic between them
 * crosses only that link; the bytes it carried are read from the veth's counters.
 */
public final class TwoCloudlets implements AutoCloseable {
    public static final String ADDRESS_A = "10.77.0.1";
    public static final String ADDRESS_B = "10.77.0.2";

    private final String a;
    private final String b;
    private final String vethA;

    private final Thread cleanupOnExit = new Thread(this::destroy, "testbed-cleanup");

    private TwoCloudlets(String prefix) {
        this.a = prefix + "-a";
        this.b = prefix + "-b";
        this.vethA = prefix + "-va";
    }

    /** @param rate a tc rate, e.g. {@code 10mbit}; null for an unshaped link */
    public static TwoCloudlets create(String prefix, String rate) throws IOException {
        TwoCloudlets t = new TwoCloudlets(prefix);
        t.destroy(); // a previous run killed hard leaves its namespaces behind
        Runtime.getRuntime().addShutdownHook(t.cleanupOnExit); // and a signal must not
        try {
            String vethB = prefix + "-vb";
            Shell.run("ip", "netns", "add", t.a);
            Shell.run("ip", "netns", "add", t.b);
            Shell.run("ip", "link", "add", t.vethA, "type", "veth", "peer", "name", vethB);
            Shell.run("ip", "link", "set", t.vethA, "netns", t.a);
            Shell.run("ip", "link", "set", vethB, "netns", t.b);
            setUp(t.a, t.vethA, ADDRESS_A, rate);
            setUp(t.b, vethB, ADDRESS_B, rate);
            return t;
        } catch (IOException e) {
            t.close();
            throw e;
        }
    }

    private static void setUp(String ns, String veth, String address, String rate) throws IOException {
        Shell.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", veth);
        Shell.run("ip", "-n", ns, "link", "set", veth, "up");
        Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        if (rate != null) {
            // burst of a few packets at the rate; a queue of ~200 ms so TCP sees the link, not drops
            Shell.run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", veth, "root", "tbf",
                    "rate", rate, "burst", "32kb", "latency", "200ms");
        }
    }

    /** Command prefix that runs a program inside cloudlet A or B. */
    public List<String> in(boolean cloudletA) {
        return List.of("ip", "netns", "exec", cloudletA ? a : b);
    }

    /** Bytes sent from A to B and from B to A so far (the veth's counters, all traffic). */
    public long bytesOnLink() throws IOException {
        String tx = Shell.run("ip", "netns", "exec", a, "cat", "/sys/class/net/" + vethA + "/statistics/tx_bytes").strip();
        String rx = Shell.run("ip", "netns", "exec", a, "cat", "/sys/class/net/" + vethA + "/statistics/rx_bytes").strip();
        return Long.parseLong(tx) + Long.parseLong(rx);
    }

    private void destroy() {
        Shell.tryRun("ip", "netns", "del", a);
        Shell.tryRun("ip", "netns", "del", b);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook does the job
        }
        destroy();
    }

}
