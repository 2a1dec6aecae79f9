package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.profile.DirtySet;
import org.cloudlet.handoff.profile.ModeProfiler;
import org.cloudlet.handoff.profile.ProfileRun;
import org.cloudlet.handoff.profile.ProfileTable;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

final class ProfileCommand implements Command {
    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String summary() {
        return "measure P (CPU per chunk) and R (out/in) of operating modes on the chunks that differ from a base";
    }

    @Override
    public String synopsis() {
        return "--base-disk B --disk D [--base-memory BM --memory M] [--modes all|LIST] [--threads 1,2] [--sample-mb N] [--warmup N] [--repeat N] [--csv F] [--markdown F]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("base-disk").hasArg().argName("B").required().desc("base disk image (raw)").get())
                .addOption(Option.builder().longOpt("disk").hasArg().argName("D").required().desc("modified disk image (raw)").get())
                .addOption(Option.builder().longOpt("base-memory").hasArg().argName("BM").desc("base memory image (flat)").get())
                .addOption(Option.builder().longOpt("memory").hasArg().argName("M").desc("modified memory image (flat)").get())
                .addOption(Option.builder().longOpt("modes").hasArg().argName("LIST").desc("comma-separated mode names, or 'all' (default: all)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("LIST").desc("worker counts to measure, comma-separated (default: 1,2)").get())
                .addOption(Option.builder().longOpt("sample-mb").hasArg().argName("N").desc("profile an evenly spread sample of at most N MB of modified chunks (default 64)").get())
                .addOption(Option.builder().longOpt("warmup").hasArg().argName("N").desc("unmeasured runs before each mode's measured ones, so JIT compilation and garbage collection of the previous mode cost it nothing (default 1)").get())
                .addOption(Option.builder().longOpt("repeat").hasArg().argName("N").desc("runs per mode; the fastest encode and the fastest decode are kept (default 1)").get())
                .addOption(Option.builder().longOpt("csv").hasArg().argName("FILE").desc("write the profile as CSV").get())
                .addOption(Option.builder().longOpt("markdown").hasArg().argName("FILE").desc("write the profile as a Markdown table").get())
                .addOption(Option.builder().longOpt("dump-dirty").hasArg().argName("FILE").desc("also write the sampled modified chunks back to back (for comparing with a plain compressor)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path baseDisk = Args.existingFile(line, "base-disk");
        Path disk = Args.existingFile(line, "disk");
        Path baseMemory = Args.existingFile(line, "base-memory");
        Path memory = Args.existingFile(line, "memory");
        if (memory != null && baseMemory == null) {
            throw new UsageException("--memory needs --base-memory");
        }
        List<Mode> modes = ProfileOptions.modes(line);
        List<Integer> threads = ProfileOptions.threads(line, "1,2");
        int sampleMb = Args.intValue(line, "sample-mb", 64, 1, 1 << 20);
        int repeat = Args.intValue(line, "repeat", 1, 1, 100);
        int warmup = Args.intValue(line, "warmup", 1, 0, 100);
        Path csv = Args.outputFile(line, "csv");
        Path md = Args.outputFile(line, "markdown");
        Path dump = Args.outputFile(line, "dump-dirty");

        try (Base base = Base.open(baseDisk, baseMemory, Args.defaultThreads())) {
            DirtySet dirty = DirtySet.load(base, disk, memory, sampleMb * 1_000_000L, 1);
            out.printf(Locale.ROOT, "profiling %d modified chunks (%,d bytes) in %d modes x threads %s%n", dirty.size(), dirty.bytes(), modes.size(), threads);
            if (dump != null) {
                Files.write(dump, dirty.concatenated());
            }
            try (BufferedWriter csvOut = csv == null ? null : Files.newBufferedWriter(csv);
                 BufferedWriter mdOut = md == null ? null : Files.newBufferedWriter(md)) {
                if (csvOut != null) {
                    csvOut.write(ProfileTable.csvHeader());
                }
                if (mdOut != null) {
                    mdOut.write(ProfileTable.markdownHeader());
                }
                out.print(ProfileTable.markdownHeader());
                ModeProfiler profiler = new ModeProfiler(base, dirty);
                ProfileRun.run(profiler, modes, threads, warmup, repeat, best -> {
                    out.print(ProfileTable.markdownRow(best));
                    if (csvOut != null) {
                        csvOut.write(ProfileTable.csvRow(best));
                        csvOut.flush();
                    }
                    if (mdOut != null) {
                        mdOut.write(ProfileTable.markdownRow(best));
                        mdOut.flush();
                    }
                });
            }
        }
        return 0;
    }
}
