package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.testing.TinyGuests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both cloudlets of a testbed with their libvirtd and handoff daemon (each routing its peer's migration ports,
 * steering through its libvirt, reporting on a control socket, keeping adaptation traces), and a tiny guest running
 * its workload in A.
 */
final class LibvirtCloudlets implements AutoCloseable {
    static final String TESTBED = "hofflv";
    private final Path work;
    final TwoCloudlets net;
    final LibvirtHosts hosts;
    final String name;
    private final Process a;
    private final Process b;

    /** The base the guest was started from (named in its domain's metadata), or null. */
    final String baseId;

    LibvirtCloudlets(Path work, String rate, String name) throws Exception {
        this(work, rate, name, false);
    }

    /** @param withBase record the guest's base VM into both cloudlets' stores and name it in the domain's metadata */
    LibvirtCloudlets(Path work, String rate, String name, boolean withBase) throws Exception {
        this(work, rate, name, withBase, false);
    }

    /**
     * @param trackedDisk boot the guest from a tracked disk that A's hook mounts over A's copy of the base's disk (with
     *                    a base), running testbed/workloads/disk-files.sh instead of memory-checksum.sh
     */
    LibvirtCloudlets(Path work, String rate, String name, boolean withBase, boolean trackedDisk) throws Exception {
        this.work = work;
        this.name = name;
        Path guest = TinyGuests.build();
        QemuVm.Spec spec = QemuVm.Spec.of(guest, 192);
        if (trackedDisk) { // booted from the initramfs's files on an ext4 disk, which the base holds
            spec = spec.withDisk(TrackedDisks.rootDisk(guest), false, spec.append() + " handoff.root=/dev/vda");
        }
        baseId = withBase || trackedDisk ? TestbedBases.ensure(work.resolve("bases"), spec.withExtraArgs(GuestDomain.tcgRam(spec)), guest,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).id() : null;
        net = TwoCloudlets.create(TESTBED, rate, 20);
        LibvirtHosts h = null;
        Process pa = null;
        Process pb = null;
        try {
            h = baseId == null ? LibvirtHosts.start(net, work.resolve("libvirt"))
                    : LibvirtHosts.start(net, work.resolve("libvirt"), work.resolve("bases/store-a"), work.resolve("bases/store-b"));
            pb = DaemonProcess.start(h.in(false), daemonArgs(h, false), daemonLog(false));
            pa = DaemonProcess.start(h.in(true), daemonArgs(h, true), daemonLog(true));
            Path xml = work.resolve(name + ".xml");
            QemuVm.Spec domain = trackedDisk ? spec.withDisk(trackedImage(h, true), true, spec.append() + " handoff.rw=1") : spec;
            Files.writeString(xml, GuestDomain.xml(name, domain, List.of(), baseId));
            h.virsh(true, "create", xml.toString());
            try (GuestConsole console = GuestConsole.connect(h.fromRoot(true, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
                console.awaitShell(Duration.ofSeconds(120));
                GuestWorkload.start(console, TinyGuests.repoRoot().resolve(trackedDisk ? "testbed/workloads/disk-files.sh"
                        : "testbed/workloads/memory-checksum.sh"), Duration.ofMinutes(2));
            }
        } catch (Exception e) {
            close(h, pa, pb);
            throw e;
        }
        hosts = h;
        a = pa;
        b = pb;
    }

    private List<String> daemonArgs(LibvirtHosts h, boolean inA) {
        String own = inA ? TwoCloudlets.ADDRESS_A : TwoCloudlets.ADDRESS_B;
        String peer = inA ? TwoCloudlets.ADDRESS_B : TwoCloudlets.ADDRESS_A;
        List<String> args = new java.util.ArrayList<>(List.of("--listen", own + ":7070",
                "--route", h.migrationPorts(!inA) + "=" + peer + ":7070",
                "--route", LibvirtHosts.MIGRATION_LOOPBACK + ":" + h.migrationPorts(!inA) + "=" + peer + ":7070",
                "--libvirt", "qemu:///system", "--control", control(inA).toString(), "--trace-dir", work.resolve("traces-" + side(inA)).toString()));
        if (baseId != null) { // each cloudlet's store, no --base: the domain names its own
            args.addAll(List.of("--store", work.resolve("bases").resolve("store-" + side(inA)).toString()));
        }
        return args;
    }

    /** Where A's or B's hook keeps the guest's tracked disk image. */
    Path trackedImage(LibvirtHosts h, boolean inA) {
        return h.disks(inA).resolve(name).resolve("vda/mnt/disk.img");
    }

    /** Whether the guest's tracked disk is mounted in A's or B's namespace (its .overlay link answers there). */
    boolean trackedDiskMounted(boolean inA) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(hosts.in(inA));
        cmd.addAll(List.of("test", "-L", trackedImage(hosts, inA).resolveSibling(".overlay").toString()));
        return new ProcessBuilder(cmd).start().waitFor() == 0;
    }

    /** Cloudlet A's or B's daemon's control socket. */
    Path control(boolean inA) {
        return work.resolve("control-" + side(inA) + ".sock");
    }

    Path daemonLog(boolean inA) {
        return work.resolve("daemon-" + side(inA) + ".log");
    }

    private static String side(boolean inA) {
        return inA ? "a" : "b";
    }

    /**
     * What an operator types on the source host (run in that cloudlet): the migrate URI names no port, so the
     * destination's libvirt picks one of its migration ports, which the source's daemon routes to it.
     */
    List<String> migrateCommand(boolean fromA) {
        List<String> cmd = new java.util.ArrayList<>(net.in(fromA));
        cmd.addAll(List.of("virsh", "-c", hosts.uri(fromA), "migrate", "--live", "--unsafe", name, hosts.peerUri(!fromA),
                "--migrateuri", "tcp://127.0.0.1", "--listen-address", "127.0.0.1"));
        return cmd;
    }

    void migrate(boolean fromA) throws Exception {
        run(migrateCommand(fromA));
    }

    /**
     * {@code virsh migrate --live --unsafe DOMAIN DEST} with nothing else, as nova calls libvirt: the destination's
     * qemu.conf migration_host and migration_address (the daemon's 127.0.0.2) make the stream go through the daemons.
     */
    void migrateWithoutUri(boolean fromA) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(net.in(fromA));
        cmd.addAll(List.of("virsh", "-c", hosts.uri(fromA), "migrate", "--live", "--unsafe", name, hosts.peerUri(!fromA)));
        run(cmd);
    }

    private void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "virsh migrate: " + out + logs());
    }

    /** The daemons' logs, for a failure's message. */
    String logs() throws java.io.IOException {
        StringBuilder s = new StringBuilder();
        for (String d : new String[] {"a", "b"}) {
            s.append("\n--- daemon ").append(d).append(":\n").append(Files.readString(daemonLog(d.equals("a"))));
            Path qemuLog = hosts.fromRoot(d.equals("a"), "/var/log/libvirt/qemu/" + name + ".log");
            s.append("\n--- QEMU in ").append(d).append(":\n").append(Files.exists(qemuLog) ? Files.readString(qemuLog) : "(none)");
        }
        return s.toString();
    }

    void verifyIn(boolean cloudletA) throws Exception {
        try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(cloudletA, GuestDomain.consoleSocket(name)), Duration.ofSeconds(30))) {
            GuestConsole.Result v = GuestWorkload.verify(console, Duration.ofMinutes(2));
            assertEquals(0, v.status(), "the workload's state in cloudlet " + (cloudletA ? "A" : "B") + ": " + v.output());
        }
    }

    private void close(LibvirtHosts h, Process pa, Process pb) throws InterruptedException {
        for (Process p : new Process[] {pa, pb}) {
            if (p != null) {
                DaemonProcess.stop(p);
            }
        }
        if (h != null) {
            h.close();
        }
        net.close();
    }

    @Override
    public void close() throws InterruptedException {
        close(hosts, a, b);
    }
}
