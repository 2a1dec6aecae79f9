package org.cloudlet.handoff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.testbed.Experiment;
import org.cloudlet.handoff.testbed.TwoCloudlets;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

final class TestbedCommand implements Command {
    @Override
    public String name() {
        return "testbed";
    }

    @Override
    public String summary() {
        return "run one handoff experiment on the built-in two-cloudlet testbed (root; see testbed/bench)";
    }

    @Override
    public String synopsis() {
        return "--guest DIR --workload FILE [--method handoff|qemu|qemu-xbzrle|qemu-zstd|virsh-handoff|handoff-migrate|virsh|virsh-xbzrle|virsh-zstd] [--bandwidth RATE] [--rtt MS] [--guest-mem MIB] "
                + "[--mode adaptive|MODE] [--trace FILE] [--bandwidth-changes 20s:35mbit,…] [--source-daemon-cores N] [--base auto|none] [--base-stores DIR] [--disk shared|tracked] [--downtime-limit-ms MS] [--auto-converge] [--timeout-s S] [--testbed NAME] [--work DIR] [--json OUT]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("guest").hasArg().argName("DIR").required().desc("guest kernel + initramfs directory (testbed/guest/build-tiny.sh)").get())
                .addOption(Option.builder().longOpt("workload").hasArg().argName("FILE").required().desc("POSIX sh script run in the guest as 'sh FILE start' before and 'sh FILE verify' after the handoff").get())
                .addOption(Option.builder().longOpt("method").hasArg().argName("M").desc("handoff (default); the stock peers: qemu (plain precopy), qemu-xbzrle, qemu-zstd (multifd + zstd); "
                        + "through a libvirtd per cloudlet: virsh-handoff (virsh migrate through the daemons), handoff-migrate, "
                        + "virsh, virsh-xbzrle, virsh-zstd (virsh migrate with QEMU's own stream)").get())
                .addOption(Option.builder().longOpt("bandwidth").hasArg().argName("RATE").desc("link rate as tc writes it, e.g. 10mbit (default 10mbit; 'none' for unshaped)").get())
                .addOption(Option.builder().longOpt("rtt").hasArg().argName("MS").desc("round-trip time the link adds, e.g. 50ms (default 0)").get())
                .addOption(Option.builder().longOpt("guest-mem").hasArg().argName("MIB").desc("guest memory (default 256)").get())
                .addOption(Option.builder().longOpt("mode").hasArg().argName("MODE").desc("handoff operating mode: 'adaptive' (default) or a fixed mode such as xor+zstd-1").get())
                .addOption(Option.builder().longOpt("source-daemon-arg").hasArgs().argName("ARG")
                        .desc("one more argument for the source cloudlet's handoff daemon, e.g. --source-daemon-arg=--segment-kib=512 (repeatable)").get())
                .addOption(Option.builder().longOpt("bandwidth-changes").hasArg().argName("LIST")
                        .desc("change the link's rate during the migration, e.g. 20s:35mbit,40s:5mbit (seconds after it starts)").get())
                .addOption(Option.builder().longOpt("source-daemon-cores").hasArg().argName("N")
                        .desc("run the source cloudlet's handoff daemon on CPUs 0..N-1 only (default: all)").get())
                .addOption(Option.builder().longOpt("trace").hasArg().argName("FILE")
                        .desc("write the adaptation's samples and decisions (JSON) to FILE").get())
                .addOption(Option.builder().longOpt("base").hasArg().argName("auto|none")
                        .desc("handoff: auto (default) records the guest's base VM once in cloudlet A's store and imports it in B's; "
                                + "none hands off without a shared base").get())
                .addOption(Option.builder().longOpt("base-stores").hasArg().argName("DIR")
                        .desc("where the two cloudlets' base stores live (default /var/tmp/cloudlet-handoff/testbed)").get())
                .addOption(Option.builder().longOpt("disk").hasArg().argName("shared|tracked")
                        .desc("the guest's disk: shared (default: read-only in both cloudlets, changes kept in memory) or tracked "
                                + "(a fuse-tracker mount over each cloudlet's copy of the base disk, its changes carried by the handoff; "
                                + "the tiny guest boots from a 96 MiB ext4 root disk holding its initramfs's files)").get())
                .addOption(Option.builder().longOpt("downtime-limit-ms").hasArg().argName("MS").desc("QEMU's downtime-limit, for every method (default 300, QEMU's own)").get())
                .addOption(Option.builder().longOpt("auto-converge").desc("let QEMU throttle the guest until the migration converges (every method)").get())
                .addOption(Option.builder().longOpt("timeout-s").hasArg().argName("S").desc("give up on a migration after S seconds (default 1800)").get())
                .addOption(Option.builder().longOpt("testbed").hasArg().argName("NAME").desc("the testbed's name: its namespaces "
                        + "are NAME-a, NAME-b and NAME-m; experiments on different names may run at once (default "
                        + Experiment.Settings.DEFAULT_TESTBED + ")").get())
                .addOption(Option.builder().longOpt("work").hasArg().argName("DIR").desc("logs and sockets (default: a new directory under /var/tmp)").get())
                .addOption(Option.builder().longOpt("json").hasArg().argName("OUT").desc("write the result as JSON").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    private static Path baseStores(CommandLine line) throws UsageException {
        String b = line.getOptionValue("base", "auto");
        if (!b.equals("auto") && !b.equals("none")) {
            throw new UsageException("--base " + b + ": expected auto or none");
        }
        return b.equals("none") ? null : Path.of(line.getOptionValue("base-stores", "/var/tmp/cloudlet-handoff/testbed"));
    }

    private static boolean trackedDisk(CommandLine line) throws UsageException {
        String d = line.getOptionValue("disk", "shared");
        if (!d.equals("shared") && !d.equals("tracked")) {
            throw new UsageException("--disk " + d + ": expected shared or tracked");
        }
        return d.equals("tracked");
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Experiment.Method method;
        String m = line.getOptionValue("method", "handoff");
        try {
            method = Experiment.Method.valueOf(m.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--method " + m + ": expected handoff, qemu, qemu-xbzrle, qemu-zstd, or through libvirt "
                    + "virsh-handoff, handoff-migrate, virsh, virsh-xbzrle, virsh-zstd");
        }
        String mode = line.getOptionValue("mode", "adaptive");
        try {
            if (!mode.equals("adaptive")) {
                Mode.parse(mode);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode: " + e.getMessage() + " (or 'adaptive')");
        }
        Path traceOut = Args.outputFile(line, "trace");
        if (traceOut != null && !mode.equals("adaptive")) {
            throw new UsageException("--trace records the adaptation: it needs --mode adaptive (the default), not " + mode);
        }
        String testbed = line.getOptionValue("testbed", Experiment.Settings.DEFAULT_TESTBED);
        try {
            TwoCloudlets.checkName(testbed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--testbed: " + e.getMessage());
        }
        String bw = line.getOptionValue("bandwidth", "10mbit");
        Path work = line.hasOption("work") ? Path.of(line.getOptionValue("work"))
                : Files.createTempDirectory(Path.of("/var/tmp"), "handoff-testbed-");
        String rtt = line.getOptionValue("rtt", "0");
        int rttMs;
        try {
            rttMs = Integer.parseInt(rtt.endsWith("ms") ? rtt.substring(0, rtt.length() - 2) : rtt);
        } catch (NumberFormatException e) {
            throw new UsageException("--rtt " + rtt + ": expected milliseconds, e.g. 50ms");
        }
        if (rttMs < 0 || rttMs > 10_000) {
            throw new UsageException("--rtt " + rtt + ": expected 0 to 10000 ms");
        }
        Experiment.Settings s = new Experiment.Settings(method, bw.equals("none") ? null : bw, rttMs,
                Args.intValue(line, "guest-mem", 256, 64, 65536), Args.existingFile(line, "workload"),
                Path.of(line.getOptionValue("guest")), work, mode,
                Args.intValue(line, "downtime-limit-ms", 300, 1, 600_000), line.hasOption("auto-converge"),
                Duration.ofSeconds(Args.intValue(line, "timeout-s", 1800, 10, 86_400)), baseStores(line), trackedDisk(line),
                line.hasOption("source-daemon-arg") ? List.of(line.getOptionValues("source-daemon-arg")) : List.of(),
                rateChanges(line, bw), Args.intValue(line, "source-daemon-cores", 0, 0, Runtime.getRuntime().availableProcessors()),
                testbed);
        Experiment experiment = new Experiment(s, out);
        ObjectNode r = experiment.run();
        if (traceOut != null && s.method() == Experiment.Method.HANDOFF) {
            Files.copy(experiment.awaitTrace(java.time.Duration.ofSeconds(30)), traceOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r);
        out.println(json);
        Path to = Args.outputFile(line, "json");
        if (to != null) {
            Files.writeString(to, json + "\n");
        }
        return r.path("verified").asBoolean() ? 0 : 1;
    }

    private static List<Experiment.RateChange> rateChanges(CommandLine line, String bandwidth) throws UsageException {
        if (!line.hasOption("bandwidth-changes")) {
            return List.of();
        }
        if (bandwidth.equals("none")) {
            throw new UsageException("--bandwidth-changes needs a shaped link (--bandwidth RATE)");
        }
        try {
            return Experiment.RateChange.parseList(line.getOptionValue("bandwidth-changes"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--bandwidth-changes: " + e.getMessage());
        }
    }
}
