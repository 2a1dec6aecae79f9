package org.cloudlet.handoff.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.qemu.QmpClient;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One handoff experiment on the two-cloudlet testbed: a guest boots in cloudlet A, its workload starts, it moves
 * to cloudlet B over the shaped link — through the handoff daemons, or by QEMU's own migration as the peer — and
 * its workload verifies on B. Times come from QMP events read in this one process: total = migrate command →
 * destination RESUME, downtime = source STOP → destination RESUME; bytes are the link's own counters.
 */
public final class Experiment {
    /**
     * The handoff and QEMU's own migrations between two QEMUs the testbed starts and steers through QMP; and the
     * same through a libvirtd per cloudlet: {@code virsh migrate} through the handoff daemons or QEMU's own
     * stream, and {@code handoff migrate} ({@link LibvirtExperiment}).
     */
    public enum Method {
        HANDOFF, QEMU, QEMU_XBZRLE, QEMU_ZSTD, VIRSH_HANDOFF, HANDOFF_MIGRATE, VIRSH, VIRSH_XBZRLE, VIRSH_ZSTD;

        boolean throughLibvirt() {
            return ordinal() >= VIRSH_HANDOFF.ordinal();
        }
    }

    /**
     * {@code sourceDaemonArgs}: more options for the source cloudlet's handoff daemon (e.g. --segment-kib 512);
     * {@code rateChanges}: the link's rate changes at these times after the migration starts;
     * {@code sourceDaemonCores}: the source daemon runs on CPUs 0..N-1 only (0: on all).
     */
    public record Settings(Method method, String bandwidth, int rttMs, int guestMemMiB, Path workload, Path guest, Path work,
                           String mode, int downtimeLimitMs, boolean autoConverge, Duration timeout, Path baseStores,
                           boolean trackedDisk, List<String> sourceDaemonArgs, List<RateChange> rateChanges, int sourceDaemonCores,
                           String testbed) {
        /** The testbed a command line names when it names none. */
        public static final String DEFAULT_TESTBED = "hoff";

        public Settings(Method method, String bandwidth, int rttMs, int guestMemMiB, Path workload, Path guest, Path work,
                        String mode, int downtimeLimitMs, boolean autoConverge, Duration timeout, Path baseStores, boolean trackedDisk) {
            this(method, bandwidth, rttMs, guestMemMiB, workload, guest, work, mode, downtimeLimitMs, autoConverge, timeout,
                    baseStores, trackedDisk, List.of(), List.of(), 0, DEFAULT_TESTBED);
        }

        /** The same experiment on the testbed {@code name}: its own namespaces and lock, so it may run beside another. */
        public Settings onTestbed(String name) {
            return new Settings(method, bandwidth, rttMs, guestMemMiB, workload, guest, work, mode, downtimeLimitMs, autoConverge,
                    timeout, baseStores, trackedDisk, sourceDaemonArgs, rateChanges, sourceDaemonCores, name);
        }
    }

    /** The link's rate becomes {@code rate} {@code atSeconds} after the migration starts. */
    public record RateChange(double atSeconds, String rate) {
        /** Parses {@code 20s:35mbit,40s:5mbit}. */
        public static List<RateChange> parseList(String spec) {
            List<RateChange> out = new ArrayList<>();
            for (String part : spec.split(",")) {
                int colon = part.indexOf(':');
                if (colon <= 0 || !part.substring(0, colon).endsWith("s") || colon == part.length() - 1) {
                    throw new IllegalArgumentException("rate change '" + part + "' (expected e.g. 20s:35mbit)");
                }
                double at = Double.parseDouble(part.substring(0, colon - 1));
                if (at < 0 || (!out.isEmpty() && at <= out.get(out.size() - 1).atSeconds())) {
                    throw new IllegalArgumentException("rate change '" + part + "': times must be >= 0 and increasing");
                }
                out.add(new RateChange(at, part.substring(colon + 1)));
            }
            return out;
        }
    }

    private static final int PEER_PORT = 7070;
    private static final int SOURCE_QEMU_PORT = 4444;
    private static final int DEST_QEMU_PORT = 4445;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One channel per core of this machine (2): each compresses with zstd level 1, QEMU's default. */
    static final int MULTIFD_CHANNELS = 2;
    static final long XBZRLE_CACHE_BYTES = 64L << 20;
    /** The source daemon's completion line (SourceSession). */
    static final Pattern MODIFIED_STATE = Pattern.compile("modified state (\\d+) bytes");
    static final Pattern DISK_SENT = Pattern.compile(": (\\d+) chunks in \\d+ rounds");
    static final Pattern DISK_WIRE = Pattern.compile("disk (\\d+) bytes on the wire");

    private final Settings s;
    private final PrintStream log;

    public Experiment(Settings settings, PrintStream log) {
        this.s = settings;
        this.log = log;
    }

    public ObjectNode run() throws Exception {
        Files.createDirectories(s.work());
        if (s.method().throughLibvirt()) {
            return new LibvirtExperiment(s, this, log).run();
        }
        List<Process> daemons = new ArrayList<>();
        QemuVm.Spec spec = QemuVm.Spec.of(s.guest(), s.guestMemMiB());
        if (s.trackedDisk()) {
            if (s.method() != Method.HANDOFF || s.baseStores() == null) {
                throw new IOException("a tracked disk needs the handoff with a base (--method handoff --base auto): the stock "
                        + "peers would need shared storage, and each cloudlet's tracker runs over its copy of the base disk");
            }
            if (spec.disk() == null) { // the tiny guest: booted from its initramfs's files on an ext4 disk
                spec = spec.withDisk(TrackedDisks.rootDisk(s.guest()), false, spec.append() + " handoff.root=/dev/vda");
            }
        }
        StoredBase base = s.method() == Method.HANDOFF && s.baseStores() != null
                ? TestbedBases.ensure(s.baseStores(), spec, s.guest(), log) : null;
        TrackedDisks disks = null;
        if (s.trackedDisk()) {
            disks = TrackedDisks.start(s.work(), base.disk(), new BaseStore(s.baseStores().resolve("store-b")).byId(base.id()).disk(), log);
        }
        QemuVm.Spec sourceSpec = disks == null ? spec
                : spec.withDisk(disks.sourceImage(), true, spec.append() + (spec.append().contains("handoff.root=") ? " handoff.rw=1" : ""));
        QemuVm.Spec destSpec = disks == null ? spec : sourceSpec.withDisk(disks.destinationImage(), true, sourceSpec.append());
        try (TrackedDisks trackers = disks; TwoCloudlets net = TwoCloudlets.create(s.testbed(), s.bandwidth(), s.rttMs())) {
            if (s.method() == Method.HANDOFF) {
                List<String> b = new ArrayList<>(List.of("--listen", TwoCloudlets.ADDRESS_B + ":" + PEER_PORT,
                        "--control", s.work().resolve("control-b.sock").toString()));
                List<String> a = new ArrayList<>(List.of("--listen", TwoCloudlets.ADDRESS_A + ":" + PEER_PORT,
                        "--control", s.work().resolve("control-a.sock").toString(),
                        "--route", SOURCE_QEMU_PORT + "=" + TwoCloudlets.ADDRESS_B + ":" + PEER_PORT + "/" + DEST_QEMU_PORT,
                        "--mode", s.mode()));
                if (s.mode().equals("adaptive")) {
                    a.addAll(List.of("--trace-dir", traceDir().toString()));
                }
                // The source QEMU's second QMP monitor (it exists once the guest boots, before the handoff begins).
                a.addAll(List.of("--qmp", SOURCE_QEMU_PORT + "=" + QemuVm.secondQmpSocket(s.work().resolve("source"))));
                a.addAll(s.sourceDaemonArgs());
                if (base != null) {
                    b.addAll(List.of("--store", s.baseStores().resolve("store-b").toString()));
                    a.addAll(List.of("--store", s.baseStores().resolve("store-a").toString(), "--base", base.id()));
                }
                if (trackers != null) {
                    a.addAll(List.of("--disk-overlay", trackers.sourceOverlay().toString()));
                    b.addAll(List.of("--disk-image", trackers.destinationImage().toString()));
                }
                daemons.add(daemon(net.in(false), "b", b));
                daemons.add(daemon(net.in(true), "a", a));
            }
            try (QemuVm source = QemuVm.boot(sourceSpec.launchedWith(net.in(true)), s.work().resolve("source"));
                 GuestConsole console = source.console(Duration.ofSeconds(30))) {
                console.awaitShell(Duration.ofSeconds(120));
                log.println("testbed: guest up in cloudlet A; starting the workload");
                GuestWorkload.start(console, s.workload(), Duration.ofMinutes(10));
                String incoming = s.method() == Method.HANDOFF ? "tcp:127.0.0.1:" + DEST_QEMU_PORT
                        : "tcp:" + TwoCloudlets.ADDRESS_B + ":" + DEST_QEMU_PORT;
                // The destination waits on "defer" so that capabilities (which both sides must agree on) are set
                // before it listens.
                try (QemuVm dest = QemuVm.incoming(destSpec.launchedWith(net.in(false)), s.work().resolve("destination"), "defer")) {
                    QmpClient src = source.qmp();
                    src.execute("migrate-set-parameters", Map.of("downtime-limit", s.downtimeLimitMs()));
                    for (QmpClient q : List.of(src, dest.qmp())) { // MIGRATION events: the downtime's timeline
                        enable(q, "events");
                    }
                    if (s.autoConverge()) { // QEMU throttles the guest's vCPUs until the migration converges
                        enable(src, "auto-converge");
                    }
                    configureStock(src, dest.qmp());
                    dest.qmp().execute("migrate-incoming", Map.of("uri", incoming));
                    String uri = s.method() == Method.HANDOFF ? "tcp:127.0.0.1:" + SOURCE_QEMU_PORT
                            : "tcp:" + TwoCloudlets.ADDRESS_B + ":" + DEST_QEMU_PORT;
                    long bytesBefore = net.bytesOnLink();
                    long start = System.nanoTime();
                    log.println("testbed: migrating (" + s.method().name().toLowerCase() + ", " + s.bandwidth() + ")");
                    src.execute("migrate", Map.of("uri", uri));
                    java.util.concurrent.ScheduledExecutorService rates = scheduleRateChanges(net, start);
                    var done = src.awaitMigration(s.timeout(), "completed");
                    rates.shutdownNow();
                    QmpClient.Event resumed = dest.qmp().awaitEvent(e -> e.name().equals("RESUME"), Duration.ofSeconds(120));
                    QmpClient.Event stopped = src.awaitEvent(e -> e.name().equals("STOP"), Duration.ofSeconds(5));
                    long wire = net.bytesOnLink() - bytesBefore;
                    boolean verified;
                    String verifyOutput;
                    try (GuestConsole destConsole = dest.console(Duration.ofSeconds(30))) {
                        GuestConsole.Result v = GuestWorkload.verify(destConsole, Duration.ofMinutes(3));
                        verified = v.status() == 0;
                        verifyOutput = v.output();
                    } catch (IOException e) {
                        // A guest that stops answering after the move: keep what its console said for the report.
                        verified = false;
                        verifyOutput = e.getMessage() + "; destination console log: " + tail(dest.dir().resolve("serial.log"));
                    }
                    ObjectNode r = result(s, s.method() == Method.HANDOFF, base == null ? null : base.id());
                    r.put("total_s", (resumed.receivedNanos() - start) / 1e9);
                    r.put("downtime_s", (resumed.receivedNanos() - stopped.receivedNanos()) / 1e9);
                    r.put("wire_bytes", wire);
                    r.put("qemu_transferred_bytes", done.path("ram").path("transferred").asLong());
                    if (s.method() == Method.HANDOFF) {
                        r.put("modified_bytes", fromDaemonLog(s.work().resolve("daemon-a.log"), MODIFIED_STATE));
                    }
                    r.put("disk", trackers == null ? (spec.disk() == null ? "none" : "shared read-only") : "tracked");
                    if (trackers != null) { // the guest's disk changes in A, and what the source daemon sent of them
                        r.put("disk_changed_bytes", trackers.sourceChangedBytes());
                        r.put("disk_chunks_sent", fromDaemonLog(s.work().resolve("daemon-a.log"), DISK_SENT));
                        r.put("disk_wire_bytes", fromDaemonLog(s.work().resolve("daemon-a.log"), DISK_WIRE));
                    }
                    if (s.method() == Method.HANDOFF && s.mode().equals("adaptive")) {
                        r.set("mode_changes", modeChanges(awaitTrace(Duration.ofSeconds(30))));
                    }
                    if (!s.rateChanges().isEmpty()) {
                        var changes = r.putArray("rate_changes");
                        s.rateChanges().forEach(c -> changes.addObject().put("t_s", c.atSeconds()).put("rate", c.rate()));
                    }
                    if (s.sourceDaemonCores() > 0) {
                        r.put("source_daemon_cores", s.sourceDaemonCores());
                    }
                    r.set("timeline", timeline(start, src, dest.qmp()));
                    r.put("verified", verified);
                    r.put("verify_output", verifyOutput);
                    return r;
                }
            }
        } finally {
            for (Process d : daemons) {
                DaemonProcess.stop(d);
            }
        }
    }

    /** A result's first fields: what was run, and how (the handoff's mode and base: null, everything was sent). */
    static ObjectNode result(Settings s, boolean handoff, String baseId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("method", s.method().name().toLowerCase().replace('_', '-'));
        if (handoff) {
            r.put("mode", s.mode());
            r.put("base", baseId);
        }
        r.put("bandwidth", s.bandwidth() == null ? "unshaped" : s.bandwidth());
        r.put("rtt_ms", s.rttMs());
        r.put("guest_mem_mib", s.guestMemMiB());
        r.put("workload", s.workload().getFileName().toString());
        r.put("downtime_limit_ms", s.downtimeLimitMs());
        r.put("auto_converge", s.autoConverge());
        return r;
    }

    /** QEMU's own stream reductions for the stock peers; the handoff and plain precopy use none. */
    private void configureStock(QmpClient src, QmpClient dst) throws IOException {
        String capability = switch (s.method()) {
            case QEMU_XBZRLE -> "xbzrle";
            case QEMU_ZSTD -> "multifd";
            default -> null;
        };
        if (capability == null) {
            return;
        }
        for (QmpClient q : List.of(src, dst)) {
            enable(q, capability);
        }
        if (s.method() == Method.QEMU_XBZRLE) {
            // the cache holds pages sent before, to send only their xor-RLE delta when they are dirtied again
            src.execute("migrate-set-parameters", Map.of("xbzrle-cache-size", XBZRLE_CACHE_BYTES));
        } else {
            for (QmpClient q : List.of(src, dst)) {
                q.execute("migrate-set-parameters", Map.of("multifd-compression", "zstd",
                        "multifd-channels", MULTIFD_CHANNELS));
            }
        }
    }

    private static void enable(QmpClient q, String capability) throws IOException {
        q.execute("migrate-set-capabilities", Map.of("capabilities", List.of(Map.of("capability", capability, "state", true))));
    }

    /** Both sides' STOP, RESUME and MIGRATION status events, in seconds since the migrate command. */
    private static ArrayNode timeline(long start, QmpClient src, QmpClient dst) {
        List<Object[]> all = new ArrayList<>();
        for (QmpClient q : List.of(src, dst)) {
            for (QmpClient.Event e : q.events()) {
                if (e.receivedNanos() >= start && List.of("STOP", "RESUME", "MIGRATION").contains(e.name())) {
                    String what = e.name().equals("MIGRATION") ? e.data().path("status").asText() : e.name();
                    all.add(new Object[]{e.receivedNanos(), (q == src ? "source " : "destination ") + what});
                }
            }
        }
        all.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        ArrayNode t = JSON.createArrayNode();
        for (Object[] e : all) {
            t.addObject().put("t_s", Math.round(((Long) e[0] - start) / 1e6) / 1e3).put("event", (String) e[1]);
        }
        return t;
    }

    /**
     * A number from the source daemon's log (its completion lines: the modified state, pages neither zero nor as in
     * the base; the disk chunks sent over all rounds), or -1. The line may trail the destination's resume a little.
     */
    static long fromDaemonLog(Path daemonLog, Pattern pattern) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try {
                Matcher m = pattern.matcher(Files.readString(daemonLog));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            } catch (IOException ignored) {
                // not written yet
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static String tail(Path file) {
        try {
            String t = Files.readString(file);
            return t.length() <= 2000 ? t : t.substring(t.length() - 2000);
        } catch (IOException e) {
            return "(none)";
        }
    }

    /** Starts a handoff daemon in a cloudlet, from this same build, and waits until it listens. */
    /** Changes the link's rate on schedule, from the migration's start; a failed change is logged, the run goes on. */
    private java.util.concurrent.ScheduledExecutorService scheduleRateChanges(TwoCloudlets net, long startNanos) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "testbed-rate-changes");
            t.setDaemon(true);
            return t;
        });
        for (RateChange c : s.rateChanges()) {
            long delay = startNanos + (long) (c.atSeconds() * 1e9) - System.nanoTime();
            timer.schedule(() -> {
                try {
                    net.setRate(c.rate());
                    log.println("testbed: link rate now " + c.rate());
                } catch (IOException e) {
                    log.println("testbed: could not change the link rate to " + c.rate() + ": " + e.getMessage());
                }
            }, Math.max(0, delay), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return timer;
    }

    private Process daemon(List<String> in, String name, List<String> args) throws IOException {
        List<String> prefix = new ArrayList<>(in);
        if (name.equals("a") && s.sourceDaemonCores() > 0) { // the source cloudlet's handoff gets only these CPUs
            prefix.addAll(List.of("taskset", "-c", "0-" + (s.sourceDaemonCores() - 1)));
        }
        return DaemonProcess.start(prefix, args, s.work().resolve("daemon-" + name + ".log"));
    }

    /** Where the source daemon writes the adaptation's trace. */
    public Path traceDir() {
        return s.work().resolve("trace");
    }

    /**
     * The adaptation trace of this experiment's handoff: the source daemon writes it when its session ends, which
     * is just after the destination resumed.
     */
    public Path awaitTrace(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.isDirectory(traceDir())) {
                try (var files = Files.list(traceDir())) {
                    var found = files.filter(f -> f.getFileName().toString().matches("handoff-\\d+\\.json")).sorted().reduce((x, y) -> y);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new IOException("the source daemon wrote no adaptation trace to " + traceDir() + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** The decisions that changed the mode, as {t_s, mode}, after the mode it started in. */
    static com.fasterxml.jackson.databind.node.ArrayNode modeChanges(Path trace) throws IOException {
        var root = JSON.readTree(trace.toFile());
        var out = JSON.createArrayNode();
        out.addObject().put("t_s", 0.0).put("mode", root.path("initial_mode").asText());
        for (var d : root.path("decisions")) {
            if (d.path("changed").asBoolean()) {
                out.addObject().put("t_s", d.path("t_s").asDouble()).put("mode", d.path("mode").asText());
            }
        }
        return out;
    }
}
