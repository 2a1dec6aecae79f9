package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.profile.ProfileTable;
import org.cloudlet.handoff.testbed.ReferenceProfile;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** {@code handoff profile build}: an adaptation profile measured on a reference workload in a testbed guest. */
final class ProfileBuildCommand implements Command {
    @Override
    public String name() {
        return "profile build";
    }

    @Override
    public String summary() {
        return "run a reference workload in a guest and measure every mode's P and R on its memory: an adaptation profile";
    }

    @Override
    public String synopsis() {
        return "--workload FILE [--guest DIR] [--guest-mem MIB] [--settle-s S] [--modes all|LIST] [--threads 1] "
                + "[--sample-mb N] [--base-stores DIR] [--work DIR] -o PROFILE.csv [--markdown FILE]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("workload").hasArg().argName("FILE").required()
                        .desc("POSIX sh workload run in the guest as 'sh FILE start' (e.g. testbed/workloads/reference-tools.sh)").get())
                .addOption(Option.builder().longOpt("guest").hasArg().argName("DIR")
                        .desc("a built testbed guest (default /var/tmp/cloudlet-handoff/guests/debian: testbed/guest/build-debian.sh)").get())
                .addOption(Option.builder().longOpt("guest-mem").hasArg().argName("MIB").desc("guest memory (default 1024)").get())
                .addOption(Option.builder().longOpt("settle-s").hasArg().argName("S").desc("seconds the workload runs before its memory is taken (default 30)").get())
                .addOption(Option.builder().longOpt("modes").hasArg().argName("LIST").desc("comma-separated modes, or 'all' (default)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("LIST").desc("worker counts (default 1: what the controller scales)").get())
                .addOption(Option.builder().longOpt("sample-mb").hasArg().argName("N").desc("profile a sample of at most N MB of the modified pages (default 32)").get())
                .addOption(Option.builder().longOpt("base-stores").hasArg().argName("DIR").desc("where the guest's base VM is kept (default /var/tmp/cloudlet-handoff/testbed)").get())
                .addOption(Option.builder().longOpt("work").hasArg().argName("DIR").desc("scratch directory (default: a new one under /var/tmp)").get())
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("CSV").required().desc("the profile (the daemon's --profile)").get())
                .addOption(Option.builder().longOpt("markdown").hasArg().argName("FILE").desc("also write the profile as a Markdown table").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path workload = Args.existingFile(line, "workload");
        Path guest = Path.of(line.getOptionValue("guest", "/var/tmp/cloudlet-handoff/guests/debian"));
        if (!Files.isRegularFile(guest.resolve("vmlinuz"))) {
            throw new UsageException("--guest " + guest + ": not a built testbed guest (no vmlinuz; build one with "
                    + "testbed/guest/build-debian.sh or build-tiny.sh)");
        }
        List<Mode> modes = ProfileOptions.modes(line);
        List<Integer> threads = ProfileOptions.threads(line, "1");
        Path csv = Args.outputFile(line, "output");
        Path md = Args.outputFile(line, "markdown");
        Path work = line.hasOption("work") ? Path.of(line.getOptionValue("work"))
                : Files.createTempDirectory(Path.of("/var/tmp"), "handoff-profile-");
        ReferenceProfile.Settings s = new ReferenceProfile.Settings(guest, Args.intValue(line, "guest-mem", 1024, 64, 65536), workload,
                Duration.ofSeconds(Args.intValue(line, "settle-s", 30, 0, 3600)),
                Path.of(line.getOptionValue("base-stores", "/var/tmp/cloudlet-handoff/testbed")), work, modes, threads,
                Args.intValue(line, "sample-mb", 32, 1, 1 << 20) * 1_000_000L, 1, 1);
        Path tmp = csv.toAbsolutePath().resolveSibling(csv.getFileName() + ".partial");
        try (BufferedWriter csvOut = Files.newBufferedWriter(tmp); BufferedWriter mdOut = md == null ? null : Files.newBufferedWriter(md)) {
            csvOut.write(ProfileTable.csvHeader());
            if (mdOut != null) {
                mdOut.write(ProfileTable.markdownHeader());
            }
            out.print(ProfileTable.markdownHeader());
            ReferenceProfile.build(s, out, p -> {
                out.print(ProfileTable.markdownRow(p));
                csvOut.write(ProfileTable.csvRow(p));
                if (mdOut != null) {
                    mdOut.write(ProfileTable.markdownRow(p));
                }
            });
        } catch (Exception e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("profile: " + csv + " (" + modes.size() + " modes; the daemon takes it with --profile)");
        return 0;
    }
}
