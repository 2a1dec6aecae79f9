package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.cli.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A libvirtd in each cloudlet of a {@link TwoCloudlets} testbed, as two hosts run theirs: each in its cloudlet's
 * network namespace and in a mount namespace of its own where /etc/libvirt, /run/libvirt, /var/lib/libvirt,
 * /var/log/libvirt and /var/cache/libvirt are private directories under {@code dir}. Each has its own host UUID
 * (libvirt refuses a migration "to the same host" otherwise), listens for its peer on the link (TCP 16509,
 * no authentication: a testbed, not a deployment) and runs QEMU as root without a security driver or cgroups (no
 * systemd here) and with its stdio in files (no virtlogd). Each has the handoff's qemu hook (hooks/qemu, as the package
 * installs it) with its own base store and tracked-disk directory ({@link #disks}), so a domain's disk paths differ
 * between the cloudlets as they may between hosts.
 */
public final class LibvirtHosts implements AutoCloseable {
    /** The directories each libvirtd gets a private copy of (under {@code dir/a} and {@code dir/b}). */
    private static final List<String[]> PRIVATE = List.of(new String[] {"etc", "/etc/libvirt"}, new String[] {"run", "/run/libvirt"},
            new String[] {"lib", "/var/lib/libvirt"}, new String[] {"log", "/var/log/libvirt"}, new String[] {"cache", "/var/cache/libvirt"});

    /** Each host's incoming migrations get ports of their own (libvirt picks one when the migrate URI names none). */
    public static final int MIGRATION_PORTS = 16;
    private static final int FIRST_MIGRATION_PORT = 49152;
    /**
     * Where incoming QEMUs listen, and the host a migration without a migrate URI is sent to (qemu.conf
     * migration_address and migration_host, as nova's settings map onto the handoff): the daemon's loopback. libvirt
     * refuses 127.0.0.1 itself there.
     */
    public static final String MIGRATION_LOOPBACK = "127.0.0.2";

    private final TwoCloudlets net;
    private final Path dir;
    private final Path[] stores;
    private final long[] pids = new long[2];
    private final Thread stopOnExit = new Thread(this::stop, "libvirtd-stop");

    private LibvirtHosts(TwoCloudlets net, Path dir, Path[] stores) {
        this.net = net;
        this.dir = dir;
        this.stores = stores;
    }

    /** Starts both libvirtds (a few seconds each); {@code dir} holds their private directories and pid files. */
    public static LibvirtHosts start(TwoCloudlets net, Path dir) throws IOException, InterruptedException {
        return start(net, dir, null, null);
    }

    /** As above, the hooks of A and B finding bases in {@code storeA} and {@code storeB} (null: the default store). */
    public static LibvirtHosts start(TwoCloudlets net, Path dir, Path storeA, Path storeB) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/libvirtd"))) {
            throw new IOException("libvirtd is not installed (bin/setup installs it)");
        }
        LibvirtHosts h = new LibvirtHosts(net, dir, new Path[] {storeA, storeB});
        Runtime.getRuntime().addShutdownHook(h.stopOnExit); // a guest left running by a killed test would stay
        try {
            for (boolean a : new boolean[] {true, false}) {
                h.startOne(a);
            }
            return h;
        } catch (IOException | InterruptedException e) {
            h.close();
            throw e;
        }
    }

    private void startOne(boolean a) throws IOException, InterruptedException {
        Path host = hostDir(a);
        deleteTree(host);
        Files.createDirectories(host);
        Shell.run("cp", "-a", "/etc/libvirt", host.resolve("etc").toString());
        for (String[] d : PRIVATE) {
            Files.createDirectories(host.resolve(d[0]));
        }
        // where the guests' consoles and serial logs go (GuestDomain), before libvirtd has made them
        Files.createDirectories(host.resolve("run/qemu"));
        Files.createDirectories(host.resolve("log/qemu"));
        // no default network: it would start a bridge and dnsmasq in the cloudlet
        Files.deleteIfExists(host.resolve("etc/qemu/networks/autostart/default.xml"));
        append(host.resolve("etc/libvirtd.conf"), """
                listen_tcp = 1
                listen_tls = 0
                listen_addr = "%s"
                auth_tcp = "none"
                host_uuid = "%s"
                """.formatted(address(a), UUID.randomUUID()));
        append(host.resolve("etc/qemu.conf"), """
                user = "root"
                group = "root"
                security_driver = "none"
                dynamic_ownership = 0
                cgroup_controllers = [ ]
                namespaces = [ ]
                stdio_handler = "file"
                migration_port_min = %d
                migration_port_max = %d
                migration_host = "%s"
                migration_address = "%s"
                """.formatted(firstMigrationPort(a), firstMigrationPort(a) + MIGRATION_PORTS - 1, MIGRATION_LOOPBACK, MIGRATION_LOOPBACK));
        installHook(a, host);
        StringBuilder mounts = new StringBuilder("set -e; ");
        for (String[] d : PRIVATE) {
            mounts.append("mkdir -p ").append(d[1]).append("; mount --bind ").append(host.resolve(d[0])).append(' ').append(d[1]).append("; ");
        }
        Path pidFile = host.resolve("libvirtd.pid");
        List<String> cmd = new ArrayList<>(net.in(a));
        cmd.addAll(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                mounts + "exec /usr/sbin/libvirtd -d --listen -p " + pidFile + " -f /etc/libvirt/libvirtd.conf"));
        Shell.run(cmd.toArray(String[]::new));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) { // libvirtd answers after it has probed QEMU's capabilities (3-4 s here)
            if (Files.exists(pidFile) && Shell.tryRun("virsh", "-c", uri(a), "uri").startsWith("qemu")) {
                pids[a ? 0 : 1] = Long.parseLong(Files.readString(pidFile).strip());
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("libvirtd in cloudlet " + (a ? "A" : "B") + " did not answer within 60 s; its log: "
                        + tail(host.resolve("log/libvirtd.log")));
            }
            Thread.sleep(200);
        }
    }

    /**
     * The handoff's qemu hook in the host's /etc/libvirt/hooks (libvirtd reads hooks when it starts), running this
     * JVM's classpath, with the host's base store and disk directory in its configuration file.
     */
    private void installHook(boolean a, Path host) throws IOException {
        Path hooks = Files.createDirectories(host.resolve("etc/hooks"));
        try (var script = LibvirtHosts.class.getResourceAsStream("/org/cloudlet/handoff/libvirt/hooks/qemu")) {
            if (script == null) {
                throw new IOException("the qemu hook is not on the classpath (build the driver module: mvn package)");
            }
            Files.write(hooks.resolve("qemu"), script.readAllBytes());
        }
        Path handoff = host.resolve("handoff");
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
        Main.selfCommand().forEach(word -> script.append(" '").append(word).append('\''));
        Files.writeString(handoff, script.append(" \"$@\"\n").toString());
        StringBuilder conf = new StringBuilder("HANDOFF='" + handoff + "'\nHANDOFF_DISK_DIR='" + disks(a) + "'\n");
        Path store = stores[a ? 0 : 1];
        if (store != null) {
            conf.append("HANDOFF_BASE_STORE='").append(store.toAbsolutePath()).append("'\n");
        }
        Files.writeString(hooks.resolve("cloudlet-handoff.conf"), conf);
        for (Path f : List.of(hooks.resolve("qemu"), handoff)) {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * Where A's or B's hook keeps the domains' tracked disks ({@code DIR/DOMAIN/DEV/{overlay,mnt}}); the mounts are
     * seen in that host's namespace, the overlays from anywhere.
     */
    public Path disks(boolean a) {
        return hostDir(a).resolve("disks").toAbsolutePath();
    }

    /**
     * The ports of A's or B's incoming migrations as a daemon route names them ({@code FIRST-LAST}): disjoint, so
     * a migrate URI's port names the destination cloudlet, and each cloudlet's daemon routes its peer's range.
     */
    public String migrationPorts(boolean a) {
        return firstMigrationPort(a) + "-" + (firstMigrationPort(a) + MIGRATION_PORTS - 1);
    }

    private static int firstMigrationPort(boolean a) {
        return FIRST_MIGRATION_PORT + (a ? 0 : MIGRATION_PORTS);
    }

    /** The URI a client in the root namespace uses for cloudlet A's or B's libvirtd (its private socket). */
    public String uri(boolean a) {
        return "qemu+unix:///system?socket=" + hostDir(a).resolve("run/libvirt-sock");
    }

    /** The URI the peer cloudlet uses for this cloudlet's libvirtd, over the link (what an operator passes to virsh migrate). */
    public String peerUri(boolean a) {
        return "qemu+tcp://" + address(a) + "/system";
    }

    /** Command prefix that runs a program in cloudlet A's or B's namespaces (network and mount) as its libvirtd sees them. */
    public List<String> in(boolean a) {
        long pid = pids[a ? 0 : 1];
        return List.of("nsenter", "-t", Long.toString(pid), "-m", "-n");
    }

    /** A path as the root namespace sees a file of A's or B's private libvirt directories (e.g. {@code /run/libvirt/x}). */
    public Path fromRoot(boolean a, String privatePath) {
        for (String[] d : PRIVATE) {
            if (privatePath.startsWith(d[1] + "/")) {
                return hostDir(a).resolve(d[0]).resolve(privatePath.substring(d[1].length() + 1));
            }
        }
        throw new IllegalArgumentException(privatePath + " is not under a private libvirt directory");
    }

    /** Runs virsh against cloudlet A's or B's libvirtd from inside that cloudlet (so peer URIs reach over the link). */
    public String virsh(boolean a, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(net.in(a));
        cmd.addAll(List.of("virsh", "-c", uri(a)));
        cmd.addAll(List.of(args));
        return Shell.run(cmd.toArray(String[]::new));
    }

    private Path hostDir(boolean a) {
        return dir.resolve(a ? "a" : "b");
    }

    private static String address(boolean a) {
        return a ? TwoCloudlets.ADDRESS_A : TwoCloudlets.ADDRESS_B;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, "\n# cloudlet-handoff testbed\n" + text, java.nio.file.StandardOpenOption.APPEND);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(none)";
        }
    }

    /** Destroys the guests each libvirtd runs (libvirtd leaves them running when it stops), then stops it. */
    private void stop() {
        for (boolean a : new boolean[] {true, false}) {
            long pid = pids[a ? 0 : 1];
            if (pid == 0) {
                continue;
            }
            for (String name : Shell.tryRun("virsh", "-c", uri(a), "list", "--name").split("\n")) {
                if (!name.isBlank()) {
                    Shell.tryRun("virsh", "-c", uri(a), "destroy", name.strip());
                }
            }
            // the hook has unmounted the guests' tracked disks; a tracker it left (a failed hook) goes too
            Shell.tryRun("pkill", "-f", "--", "--overlay " + disks(a));
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> {
                    p.destroyForcibly();
                    return p;
                }).join();
            });
            pids[a ? 0 : 1] = 0;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook does the job
        }
        stop();
    }
}
