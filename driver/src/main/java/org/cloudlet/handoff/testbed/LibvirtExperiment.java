package org.cloudlet.handoff.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.cli.Main;
import org.cloudlet.handoff.disk.DirtySets;
import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.store.StoredBase;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One experiment through libvirt, as an operator runs it: a libvirtd per cloudlet ({@link LibvirtHosts}), the guest
 * a libvirt domain in A, moved by {@code virsh migrate} (the handoff through the daemons, or QEMU's own stream:
 * plain, xbzrle, multifd + zstd) or by {@code handoff migrate}. Total time runs from the command to the
 * destination's "resumed" event, downtime from the source's "suspended" to it ({@code virsh event --timestamp} on
 * each host); bytes are counted on the link as in {@link Experiment}.
 */
final class LibvirtExperiment {
    private static final int PEER_PORT = 7070;
    private static final String NAME = "guest";
    /** multifd + zstd as Experiment sets it up: QEMU's own parameters (libvirt 9.0 knows no zstd), two channels. */
    private static final List<String> ZSTD_QEMU_ARGS = List.of("-global", "migration.multifd-compression=zstd",
            "-global", "migration.multifd-zstd-level=1");
    private static final Pattern EVENT = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}): event 'lifecycle' for domain '?" + NAME + "'?: (\\w+) (\\w+)");
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");

    private final Experiment.Settings s;
    private final Experiment experiment;
    private final PrintStream log;

    LibvirtExperiment(Experiment.Settings settings, Experiment experiment, PrintStream log) {
        this.s = settings;
        this.experiment = experiment;
        this.log = log;
    }

    ObjectNode run() throws Exception {
        Experiment.Method m = s.method();
        boolean handoff = m == Experiment.Method.VIRSH_HANDOFF || m == Experiment.Method.HANDOFF_MIGRATE;
        QemuVm.Spec spec = QemuVm.Spec.of(s.guest(), s.guestMemMiB());
        if (s.trackedDisk()) {
            if (!handoff || s.baseStores() == null) {
                throw new IOException("a tracked disk needs the handoff with a base (--method virsh-handoff|handoff-migrate --base auto): "
                        + "each cloudlet's tracker runs over its copy of the base disk");
            }
            if (spec.disk() == null) { // the tiny guest: booted from its initramfs's files on an ext4 disk
                spec = spec.withDisk(TrackedDisks.rootDisk(s.guest()), false, spec.append() + " handoff.root=/dev/vda");
            }
        }
        // The base VM recorded as the libvirt guest's RAM looks (under TCG its own backend, see GuestDomain)
        StoredBase base = handoff && s.baseStores() != null ? TestbedBases.ensure(s.baseStores(),
                spec.accel().equals("kvm") ? spec : spec.withExtraArgs(GuestDomain.tcgRam(spec)), s.guest(), log) : null;
        List<Process> daemons = new ArrayList<>();
        List<Process> watchers = new ArrayList<>();
        try (TwoCloudlets net = TwoCloudlets.create(s.testbed(), s.bandwidth(), s.rttMs());
             LibvirtHosts hosts = base == null ? LibvirtHosts.start(net, s.work().resolve("libvirt"))
                     : LibvirtHosts.start(net, s.work().resolve("libvirt"), s.baseStores().resolve("store-a"), s.baseStores().resolve("store-b"))) {
            if (handoff) {
                List<String> b = new ArrayList<>(daemonArgs(hosts, false));
                if (base != null) {
                    b.addAll(List.of("--store", s.baseStores().resolve("store-b").toString()));
                }
                daemons.add(DaemonProcess.start(hosts.in(false), b, s.work().resolve("daemon-b.log")));
                List<String> prefix = new ArrayList<>(hosts.in(true));
                if (s.sourceDaemonCores() > 0) {
                    prefix.addAll(List.of("taskset", "-c", "0-" + (s.sourceDaemonCores() - 1)));
                }
                List<String> a = new ArrayList<>(daemonArgs(hosts, true));
                if (base != null) {
                    a.addAll(List.of("--store", s.baseStores().resolve("store-a").toString(), "--base", base.id()));
                }
                a.addAll(s.sourceDaemonArgs());
                daemons.add(DaemonProcess.start(prefix, a, s.work().resolve("daemon-a.log")));
            }
            Path xml = s.work().resolve(NAME + ".xml");
            // A tracked disk: the domain's disk where A's hook keeps it (mounted as libvirt starts the domain), the
            // base in its metadata; B's hook mounts B's own and rewrites the path when the migration begins.
            QemuVm.Spec domainSpec = !s.trackedDisk() ? spec : spec.withDisk(trackedImage(hosts, true), true,
                    spec.append() + (spec.append().contains("handoff.root=") ? " handoff.rw=1" : ""));
            Files.writeString(xml, GuestDomain.xml(NAME, domainSpec, m == Experiment.Method.VIRSH_ZSTD ? ZSTD_QEMU_ARGS : List.of(),
                    s.trackedDisk() ? base.id() : null));
            hosts.virsh(true, "create", xml.toString());
            try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(true, GuestDomain.consoleSocket(NAME)), Duration.ofSeconds(30))) {
                console.awaitShell(Duration.ofSeconds(120));
                log.println("testbed: guest up in cloudlet A (libvirt); starting the workload");
                GuestWorkload.start(console, s.workload(), Duration.ofMinutes(10));
            }
            hosts.virsh(true, "migrate-setmaxdowntime", NAME, Integer.toString(s.downtimeLimitMs()));
            for (boolean inA : new boolean[] {true, false}) { // lifecycle events with libvirt's timestamps
                List<String> cmd = new ArrayList<>(List.of("virsh", "-c", hosts.uri(inA), "event", "--all", "--loop", "--timestamp"));
                watchers.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(events(inA).toFile()).start());
            }
            Thread.sleep(500); // the watchers are registered
            long bytesBefore = net.bytesOnLink();
            long startMillis = System.currentTimeMillis();
            log.println("testbed: migrating (" + s.method().name().toLowerCase().replace('_', '-') + ", " + s.bandwidth() + ")");
            String out = migrate(hosts, net, m);
            long wire = net.bytesOnLink() - bytesBefore;
            double resumed = eventMillis(false, "Resumed", startMillis);
            double suspended = eventMillis(true, "Suspended", startMillis);
            boolean verified;
            String verifyOutput;
            try (GuestConsole console = GuestConsole.connect(hosts.fromRoot(false, GuestDomain.consoleSocket(NAME)), Duration.ofSeconds(30))) {
                GuestConsole.Result v = GuestWorkload.verify(console, Duration.ofMinutes(3));
                verified = v.status() == 0;
                verifyOutput = v.output();
            } catch (IOException e) {
                verified = false;
                verifyOutput = e.getMessage();
            }
            ObjectNode r = Experiment.result(s, handoff, base == null ? null : base.id());
            r.put("total_s", (resumed - startMillis) / 1e3);
            r.put("downtime_s", (resumed - suspended) / 1e3);
            r.put("wire_bytes", wire);
            if (handoff) {
                r.put("modified_bytes", Experiment.fromDaemonLog(s.work().resolve("daemon-a.log"), Experiment.MODIFIED_STATE));
            }
            r.put("disk", s.trackedDisk() ? "tracked" : spec.disk() == null ? "none" : "shared read-only");
            if (s.trackedDisk()) { // the guest's disk changes in A, what the source daemon sent of them, where B keeps them
                Path overlayA = trackedImage(hosts, true).getParent().resolveSibling("overlay");
                r.put("disk_changed_bytes", DirtySets.sinceBase(overlayA).count() * 4096);
                r.put("disk_chunks_sent", Experiment.fromDaemonLog(s.work().resolve("daemon-a.log"), Experiment.DISK_SENT));
                r.put("disk_wire_bytes", Experiment.fromDaemonLog(s.work().resolve("daemon-a.log"), Experiment.DISK_WIRE));
                r.put("destination_disk", trackedImage(hosts, false).toString());
            }
            if (handoff && s.mode().equals("adaptive")) {
                r.set("mode_changes", Experiment.modeChanges(experiment.awaitTrace(Duration.ofSeconds(30))));
            }
            if (s.sourceDaemonCores() > 0) {
                r.put("source_daemon_cores", s.sourceDaemonCores());
            }
            r.put("migrate_output", out.strip());
            r.put("verified", verified);
            r.put("verify_output", verifyOutput);
            return r;
        } finally {
            for (Process w : watchers) {
                w.destroy();
            }
            for (Process d : daemons) {
                DaemonProcess.stop(d);
            }
        }
    }

    /** Where A's or B's hook keeps the guest's tracked disk image. */
    private static Path trackedImage(LibvirtHosts hosts, boolean inA) {
        return hosts.disks(inA).resolve(NAME).resolve("vda").resolve("mnt").resolve("disk.img");
    }

    private List<String> daemonArgs(LibvirtHosts hosts, boolean inA) {
        String own = inA ? TwoCloudlets.ADDRESS_A : TwoCloudlets.ADDRESS_B;
        String peer = inA ? TwoCloudlets.ADDRESS_B : TwoCloudlets.ADDRESS_A;
        List<String> args = new ArrayList<>(List.of("--listen", own + ":" + PEER_PORT,
                "--route", hosts.migrationPorts(!inA) + "=" + peer + ":" + PEER_PORT, "--libvirt", "qemu:///system",
                "--control", control(inA).toString(), "--mode", s.mode()));
        if (inA && s.mode().equals("adaptive")) {
            args.addAll(List.of("--trace-dir", experiment.traceDir().toString()));
        }
        return args;
    }

    private Path control(boolean inA) {
        return s.work().resolve(inA ? "control-a.sock" : "control-b.sock");
    }

    private Path events(boolean inA) {
        return s.work().resolve(inA ? "events-a.log" : "events-b.log");
    }

    /** Runs the migration command in cloudlet A and returns what it printed; throws if it failed. */
    private String migrate(LibvirtHosts hosts, TwoCloudlets net, Experiment.Method m) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(m == Experiment.Method.HANDOFF_MIGRATE ? hosts.in(true) : net.in(true));
        if (m == Experiment.Method.HANDOFF_MIGRATE) {
            cmd.addAll(Main.selfCommand());
            cmd.addAll(List.of("migrate", NAME, "--to", hosts.peerUri(false), "--control", control(true).toString()));
        } else {
            // the handoff: a loopback URI without a port (B's libvirt picks one of its ports, A's daemon routes it);
            // QEMU's own stream: to B's address on the link
            String at = m == Experiment.Method.VIRSH_HANDOFF ? "127.0.0.1" : TwoCloudlets.ADDRESS_B;
            cmd.addAll(List.of("virsh", "-c", hosts.uri(true), "migrate", "--live", "--unsafe", NAME, hosts.peerUri(false),
                    "--migrateuri", "tcp://" + at, "--listen-address", at));
            if (s.autoConverge()) {
                cmd.add("--auto-converge");
            }
            switch (m) {
                case VIRSH_XBZRLE -> cmd.addAll(List.of("--compressed", "--comp-methods", "xbzrle", "--comp-xbzrle-cache",
                        Long.toString(Experiment.XBZRLE_CACHE_BYTES)));
                case VIRSH_ZSTD -> cmd.addAll(List.of("--parallel", "--parallel-connections", Integer.toString(Experiment.MULTIFD_CHANNELS)));
                default -> { }
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(s.timeout().toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd.subList(cmd.indexOf(m == Experiment.Method.HANDOFF_MIGRATE ? "migrate" : "virsh"),
                    cmd.size())) + " failed: " + out.strip());
        }
        return out;
    }

    /** When cloudlet A's or B's libvirt saw the guest {@code what} ("Suspended", "Resumed") for the migration. */
    private double eventMillis(boolean inA, String what, long notBefore) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            for (String line : Files.readAllLines(events(inA))) {
                Matcher e = EVENT.matcher(line);
                if (e.find() && e.group(2).equals(what) && e.group(3).equals("Migrated")) {
                    long t = OffsetDateTime.parse(e.group(1), EVENT_TIME).toInstant().toEpochMilli();
                    if (t >= notBefore) {
                        return t;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no '" + what + " Migrated' event from cloudlet " + (inA ? "A" : "B") + "'s libvirt: "
                        + Files.readString(events(inA)).strip());
            }
            Thread.sleep(200);
        }
    }
}
