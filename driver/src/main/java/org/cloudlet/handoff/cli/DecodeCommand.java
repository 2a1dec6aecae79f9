package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.rebuild.DecodeResult;
import org.cloudlet.handoff.rebuild.StreamDecoder;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

final class DecodeCommand implements Command {
    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "rebuild disk (and memory) images from a handoff stream file and its base";
    }

    @Override
    public String synopsis() {
        return "--base-disk B [--base-memory BM] -i IN --disk-out D2 [--memory-out M2]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("base-disk").hasArg().argName("B").required().desc("base disk image (raw)").get())
                .addOption(Option.builder().longOpt("base-memory").hasArg().argName("BM").desc("base memory image (flat)").get())
                .addOption(Option.builder("i").longOpt("input").hasArg().argName("IN").required().desc("stream file to read").get())
                .addOption(Option.builder().longOpt("disk-out").hasArg().argName("D2").required().desc("where to write the rebuilt disk image").get())
                .addOption(Option.builder().longOpt("memory-out").hasArg().argName("M2").desc("where to write the rebuilt memory image").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("threads for indexing the base (default: cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path baseDisk = Args.existingFile(line, "base-disk");
        Path baseMemory = Args.existingFile(line, "base-memory");
        Path input = Args.existingFile(line, "input");
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put(Base.DISK, Args.outputFile(line, "disk-out"));
        Path memoryOut = Args.outputFile(line, "memory-out");
        if (memoryOut != null) {
            outputs.put(Base.MEMORY, memoryOut);
        }
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        long start = System.nanoTime();
        DecodeResult r;
        try (Base base = Base.open(baseDisk, baseMemory, threads);
             InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
            r = new StreamDecoder(base, outputs).decode(in);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        StringBuilder items = new StringBuilder();
        for (ItemKind k : ItemKind.values()) {
            if (k != ItemKind.OPAQUE || r.items().getOrDefault(k, 0L) > 0) {
                items.append(' ').append(k.label()).append('=').append(r.items().getOrDefault(k, 0L));
            }
        }
        out.printf(Locale.ROOT, "stream          %,d bytes, %d segments%n", r.streamBytes(), r.segments());
        out.printf(Locale.ROOT, "rebuilt         %,d bytes of modified chunks, every chunk SHA-256 verified%n", r.rebuiltBytes());
        out.printf(Locale.ROOT, "items          %s%n", items);
        out.printf(Locale.ROOT, "wall time       %.3f s%n", secs);
        outputs.forEach((name, p) -> out.printf(Locale.ROOT, "wrote           %s (%s)%n", p, name));
        return 0;
    }
}
