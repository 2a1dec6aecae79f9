package org.cloudlet.handoff.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two cloudlets on one machine: network namespaces {@code <prefix>-a} and {@code <prefix>-b} (10.77.0.1 and
 * 10.77.0.2), each end shaped with a token bucket to the link rate. Without delay a veth pair joins them; with a
 * round-trip time a third namespace {@code <prefix>-m} sits between them and holds every frame for half the RTT
 * in each direction (this kernel has no netem; see link-delay.py). Traffic between them crosses only that link;
 * the bytes it carried are read from cloudlet A's veth counters.
 */
public final class TwoCloudlets implements AutoCloseable {
    public static final String ADDRESS_A = "10.77.0.1";
    public static final String ADDRESS_B = "10.77.0.2";

    private final String a;
    private final String b;
    private final String m;
    private final String vethA;
    private final String vethB;
    private Process delay;
    private FileChannel lock;

    private final Thread cleanupOnExit = new Thread(this::destroy, "testbed-cleanup");

    private TwoCloudlets(String prefix) {
        this.a = prefix + "-a";
        this.b = prefix + "-b";
        this.m = prefix + "-m";
        this.vethA = prefix + "-va";
        this.vethB = prefix + "-vb";
    }

    /**
     * @param rate a tc rate, e.g. {@code 10mbit}; null for an unshaped link
     * @param rttMs round-trip time added by the link, 0 for none
     */
    public static TwoCloudlets create(String prefix, String rate, int rttMs) throws IOException {
        checkName(prefix);
        TwoCloudlets t = new TwoCloudlets(prefix);
        t.lock = exclusive(prefix);
        t.destroy(); // a previous run killed hard leaves its namespaces behind
        Runtime.getRuntime().addShutdownHook(t.cleanupOnExit); // and a signal must not
        try {
            String vethB = t.vethB;
            Shell.run("ip", "netns", "add", t.a);
            Shell.run("ip", "netns", "add", t.b);
            if (rttMs <= 0) {
                Shell.run("ip", "link", "add", t.vethA, "type", "veth", "peer", "name", vethB);
            } else {
                t.middle(prefix, vethB, rttMs);
            }
            Shell.run("ip", "link", "set", t.vethA, "netns", t.a);
            Shell.run("ip", "link", "set", vethB, "netns", t.b);
            setUp(t.a, t.vethA, ADDRESS_A, rate, rttMs > 0);
            setUp(t.b, vethB, ADDRESS_B, rate, rttMs > 0);
            return t;
        } catch (IOException e) {
            t.close();
            throw e;
        }
    }

    /** The longest name: a veth's is the name and 3 more characters, and Linux allows 15. */
    public static final int MAX_NAME = 12;

    /** Rejects a testbed name the namespaces, interfaces and lock file cannot carry. */
    public static void checkName(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9]{0," + (MAX_NAME - 1) + "}")) {
            throw new IllegalArgumentException("testbed name '" + prefix + "': expected 1 to " + MAX_NAME
                    + " lower-case letters and digits, starting with a letter");
        }
    }

    /**
     * One experiment per testbed at a time: a second one would tear down the first one's namespaces. The lock is
     * the kernel's, so a run killed hard releases it.
     */
    private static FileChannel exclusive(String prefix) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "cloudlet-handoff-testbed-" + prefix + ".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (ch.tryLock() == null) {
            ch.close();
            throw new IOException("another experiment is using the testbed '" + prefix + "' (lock " + file + ")");
        }
        return ch;
    }

    /** The middle namespace: one veth pair to each cloudlet, bridged in user space with the delay. */
    private void middle(String prefix, String vethB, int rttMs) throws IOException {
        String toA = prefix + "-ma";
        String toB = prefix + "-mb";
        Shell.run("ip", "netns", "add", m);
        Shell.run("ip", "link", "add", vethA, "type", "veth", "peer", "name", toA);
        Shell.run("ip", "link", "add", vethB, "type", "veth", "peer", "name", toB);
        Shell.run("ip", "netns", "exec", m, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        for (String veth : List.of(toA, toB)) {
            Shell.run("ip", "link", "set", veth, "netns", m);
            Shell.run("ip", "-n", m, "link", "set", veth, "promisc", "on", "up");
            noOffloads(m, veth);
        }
        Path script = Files.createTempFile("link-delay-", ".py");
        try (InputStream in = TwoCloudlets.class.getResourceAsStream("link-delay.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        delay = new ProcessBuilder("ip", "netns", "exec", m, "python3", script.toString(), toA, toB,
                Double.toString(rttMs / 2.0)).redirectErrorStream(true).start();
        String first = new String(delay.getInputStream().readNBytes(11));
        if (!first.equals("link-delay:")) {
            throw new IOException("the link delay forwarder did not start: " + first
                    + new String(delay.getInputStream().readAllBytes()));
        }
    }

    /** Frames must stay at the MTU with real checksums for a forwarder in between to pass them on. */
    private static void noOffloads(String ns, String veth) throws IOException {
        Shell.run("ip", "netns", "exec", ns, "ethtool", "-K", veth, "tx", "off", "tso", "off", "gso", "off", "gro", "off");
    }

    private static void setUp(String ns, String veth, String address, String rate, boolean forwarded) throws IOException {
        Shell.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", veth);
        Shell.run("ip", "-n", ns, "link", "set", veth, "up");
        Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        if (forwarded) {
            noOffloads(ns, veth);
        }
        if (rate != null) {
            // burst of a few packets at the rate; a queue of ~200 ms so TCP sees the link, not drops
            Shell.run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", veth, "root", "tbf",
                    "rate", rate, "burst", "32kb", "latency", "200ms");
        }
    }

    /**
     * Changes the shaped rate of the link, both ways, while it carries traffic (an experiment whose bandwidth
     * changes during the handoff). The link must have been created with a rate.
     */
    public void setRate(String rate) throws IOException {
        Shell.run("ip", "netns", "exec", a, "tc", "qdisc", "change", "dev", vethA, "root", "tbf",
                "rate", rate, "burst", "32kb", "latency", "200ms");
        Shell.run("ip", "netns", "exec", b, "tc", "qdisc", "change", "dev", vethB, "root", "tbf",
                "rate", rate, "burst", "32kb", "latency", "200ms");
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
        if (delay != null) {
            delay.destroyForcibly();
            try {
                delay.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Shell.tryRun("ip", "netns", "del", a);
        Shell.tryRun("ip", "netns", "del", b);
        Shell.tryRun("ip", "netns", "del", m);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook does the job
        }
        destroy();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // released with the process anyway
            }
        }
    }
}
